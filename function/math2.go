package function

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

var tDouble = types.Double // parameter type of the math functions

// doubleFunc is a function of doubles: numeric and string arguments are cast to
// double. f returns ok=false for NULL.
func doubleFunc(name string, display func([]string) string, arity int, f func(v []float64) (float64, bool)) *ScalarFunc {
	return &ScalarFunc{Name: name, Display: display, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount(name, args, arity); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, repeatType(tDouble, arity), ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: tDouble, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(tDouble, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			v := make([]float64, len(a))
			for j, x := range a {
				v[j] = floatAt(x, i)
			}
			r, ok := f(v)
			if !ok {
				b.AppendNull()
				return nil
			}
			b.(*array.Float64Builder).Append(r)
			return nil
		})}, nil
	}}
}

func unary(f func(float64) float64) func([]float64) (float64, bool) {
	return func(v []float64) (float64, bool) { return f(v[0]), true }
}

func registerMath2(r *Registry) {
	for _, u := range []struct {
		name, display string
		f             func(float64) float64
	}{
		{"sign", "sign", javaSignum},
		{"signum", "SIGNUM", javaSignum},
		{"cbrt", "CBRT", math.Cbrt},
		{"expm1", "EXPM1", math.Expm1},
		{"atan", "ATAN", math.Atan},
		{"asin", "ASIN", math.Asin},
		{"acos", "ACOS", math.Acos},
		{"sinh", "SINH", math.Sinh},
		{"cosh", "COSH", math.Cosh},
		{"tanh", "TANH", math.Tanh},
		{"cot", "COT", func(x float64) float64 { return 1 / math.Tan(x) }},
		{"sec", "SEC", func(x float64) float64 { return 1 / math.Cos(x) }},
		{"csc", "CSC", func(x float64) float64 { return 1 / math.Sin(x) }},
		// Spark's own formulas, not the libm functions.
		{"asinh", "ASINH", func(x float64) float64 {
			if math.IsInf(x, -1) {
				return x
			}
			if x < 0 {
				return -math.Log(-x + math.Sqrt(x*x+1))
			}
			return math.Log(x + math.Sqrt(x*x+1))
		}},
		{"acosh", "ACOSH", func(x float64) float64 { return math.Log(x + math.Sqrt(x*x-1)) }},
		{"atanh", "ATANH", func(x float64) float64 { return 0.5 * math.Log((1+x)/(1-x)) }},
		// Java's Math.toDegrees and Math.toRadians multiply by these constants.
		{"degrees", "DEGREES", func(x float64) float64 { return x * 57.29577951308232 }},
		{"radians", "RADIANS", func(x float64) float64 { return x * 0.017453292519943295 }},
		{"rint", "rint", math.RoundToEven},
	} {
		r.AddScalar(doubleFunc(u.name, namedDisplay(u.display), 1, unary(u.f)))
	}
	r.AddScalar(doubleFunc("log1p", namedDisplay("LOG1P"), 1, func(v []float64) (float64, bool) {
		if v[0] <= -1 {
			return 0, false
		}
		return math.Log1p(v[0]), true
	}))
	logBase := doubleFunc("log", nil, 2, func(v []float64) (float64, bool) {
		if v[0] <= 0 || v[1] <= 0 {
			return 0, false
		}
		return math.Log(v[1]) / math.Log(v[0]), true
	})
	logE := doubleFunc("log", nil, 1, func(v []float64) (float64, bool) {
		if v[0] <= 0 {
			return 0, false
		}
		return math.Log(v[0]), true
	})
	r.AddScalar(&ScalarFunc{Name: "log", Display: func(a []string) string {
		if len(a) == 1 {
			return "LOG(E(), " + a[0] + ")"
		}
		return "LOG(" + strings.Join(a, ", ") + ")"
	}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if len(args) == 1 {
			return logE.Bind(args, ansi)
		}
		if err := argCount("log", args, 1, 2); err != nil {
			return nil, err
		}
		return logBase.Bind(args, ansi)
	}})
	// atan2 and hypot add 0.0 to their arguments, as Spark does, to turn -0.0 into 0.0.
	r.AddScalar(doubleFunc("atan2", namedDisplay("ATAN2"), 2, func(v []float64) (float64, bool) {
		return math.Atan2(v[0]+0.0, v[1]+0.0), true
	}))
	r.AddScalar(doubleFunc("hypot", namedDisplay("HYPOT"), 2, func(v []float64) (float64, bool) {
		return math.Hypot(v[0], v[1]), true
	}))
	r.AddScalar(constant("pi", math.Pi))
	r.AddScalar(constant("e", math.E))
	r.AddScalar(bround())
	r.AddScalar(pmod())
	r.AddScalar(greatestLeast("greatest", 1))
	r.AddScalar(greatestLeast("least", -1))
	strFunc{name: "factorial", params: []types.DataType{tInt}, minArgs: 1, result: tLong, row: func(v []any) (any, bool) {
		n := v[0].(int64)
		if n < 0 || n > 20 {
			return nil, false
		}
		f := int64(1)
		for k := int64(2); k <= n; k++ {
			f *= k
		}
		return f, true
	}}.register(r)
	strFunc{name: "bin", params: []types.DataType{tLong}, minArgs: 1, result: tString, row: func(v []any) (any, bool) {
		return strconv.FormatUint(uint64(v[0].(int64)), 2), true
	}}.register(r)
	r.AddScalar(conv())
	r.AddScalar(&ScalarFunc{Name: "positive", Display: func(a []string) string { return "(+ " + a[0] + ")" }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount("positive", args, 1); err != nil {
			return nil, err
		}
		if !types.IsNumeric(args[0]) && args[0] != types.Null {
			return nil, typeMismatchNamed(0, `("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")`, args[0])
		}
		return &Bound{ArgTypes: args, Result: args[0], NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			return Materialize(ec, a[0], n)
		}}, nil
	}})
	r.AddScalar(widthBucket())
	for _, t := range []struct{ name, op string }{{"try_add", "+"}, {"try_subtract", "-"}, {"try_multiply", "*"}, {"try_divide", "/"}} {
		r.AddScalar(tryArith(r, t.name, t.op))
	}
	r.AddScalar(integralDivide())
}

