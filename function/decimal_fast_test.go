package function

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
)

// TestFastDecimalKernel checks the int64/128-bit decimal paths against exact big
// integer arithmetic on random operands of every sign.
func TestFastDecimalKernel(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	dec := func(p, s int32) types.DecimalType { return types.DecimalType{Precision: p, Scale: s} }
	tests := []struct {
		op         string
		a, b, want types.DecimalType
	}{
		{"*", dec(15, 2), dec(16, 2), dec(32, 4)},
		{"*", dec(18, 0), dec(18, 0), dec(37, 0)},
		{"+", dec(15, 2), dec(15, 2), dec(16, 2)},
		{"-", dec(1, 0), dec(15, 2), dec(16, 2)},
		{"+", dec(10, 5), dec(12, 1), dec(17, 5)},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tt := range tests {
		k := fastDecimalKernel(tt.op, tt.a, tt.b, tt.want)
		if k == nil {
			t.Fatalf("%s %v %v: no fast path", tt.op, tt.a, tt.b)
		}
		gen := func(d types.DecimalType) (arrow.Array, []*big.Int) {
			b := array.NewDecimal128Builder(mem, &arrow.Decimal128Type{Precision: d.Precision, Scale: d.Scale})
			defer b.Release()
			var vals []*big.Int
			limit := pow10(d.Precision).Int64()
			for i := 0; i < 500; i++ {
				v := rng.Int64N(limit)
				if rng.IntN(2) == 0 {
					v = -v
				}
				if i == 0 {
					v = limit - 1
				}
				vals = append(vals, big.NewInt(v))
				b.Append(decimal128.FromI64(v))
			}
			return b.NewArray(), vals
		}
		xa, xs := gen(tt.a)
		ya, ys := gen(tt.b)
		out, err := k(&EvalContext{Mem: mem}, []Datum{{Array: xa}, {Array: ya}}, 500)
		if err != nil {
			t.Fatal(err)
		}
		got := out.(*array.Decimal128)
		for i := range xs {
			var want *big.Int
			s := max(tt.a.Scale, tt.b.Scale)
			x, y := rescaleBig(xs[i], tt.a.Scale, s), rescaleBig(ys[i], tt.b.Scale, s)
			switch tt.op {
			case "*":
				want = new(big.Int).Mul(xs[i], ys[i])
			case "+":
				want = new(big.Int).Add(x, y)
			case "-":
				want = new(big.Int).Sub(x, y)
			}
			if got.Value(i).BigInt().Cmp(want) != 0 {
				t.Fatalf("%s row %d: %v %v -> %v, want %v", tt.op, i, xs[i], ys[i], got.Value(i).BigInt(), want)
			}
		}
		out.Release()
		xa.Release()
		ya.Release()
	}
}
