package function

import (
	"math/big"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// maxPrecision is Spark's largest decimal precision.
const maxPrecision = 38

// decimalOf is the decimal type an integral type widens to for decimal arithmetic
// (Spark's DecimalType.forType).
func decimalOf(t types.DataType) (types.DecimalType, bool) {
	switch t := t.(type) {
	case types.DecimalType:
		return t, true
	case types.ByteType:
		return types.DecimalType{Precision: 3}, true
	case types.ShortType:
		return types.DecimalType{Precision: 5}, true
	case types.IntegerType:
		return types.DecimalType{Precision: 10}, true
	case types.LongType:
		return types.DecimalType{Precision: 20}, true
	}
	return types.DecimalType{}, false
}

// adjust bounds a result type to 38 digits keeping at least 6 fraction digits, as
// spark.sql.decimalOperations.allowPrecisionLoss=true does.
func adjust(p, s int32) types.DecimalType {
	if p <= maxPrecision {
		return types.DecimalType{Precision: p, Scale: s}
	}
	intDigits := p - s
	minScale := min(s, 6)
	s = max(maxPrecision-intDigits, minScale)
	return types.DecimalType{Precision: maxPrecision, Scale: s}
}

// decimalResult is the result type of a decimal operator (DecimalPrecision rules).
func decimalResult(op string, a, b types.DecimalType) types.DecimalType {
	p1, s1, p2, s2 := a.Precision, a.Scale, b.Precision, b.Scale
	switch op {
	case "+", "-":
		s := max(s1, s2)
		return adjust(max(p1-s1, p2-s2)+s+1, s)
	case "*":
		return adjust(p1+p2+1, s1+s2)
	case "/":
		s := max(6, s1+p2+1)
		return adjust(p1-s1+s2+s, s)
	case "%":
		s := max(s1, s2)
		return adjust(min(p1-s1, p2-s2)+s, s)
	}
	return a
}

// widerDecimal is the type both sides of a comparison are cast to.
func widerDecimal(a, b types.DecimalType) types.DecimalType {
	s := max(a.Scale, b.Scale)
	r := max(a.Precision-a.Scale, b.Precision-b.Scale)
	return types.DecimalType{Precision: min(r+s, maxPrecision), Scale: s}
}

var ten = big.NewInt(10)

func pow10(n int32) *big.Int { return new(big.Int).Exp(ten, big.NewInt(int64(n)), nil) }

// rescaleBig changes the scale of an unscaled value, rounding HALF_UP when digits go.
func rescaleBig(v *big.Int, from, to int32) *big.Int {
	if to >= from {
		return new(big.Int).Mul(v, pow10(to-from))
	}
	d := pow10(from - to)
	q, r := new(big.Int).QuoRem(v, d, new(big.Int))
	// HALF_UP: away from zero when the remainder is at least half.
	r2 := new(big.Int).Mul(new(big.Int).Abs(r), big.NewInt(2))
	if r2.Cmp(d) >= 0 {
		if v.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// fits reports whether an unscaled value has at most p digits.
func fits(v *big.Int, p int32) bool {
	return new(big.Int).Abs(v).Cmp(pow10(p)) < 0
}

func outOfRange(v *big.Int, t types.DecimalType) error {
	return sqlerr.New("NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION", "value", v.String(), "precision", itoa(int(t.Precision)),
		"scale", itoa(int(t.Scale)), "config", ansiConf)
}

func decimalAt(a arrow.Array, i int) *big.Int {
	return a.(*array.Decimal128).Value(i).BigInt()
}

// small reads a decimal of at most 18 digits as an int64.
func small(a *array.Decimal128, i int) int64 {
	v := a.Value(i)
	return int64(v.LowBits())
}

// pow10i64 holds 10^0..10^18.
var pow10i64 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// fastDecimalKernel computes +, - and * without big integers when the operands have at
// most 18 digits and the result type holds every possible result exactly (no rounding,
// no overflow), which covers the usual money arithmetic; nil otherwise.
func fastDecimalKernel(op string, at, bt, rt types.DecimalType) Kernel {
	if at.Precision > 18 || bt.Precision > 18 {
		return nil
	}
	var row func(x, y int64) decimal128.Num
	switch op {
	case "*":
		if rt.Scale != at.Scale+bt.Scale || rt.Precision < at.Precision+bt.Precision {
			return nil
		}
		row = func(x, y int64) decimal128.Num {
			neg := (x < 0) != (y < 0)
			ux, uy := uint64(x), uint64(y)
			if x < 0 {
				ux = uint64(-x)
			}
			if y < 0 {
				uy = uint64(-y)
			}
			hi, lo := bits.Mul64(ux, uy)
			v := decimal128.New(int64(hi), lo)
			if neg {
				v = v.Negate()
			}
			return v
		}
	case "+", "-":
		s := max(at.Scale, bt.Scale)
		ka, kb := s-at.Scale, s-bt.Scale
		if rt.Scale != s || at.Precision+ka > 18 || bt.Precision+kb > 18 ||
			rt.Precision < max(at.Precision-at.Scale, bt.Precision-bt.Scale)+s+1 {
			return nil
		}
		ma, mb := pow10i64[ka], pow10i64[kb]
		if op == "+" {
			row = func(x, y int64) decimal128.Num { return decimal128.FromI64(x*ma + y*mb) }
		} else {
			row = func(x, y int64) decimal128.Num { return decimal128.FromI64(x*ma - y*mb) }
		}
	default:
		return nil
	}
	return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		arrs, err := materializeAll(ec, args, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		xa, ya := arrs[0].(*array.Decimal128), arrs[1].(*array.Decimal128)
		b := array.NewDecimal128Builder(ec.Mem, &arrow.Decimal128Type{Precision: rt.Precision, Scale: rt.Scale})
		defer b.Release()
		b.Reserve(n)
		for i := 0; i < n; i++ {
			if xa.IsNull(i) || ya.IsNull(i) {
				b.AppendNull()
				continue
			}
			b.UnsafeAppend(row(small(xa, i), small(ya, i)))
		}
		return b.NewArray(), nil
	}
}

// decimalKernel computes a binary decimal operator with exact big-integer arithmetic.
func decimalKernel(op string, at, bt, rt types.DecimalType) Kernel {
	if k := fastDecimalKernel(op, at, bt, rt); k != nil {
		return k
	}
	return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		arrs, err := materializeAll(ec, args, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		b := array.NewDecimal128Builder(ec.Mem, &arrow.Decimal128Type{Precision: rt.Precision, Scale: rt.Scale})
		defer b.Release()
		for i := 0; i < n; i++ {
			if anyNull(arrs, i) {
				b.AppendNull()
				continue
			}
			x, y := decimalAt(arrs[0], i), decimalAt(arrs[1], i)
			var v *big.Int
			switch op {
			case "+", "-":
				s := max(at.Scale, bt.Scale)
				x, y = rescaleBig(x, at.Scale, s), rescaleBig(y, bt.Scale, s)
				if op == "+" {
					v = x.Add(x, y)
				} else {
					v = x.Sub(x, y)
				}
				v = rescaleBig(v, s, rt.Scale)
			case "*":
				v = rescaleBig(x.Mul(x, y), at.Scale+bt.Scale, rt.Scale)
			case "/", "%":
				if y.Sign() == 0 {
					if ec.ANSI {
						return nil, divideByZero(op)
					}
					b.AppendNull()
					continue
				}
				if op == "/" {
					// x/10^sa ÷ y/10^sb at scale rs: x * 10^(rs+sb-sa+1) / y, then round.
					shift := rt.Scale + bt.Scale - at.Scale + 1
					num := new(big.Int).Set(x)
					if shift >= 0 {
						num.Mul(num, pow10(shift))
					} else {
						num.Quo(num, pow10(-shift))
					}
					q := num.Quo(num, y)
					v = rescaleBig(q, rt.Scale+1, rt.Scale)
				} else {
					s := max(at.Scale, bt.Scale)
					x, y = rescaleBig(x, at.Scale, s), rescaleBig(y, bt.Scale, s)
					v = rescaleBig(new(big.Int).Rem(x, y), s, rt.Scale)
				}
			}
			if !fits(v, rt.Precision) {
				if ec.ANSI {
					return nil, outOfRange(v, rt)
				}
				b.AppendNull()
				continue
			}
			b.Append(decimal128.FromBigInt(v))
		}
		return b.NewArray(), nil
	}
}

// castToDecimal converts numbers, strings and decimals to a decimal type.
func castToDecimal(from types.DataType, to types.DecimalType, mode CastMode) Kernel {
	return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
		var v *big.Int
		switch x := a.(type) {
		case *array.Decimal128:
			v = rescaleBig(x.Value(i).BigInt(), from.(types.DecimalType).Scale, to.Scale)
		case *array.Float32, *array.Float64:
			f := new(big.Float).SetFloat64(floatAt(a, i))
			f.Mul(f, new(big.Float).SetInt(pow10(to.Scale)))
			v, _ = f.Int(nil)
			// Round half up on the dropped fraction.
			frac := new(big.Float).Sub(f, new(big.Float).SetInt(v))
			if fv, _ := frac.Float64(); fv >= 0.5 {
				v.Add(v, big.NewInt(1))
			} else if fv <= -0.5 {
				v.Sub(v, big.NewInt(1))
			}
		case *array.String:
			s := x.Value(i)
			n, err := decimal128.FromString(trimSpace(s), maxPrecision, to.Scale)
			if err != nil {
				if mode == CastANSI {
					return sqlerr.New("CAST_INVALID_INPUT", "expression", "'"+s+"'", "sourceType", `"STRING"`, "targetType", typeSQL(to))
				}
				b.AppendNull()
				return nil
			}
			v = n.BigInt()
		case *array.Boolean:
			v = big.NewInt(0)
			if x.Value(i) {
				v = pow10(to.Scale)
			}
		default:
			v = new(big.Int).Mul(big.NewInt(intAt(a, i)), pow10(to.Scale))
		}
		if !fits(v, to.Precision) {
			if mode == CastANSI {
				return outOfRange(v, to)
			}
			b.AppendNull()
			return nil
		}
		b.(*array.Decimal128Builder).Append(decimal128.FromBigInt(v))
		return nil
	})
}

// castFromDecimal converts a decimal to a number.
func castFromDecimal(from types.DecimalType, to types.DataType, mode CastMode) Kernel {
	return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
		n := a.(*array.Decimal128).Value(i)
		if !types.IsIntegral(to) {
			appendFloat(b, n.ToFloat64(from.Scale))
			return nil
		}
		v := new(big.Int).Quo(n.BigInt(), pow10(from.Scale))
		lo, hi := intRange(to)
		if !v.IsInt64() || v.Int64() < lo || v.Int64() > hi {
			if mode == CastANSI {
				return sqlerr.New("CAST_OVERFLOW", "value", n.ToString(from.Scale)+"BD", "sourceType", typeSQL(from), "targetType", typeSQL(to), "ansiConfig", ansiConf)
			}
			b.AppendNull()
			return nil
		}
		appendInt(b, v.Int64())
		return nil
	})
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\n') {
		s = s[:len(s)-1]
	}
	return s
}