// javaSignum is Math.signum: NaN and signed zeros are returned as they are.
func javaSignum(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

func constant(name string, v float64) *ScalarFunc {
	return &ScalarFunc{Name: name, Display: upperDisplay(name), Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount(name, args, 0); err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: nil, Result: tDouble, Kernel: func(ec *EvalContext, _ []Datum, n int) (arrow.Array, error) {
			return ScalarArray(ec.Mem, tDouble, v, n, ec.TimeZone)
		}}, nil
	}}
}

// roundRat rounds x to scale digits after the point (negative: before it), HALF_EVEN
// or HALF_UP, as Java's BigDecimal.setScale.
func roundRat(x *big.Rat, scale int, halfEven bool) *big.Rat {
	p := new(big.Rat).SetInt(pow10(int32(abs(scale))))
	y := new(big.Rat).Set(x)
	if scale >= 0 {
		y.Mul(y, p)
	} else {
		y.Quo(y, p)
	}
	num, den := y.Num(), y.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	// Compare 2|rem| with den.
	twice := new(big.Int).Abs(rem)
	twice.Lsh(twice, 1)
	c := twice.Cmp(den)
	up := c > 0 || (c == 0 && (!halfEven || q.Bit(0) == 1))
	if up {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	out := new(big.Rat).SetInt(q)
	if scale >= 0 {
		return out.Quo(out, p)
	}
	return out.Mul(out, p)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// roundDouble rounds a double as Spark's round/bround do: through the decimal of its
// shortest representation (Scala's BigDecimal(double)).
func roundDouble(v float64, scale int, halfEven bool) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	x, ok := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
	if !ok {
		return v
	}
	// BigDecimal has no negative zero.
	f, _ := roundRat(x, scale, halfEven).Float64()
	return f
}

// bround is bround(x[, d]): HALF_EVEN rounding to d decimal places. A decimal's result
// type depends on d, so decimals take only the one-argument form here.
func bround() *ScalarFunc {
	return &ScalarFunc{Name: "bround", Display: func(a []string) string {
		if len(a) == 1 {
			a = append(a, "0")
		}
		return "bround(" + strings.Join(a, ", ") + ")"
	}, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("bround", args, 1, 2); err != nil {
			return nil, err
		}
		t := args[0]
		switch {
		case t == types.String || t == types.Null:
			t = tDouble
		case !types.IsNumeric(t):
			return nil, typeMismatchNamed(0, `"NUMERIC"`, t)
		}
		at := []types.DataType{t}
		if len(args) == 2 {
			if !implicitCast(args[1], tInt, ansi) {
				return nil, typeMismatch(1, tInt, args[1])
			}
			at = append(at, tInt)
		}
		if dt, ok := t.(types.DecimalType); ok {
			if len(args) == 2 {
				return nil, sqlerr.Unsupported("bround of a DECIMAL with an explicit scale")
			}
			rt := types.DecimalType{Precision: min(dt.Precision-dt.Scale+1, maxPrecision), Scale: 0}
			return &Bound{ArgTypes: at, Result: rt, NullIntolerant: true, Kernel: rowKernel(rt, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				x := new(big.Rat).SetFrac(decimalAt(a[0], i), pow10(dt.Scale))
				q := roundRat(x, 0, true)
				b.(*array.Decimal128Builder).Append(decimal128.FromBigInt(q.Num()))
				return nil
			})}, nil
		}
		return &Bound{ArgTypes: at, Result: t, NullIntolerant: true, Kernel: rowKernel(t, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			scale := 0
			if len(a) == 2 {
				scale = int(intAt(a[1], i))
			}
			if types.IsIntegral(t) {
				v := intAt(a[0], i)
				if scale < 0 {
					q := roundRat(new(big.Rat).SetInt64(v), scale, true).Num()
					lo, hi := intRange(t)
					if !q.IsInt64() || q.Int64() < lo || q.Int64() > hi {
						if ec.ANSI {
							return overflowError("round", t)
						}
					}
					v = q.Int64()
				}
				appendInt(b, wrap(v, t))
				return nil
			}
			v := floatAt(a[0], i)
			if t == types.Float {
				f, _ := strconv.ParseFloat(JavaFloat(v, 32), 64)
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					v = f
				}
			}
			appendFloat(b, roundDouble(v, scale, true))
			return nil
		})}, nil
	}}
}

