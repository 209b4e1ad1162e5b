package function

import (
	"math"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func int64s(mem memory.Allocator, vals []int64, valid []bool) arrow.Array {
	b := array.NewInt64Builder(mem)
	defer b.Release()
	b.AppendValues(vals, valid)
	return b.NewArray()
}

func call(t *testing.T, ec *EvalContext, name string, argTypes []types.DataType, args ...Datum) (arrow.Array, error) {
	t.Helper()
	f, ok := Builtins().Scalar(name)
	if !ok {
		t.Fatalf("no function %s", name)
	}
	b, err := f.Bind(argTypes, ec.ANSI)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range args {
		if a.Array != nil {
			n = a.Array.Len()
		}
	}
	return b.Kernel(ec, args, n)
}

func TestInt64Arithmetic(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	long := []types.DataType{types.Long, types.Long}
	tests := []struct {
		name string
		op   string
		x, y []int64
		ok   []bool
		ansi bool
		want string
		err  string
	}{
		{"add", "+", []int64{1, 2, 3}, []int64{10, 20, 30}, nil, true, "[11 22 33]", ""},
		{"nulls", "*", []int64{2, 0, 3}, []int64{5, 5, 5}, []bool{true, false, true}, true, "[10 (null) 15]", ""},
		{"ansi overflow", "+", []int64{math.MaxInt64}, []int64{1}, nil, true, "", "ARITHMETIC_OVERFLOW"},
		{"legacy wraps", "+", []int64{math.MaxInt64}, []int64{1}, nil, false, "[-9223372036854775808]", ""},
		{"ansi mod zero", "%", []int64{7}, []int64{0}, nil, true, "", "REMAINDER_BY_ZERO"},
		{"legacy mod zero", "%", []int64{7, 7}, []int64{0, 3}, nil, false, "[(null) 1]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ec := &EvalContext{Mem: mem, ANSI: tt.ansi}
			x, y := int64s(mem, tt.x, tt.ok), int64s(mem, tt.y, nil)
			defer x.Release()
			defer y.Release()
			for _, args := range [][]Datum{{{Array: x}, {Array: y}}} {
				out, err := call(t, ec, tt.op, long, args...)
				if tt.err != "" {
					if !sqlerr.HasClass(err, tt.err) {
						t.Fatalf("err = %v, want %s", err, tt.err)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if got := out.String(); got != tt.want {
					t.Fatalf("got %s want %s", got, tt.want)
				}
				out.Release()
			}
		})
	}
}

// TestFastPathMatchesGeneric checks the typed bigint comparison against the generic
// kernel on columns with nulls and a constant operand.
func TestFastPathMatchesGeneric(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ec := &EvalContext{Mem: mem, ANSI: true}
	x := int64s(mem, []int64{1, 5, 7, 9}, []bool{true, true, false, true})
	defer x.Release()
	c := Datum{Scalar: &Scalar{Type: types.Long, Value: int64(5)}}
	fast, err := call(t, ec, ">=", []types.DataType{types.Long, types.Long}, Datum{Array: x}, c)
	if err != nil {
		t.Fatal(err)
	}
	defer fast.Release()
	cx, err := Materialize(ec, c, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer cx.Release()
	slow, err := compareKernel(func(c int) bool { return c >= 0 }, true)(ec, []Datum{{Array: x}, {Array: cx}}, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Release()
	if fast.String() != "[false true (null) true]" || slow.(*array.Boolean).Value(3) != true {
		t.Fatalf("fast %s slow %s", fast, slow)
	}
}

func TestDecimalArithmetic(t *testing.T) {
	d := func(p, s int32) types.DataType { return types.DecimalType{Precision: p, Scale: s} }
	f, _ := Builtins().Scalar("/")
	b, err := f.Bind([]types.DataType{d(10, 2), d(1, 0)}, true)
	if err != nil {
		t.Fatal(err)
	}
	// Spark 4.2: CAST(3 AS DECIMAL(10,2)) / 4 is DECIMAL(14,6) 0.750000.
	if b.Result.String() != "decimal(14,6)" {
		t.Fatalf("result type %s", b.Result)
	}
}

func TestJavaFloat(t *testing.T) {
	for v, want := range map[float64]string{1: "1.0", 1e10: "1.0E10", 0.001: "0.001", 1e-4: "1.0E-4", 123456.789: "123456.789", -0.25: "-0.25", math.NaN(): "NaN"} {
		if got := JavaFloat(v, 64); got != want {
			t.Errorf("%v: got %s want %s", v, got, want)
		}
	}
}
