package function

import (
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func registerBitwise(r *Registry) {
	for _, op := range []struct {
		sym string
		f   func(a, b int64) int64
	}{
		{"&", func(a, b int64) int64 { return a & b }},
		{"|", func(a, b int64) int64 { return a | b }},
		{"^", func(a, b int64) int64 { return a ^ b }},
	} {
		r.AddScalar(&ScalarFunc{Name: op.sym, Infix: op.sym, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
			t, err := numericOperands(args, ansi)
			if err != nil {
				return nil, err
			}
			if !types.IsIntegral(t) {
				return nil, sqlerr.New("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", "sqlExpr", "", "left", typeSQL(args[0]), "right", typeSQL(args[1]))
			}
			return &Bound{ArgTypes: []types.DataType{t, t}, Result: t, NullIntolerant: true, Kernel: rowKernel(t, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				appendInt(b, wrap(op.f(intAt(a[0], i), intAt(a[1], i)), t))
				return nil
			})}, nil
		}})
	}
	r.AddScalar(&ScalarFunc{Name: "~", Display: func(a []string) string { return "~" + a[0] }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("~", args, 1); err != nil {
			return nil, err
		}
		t := args[0]
		if t == types.Null {
			t = types.Integer
		}
		if !types.IsIntegral(t) {
			return nil, typeMismatchNamed(0, `"INTEGRAL"`, t)
		}
		return &Bound{ArgTypes: []types.DataType{t}, Result: t, NullIntolerant: true, Kernel: rowKernel(t, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			appendInt(b, ^intAt(a[0], i))
			return nil
		})}, nil
	}})
	for _, s := range []struct {
		name string
		f32  func(v int32, n uint) int32
		f64  func(v int64, n uint) int64
	}{
		{"shiftleft", func(v int32, n uint) int32 { return v << (n & 31) }, func(v int64, n uint) int64 { return v << (n & 63) }},
		{"shiftright", func(v int32, n uint) int32 { return v >> (n & 31) }, func(v int64, n uint) int64 { return v >> (n & 63) }},
		{"shiftrightunsigned", func(v int32, n uint) int32 { return int32(uint32(v) >> (n & 31)) }, func(v int64, n uint) int64 { return int64(uint64(v) >> (n & 63)) }},
	} {
		r.AddScalar(&ScalarFunc{Name: s.name, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
			if err := argCount(s.name, args, 2); err != nil {
				return nil, err
			}
			t := types.DataType(tInt)
			switch {
			case args[0] == types.Long:
				t = tLong
			case !implicitCast(args[0], tInt, ansi):
				return nil, typeMismatchNamed(0, `("INT" or "BIGINT")`, args[0])
			}
			if !implicitCast(args[1], tInt, ansi) {
				return nil, typeMismatch(1, tInt, args[1])
			}
			return &Bound{ArgTypes: []types.DataType{t, tInt}, Result: t, NullIntolerant: true, Kernel: rowKernel(t, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				n := uint(intAt(a[1], i))
				if t == tLong {
					b.(*array.Int64Builder).Append(s.f64(intAt(a[0], i), n))
				} else {
					b.(*array.Int32Builder).Append(s.f32(int32(intAt(a[0], i)), n))
				}
				return nil
			})}, nil
		}})
	}
	r.AddScalar(&ScalarFunc{Name: "bit_count", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("bit_count", args, 1); err != nil {
			return nil, err
		}
		t := args[0]
		if t == types.Null {
			t = types.Integer
		}
		if !types.IsIntegral(t) && t != types.Boolean {
			return nil, typeMismatchNamed(0, `("INTEGRAL" or "BOOLEAN")`, t)
		}
		return &Bound{ArgTypes: []types.DataType{t}, Result: tInt, NullIntolerant: true, Kernel: rowKernel(tInt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			var c int
			if bl, ok := a[0].(*array.Boolean); ok {
				if bl.Value(i) {
					c = 1
				}
			} else {
				// Spark counts the bits of the value widened to a long.
				c = bits.OnesCount64(uint64(intAt(a[0], i)))
			}
			b.(*array.Int32Builder).Append(int32(c))
			return nil
		})}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "bit_get", Bind: bitGet("bit_get")}, "getbit")
}

func bitGet(name string) func(args []types.DataType, ansi bool) (*Bound, error) {
	return func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount(name, args, 2); err != nil {
			return nil, err
		}
		t := args[0]
		if t == types.Null {
			t = types.Integer
		}
		if !types.IsIntegral(t) {
			return nil, typeMismatchNamed(0, `"INTEGRAL"`, t)
		}
		if !implicitCast(args[1], tInt, ansi) {
			return nil, typeMismatch(1, tInt, args[1])
		}
		size := map[types.DataType]int64{types.Byte: 8, types.Short: 16, types.Integer: 32, types.Long: 64}[t]
		return &Bound{ArgTypes: []types.DataType{t, tInt}, Result: types.Byte, NullIntolerant: true, Kernel: rowKernel(types.Byte, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			pos := intAt(a[1], i)
			if pos < 0 || pos >= size {
				return sparkError("INVALID_PARAMETER_VALUE.BIT_POSITION_RANGE", "parameter", "`pos`", "functionName", "`"+name+"`", "upper", itoa64(size), "invalidValue", itoa64(pos))
			}
			b.(*array.Int8Builder).Append(int8(uint64(intAt(a[0], i)) >> uint(pos) & 1))
			return nil
		})}, nil
	}
}