// pmod is the positive remainder: (a % n + n) % n when a % n is negative.
func pmod() *ScalarFunc {
	return &ScalarFunc{Name: "pmod", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("pmod", args, 2); err != nil {
			return nil, err
		}
		if b, ok := bindDecimal("%", args); ok {
			at, bt := b.ArgTypes[0].(types.DecimalType), b.ArgTypes[1].(types.DecimalType)
			rt := b.Result.(types.DecimalType)
			return &Bound{ArgTypes: b.ArgTypes, Result: rt, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(rt, func(ec *EvalContext, a []arrow.Array, i int, bld array.Builder) error {
				s := max(at.Scale, bt.Scale)
				x := rescaleBig(decimalAt(a[0], i), at.Scale, s)
				y := rescaleBig(decimalAt(a[1], i), bt.Scale, s)
				if y.Sign() == 0 {
					if ec.ANSI {
						return divideByZero("pmod")
					}
					bld.AppendNull()
					return nil
				}
				m := new(big.Int).Rem(x, y)
				if m.Sign() < 0 {
					m.Add(m, y)
					m.Rem(m, y)
				}
				bld.(*array.Decimal128Builder).Append(decimal128.FromBigInt(rescaleBig(m, s, rt.Scale)))
				return nil
			})}, nil
		}
		t, err := numericOperands(args, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: []types.DataType{t, t}, Result: t, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(t, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			if types.IsIntegral(t) {
				x, n := intAt(a[0], i), intAt(a[1], i)
				if n == 0 {
					if ec.ANSI {
						return divideByZero("pmod")
					}
					b.AppendNull()
					return nil
				}
				m := x % n
				if m < 0 {
					m = wrap(m+n, t) % n
				}
				appendInt(b, m)
				return nil
			}
			x, n := floatAt(a[0], i), floatAt(a[1], i)
			if n == 0 {
				if ec.ANSI {
					return divideByZero("pmod")
				}
				b.AppendNull()
				return nil
			}
			m := math.Mod(x, n)
			if m < 0 {
				m = math.Mod(m+n, n)
			}
			appendFloat(b, m)
			return nil
		})}, nil
	}}
}

// greatestLeast is greatest (sign 1) or least (sign -1) of two or more values of a
// common type, skipping NULLs.
func greatestLeast(name string, sign int) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := minArgs(name, args, 2); err != nil {
			return nil, err
		}
		t, err := commonOf(name, args)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: repeatType(t, len(args)), Result: t, Kernel: rowKernelNulls(t, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			best := -1
			for k, x := range a {
				if isNull(x, i) {
					continue
				}
				if best < 0 || compareAt(x, i, a[best], i)*sign > 0 {
					best = k
				}
			}
			if best < 0 {
				b.AppendNull()
				return nil
			}
			copyValue(b, a[best], i)
			return nil
		})}, nil
	}}
}

// conv is conv(num, fromBase, toBase): Spark's NumberConverter through an unsigned
// 64-bit value; a negative toBase prints signed.
func conv() *ScalarFunc {
	return &ScalarFunc{Name: "conv", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("conv", args, 3); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tString, tInt, tInt}, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: tString, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(tString, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			s, ok, err := convert(strAt(a[0], i), int(intAt(a[1], i)), int(intAt(a[2], i)), ec.ANSI)
			if err != nil {
				return err
			}
			if !ok {
				b.AppendNull()
				return nil
			}
			appendStr(b, s)
			return nil
		})}, nil
	}}
}

func convert(n string, from, to int, ansi bool) (string, bool, error) {
	n = strings.Trim(n, " ")
	if from < 2 || from > 36 || abs(to) < 2 || abs(to) > 36 || n == "" {
		return "", false, nil
	}
	negative := false
	if n[0] == '-' {
		negative, n = true, n[1:]
	}
	var v uint64
	for k := 0; k < len(n); k++ {
		d := digitValue(n[k])
		if d < 0 || d >= from {
			break
		}
		hi, lo := bits.Mul64(v, uint64(from))
		lo, carry := bits.Add64(lo, uint64(d), 0)
		if hi != 0 || carry != 0 {
			if ansi {
				return "", false, sqlerr.New("ARITHMETIC_OVERFLOW", "message", "Overflow in function conv()", "alternative", "", "config", ansiConf)
			}
			v = math.MaxUint64
			break
		}
		v = lo
	}
	sv := int64(v)
	if negative && to > 0 {
		if sv < 0 {
			sv = -1
		} else {
			sv = -sv
		}
	}
	if to < 0 && sv < 0 {
		sv = -sv
		negative = true
	}
	out := strings.ToUpper(strconv.FormatUint(uint64(sv), abs(to)))
	if negative && to < 0 {
		out = "-" + out
	}
	return out, true, nil
}

func digitValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return -1
}

// widthBucket is width_bucket(v, min, max, n): the 1-based bucket of v among n equal
// buckets between min and max, 0 below and n+1 above.
func widthBucket() *ScalarFunc {
	return &ScalarFunc{Name: "width_bucket", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("width_bucket", args, 4); err != nil {
			return nil, err
		}
		at, err := expectTypes(args, []types.DataType{tDouble, tDouble, tDouble, tLong}, ansi)
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: at, Result: tLong, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(tLong, func(_ *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			v, lo, hi, n := floatAt(a[0], i), floatAt(a[1], i), floatAt(a[2], i), intAt(a[3], i)
			bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
			if n <= 0 || n == math.MaxInt64 || math.IsNaN(v) || lo == hi || bad(lo) || bad(hi) {
				b.AppendNull()
				return nil
			}
			lower, upper := math.Min(lo, hi), math.Max(lo, hi)
			var bucket int64
			if lo < hi {
				switch {
				case v < lower:
					bucket = 0
				case v >= upper:
					bucket = n + 1
				default:
					bucket = int64(float64(n)*(v-lower)/(upper-lower)) + 1
				}
			} else {
				switch {
				case v > upper:
					bucket = 0
				case v <= lower:
					bucket = n + 1
				default:
					bucket = int64(float64(n)*(upper-v)/(upper-lower)) + 1
				}
			}
			b.(*array.Int64Builder).Append(bucket)
			return nil
		})}, nil
	}}
}

// tryArith is try_add, try_subtract, try_multiply and try_divide: the ANSI operator
// with NULL instead of an error.
func tryArith(r *Registry, name, op string) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if err := argCount(name, args, 2); err != nil {
			return nil, err
		}
		f, ok := r.Scalar(op)
		if !ok {
			return nil, sqlerr.New("UNRESOLVED_ROUTINE", "routineName", "`"+op+"`", "searchPath", "[`system`.`builtin`]")
		}
		b, err := f.Bind(args, true)
		if err != nil {
			return nil, err
		}
		inner := b.Kernel
		out := *b
		out.AlwaysNullable = true
		out.Kernel = func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			ansi := *ec
			ansi.ANSI = true
			return tryKernel(&ansi, inner, out.Result, a, n)
		}
		return &out, nil
	}}
}

// tryKernel runs k and, when it fails, runs it again row by row with NULL for the rows
// that fail.
func tryKernel(ec *EvalContext, k Kernel, result types.DataType, a []Datum, n int) (arrow.Array, error) {
	res, err := k(ec, a, n)
	if err == nil {
		return res, nil
	}
	if _, ok := sqlerr.As(err); !ok {
		return nil, err
	}
	b := array.NewBuilder(ec.Mem, types.ToArrow(result, ec.TimeZone))
	defer b.Release()
	row := make([]Datum, len(a))
	for i := 0; i < n; i++ {
		for j, d := range a {
			if d.Array != nil {
				row[j] = Datum{Array: array.NewSlice(d.Array, int64(i), int64(i+1))}
			} else {
				row[j] = d
			}
		}
		one, err := k(ec, row, 1)
		for _, d := range row {
			if d.Array != nil {
				d.Array.Release()
			}
		}
		if err != nil {
			if _, ok := sqlerr.As(err); !ok {
				return nil, err
			}
			b.AppendNull()
			continue
		}
		copyValue(b, one, 0)
		one.Release()
	}
	return b.NewArray(), nil
}

// integralDivide is `a div b`: integral division of integral or decimal operands,
// truncated toward zero, as a bigint.
func integralDivide() *ScalarFunc {
	return &ScalarFunc{Name: "div", Display: func(a []string) string { return "(" + a[0] + " div " + a[1] + ")" }, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if err := argCount("div", args, 2); err != nil {
			return nil, err
		}
		_, decA := args[0].(types.DecimalType)
		_, decB := args[1].(types.DecimalType)
		if decA || decB {
			at, okA := decimalOf(args[0])
			bt, okB := decimalOf(args[1])
			if !okA || !okB {
				return nil, sqlerr.New("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", "sqlExpr", "", "left", typeSQL(args[0]), "right", typeSQL(args[1]))
			}
			return &Bound{ArgTypes: []types.DataType{at, bt}, Result: tLong, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(tLong, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
				s := max(at.Scale, bt.Scale)
				x := rescaleBig(decimalAt(a[0], i), at.Scale, s)
				y := rescaleBig(decimalAt(a[1], i), bt.Scale, s)
				if y.Sign() == 0 {
					if ec.ANSI {
						return divideByZero("div")
					}
					b.AppendNull()
					return nil
				}
				q := new(big.Int).Quo(x, y)
				if !q.IsInt64() {
					if ec.ANSI {
						return overflowError("div", types.Long)
					}
				}
				b.(*array.Int64Builder).Append(q.Int64())
				return nil
			})}, nil
		}
		t, err := numericOperands(args, ansi)
		if err != nil {
			return nil, err
		}
		if !types.IsIntegral(t) {
			return nil, sqlerr.New("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", "sqlExpr", "", "left", typeSQL(args[0]), "right", typeSQL(args[1]))
		}
		return &Bound{ArgTypes: []types.DataType{tLong, tLong}, Result: tLong, NullIntolerant: true, AlwaysNullable: true, Kernel: rowKernel(tLong, func(ec *EvalContext, a []arrow.Array, i int, b array.Builder) error {
			x, y := intAt(a[0], i), intAt(a[1], i)
			if y == 0 {
				if ec.ANSI {
					return divideByZero("div")
				}
				b.AppendNull()
				return nil
			}
			if x == math.MinInt64 && y == -1 && ec.ANSI {
				return overflowError("div", types.Long)
			}
			b.(*array.Int64Builder).Append(x / y)
			return nil
		})}, nil
	}}
}
