package function

import (
	"math"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

const ansiConf = `"spark.sql.ansi.enabled"`

func typeSQL(t types.DataType) string { return `"` + strings.ToUpper(t.String()) + `"` }

// numericOperands coerces the two operands of an arithmetic or comparison operator to
// their common numeric type, as Spark's type coercion does. Strings are read as
// doubles in legacy mode and as bigints in ANSI mode when the other side is integral.
func numericOperands(args []types.DataType, ansi bool) (types.DataType, error) {
	if len(args) != 2 {
		return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`operator`", "expectedNum", "2", "actualNum", itoa(len(args)), "docroot", docroot)
	}
	a, b := args[0], args[1]
	if a == types.String && types.IsNumeric(b) {
		a = promoteString(b, ansi)
	}
	if b == types.String && types.IsNumeric(a) {
		b = promoteString(a, ansi)
	}
	w := widerNumeric(a, b)
	if w == nil {
		return nil, sqlerr.New("DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", "sqlExpr", "", "left", typeSQL(args[0]), "right", typeSQL(args[1]))
	}
	return w, nil
}

func promoteString(other types.DataType, ansi bool) types.DataType {
	if ansi && types.IsIntegral(other) {
		return types.Long
	}
	return types.Double
}

const docroot = "https://spark.apache.org/docs/latest"

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

type arithOp struct {
	name, infix string
	intOp       func(a, b int64) (int64, bool) // result, overflow
	floatOp     func(a, b float64) float64
	divLike     bool // zero divisor is an error / NULL
}

func registerArithmetic(r *Registry) {
	ops := []arithOp{
		{name: "+", infix: "+", intOp: addOverflow, floatOp: func(a, b float64) float64 { return a + b }},
		{name: "-", infix: "-", intOp: subOverflow, floatOp: func(a, b float64) float64 { return a - b }},
		{name: "*", infix: "*", intOp: mulOverflow, floatOp: func(a, b float64) float64 { return a * b }},
		{name: "%", infix: "%", divLike: true, intOp: func(a, b int64) (int64, bool) {
			if b == -1 {
				return 0, false
			}
			return a % b, false
		}, floatOp: math.Mod},
	}
	for _, op := range ops {
		op := op
		r.AddScalar(&ScalarFunc{Name: op.name, Infix: op.infix, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
			if len(args) == 1 && op.name == "-" {
				return bindNegate(args)
			}
			if b, ok := bindDecimal(op.name, args); ok {
				return b, nil
			}
			t, err := numericOperands(args, ansi)
			if err != nil {
				return nil, err
			}
			return &Bound{ArgTypes: []types.DataType{t, t}, Result: t, NullIntolerant: true, AlwaysNullable: op.divLike,
				Kernel: arithKernel(op, t)}, nil
		}})
	}
	r.AddScalar(&ScalarFunc{Name: "/", Infix: "/", Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		if b, ok := bindDecimal("/", args); ok {
			return b, nil
		}
		if _, err := numericOperands(args, ansi); err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: []types.DataType{types.Double, types.Double}, Result: types.Double, NullIntolerant: true, AlwaysNullable: true,
			Kernel: divideKernel}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "negative", Display: func(a []string) string { return "(- " + a[0] + ")" }, Bind: func(args []types.DataType, ansi bool) (*Bound, error) {
		return bindNegate(args)
	}})
}

// bindDecimal binds an arithmetic operator over decimals (and integral types widened to
// decimals) with Spark's result precision and scale.
func bindDecimal(op string, args []types.DataType) (*Bound, bool) {
	if len(args) != 2 {
		return nil, false
	}
	_, isA := args[0].(types.DecimalType)
	_, isB := args[1].(types.DecimalType)
	if !isA && !isB {
		return nil, false
	}
	at, okA := decimalOf(args[0])
	bt, okB := decimalOf(args[1])
	if !okA || !okB {
		return nil, false
	}
	rt := decimalResult(op, at, bt)
	return &Bound{ArgTypes: []types.DataType{at, bt}, Result: rt, NullIntolerant: true, AlwaysNullable: true,
		Kernel: decimalKernel(op, at, bt, rt)}, true
}

func bindNegate(args []types.DataType) (*Bound, error) {
	if len(args) == 1 {
		if dt, ok := args[0].(types.DecimalType); ok {
			k := decimalKernel("-", dt, dt, dt)
			return &Bound{ArgTypes: args, Result: dt, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
				return k(ec, []Datum{{Scalar: &Scalar{Type: dt, Value: decimal128.Num{}}}, a[0]}, n)
			}}, nil
		}
	}
	if len(args) != 1 || rank(args[0]) <= 0 {
		return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", "first", "requiredType", `"NUMERIC"`, "inputSql", "", "inputType", typeSQL(args[0]))
	}
	t := args[0]
	zero := arithOp{name: "-", intOp: subOverflow, floatOp: func(a, b float64) float64 { return a - b }}
	k := arithKernel(zero, t)
	return &Bound{ArgTypes: []types.DataType{t}, Result: t, NullIntolerant: true, Kernel: func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		var z any
		switch t.(type) {
		case types.ByteType:
			z = int8(0)
		case types.ShortType:
			z = int16(0)
		case types.IntegerType:
			z = int32(0)
		case types.LongType:
			z = int64(0)
		case types.FloatType:
			z = float32(0)
		default:
			z = float64(0)
		}
		return k(ec, []Datum{{Scalar: &Scalar{Type: t, Value: z}}, args[0]}, n)
	}}, nil
}

func addOverflow(a, b int64) (int64, bool) {
	c := a + b
	return c, (c > a) != (b > 0)
}

func subOverflow(a, b int64) (int64, bool) {
	c := a - b
	return c, (c < a) != (b > 0)
}

func mulOverflow(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, false
	}
	c := a * b
	return c, c/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64)
}

// intRange returns the bounds of an integral Spark type.
func intRange(t types.DataType) (int64, int64) {
	switch t.(type) {
	case types.ByteType:
		return math.MinInt8, math.MaxInt8
	case types.ShortType:
		return math.MinInt16, math.MaxInt16
	case types.IntegerType:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

func overflowError(op string, t types.DataType) error {
	alt := " Use 'try_add' to tolerate overflow and return NULL instead."
	switch op {
	case "-":
		alt = " Use 'try_subtract' to tolerate overflow and return NULL instead."
	case "*":
		alt = " Use 'try_multiply' to tolerate overflow and return NULL instead."
	}
	return sqlerr.New("ARITHMETIC_OVERFLOW", "message", javaTypeName(t)+" overflow", "alternative", alt, "config", ansiConf)
}

func arithKernel(op arithOp, t types.DataType) Kernel {
	return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		switch t.(type) {
		case types.LongType:
			if out, ok, err := fastInt64Arith(ec, op.name, args, n); ok {
				return out, err
			}
		case types.DoubleType:
			if out, ok, err := fastFloat64Arith(ec, op.name, args, n); ok {
				return out, err
			}
		}
		arrs, err := materializeAll(ec, args, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		a, b := arrs[0], arrs[1]
		bld := array.NewBuilder(ec.Mem, types.ToArrow(t, ec.TimeZone))
		defer bld.Release()
		bld.Reserve(n)
		if types.IsIntegral(t) {
			lo, hi := intRange(t)
			for i := 0; i < n; i++ {
				if a.IsNull(i) || b.IsNull(i) {
					bld.AppendNull()
					continue
				}
				x, y := intAt(a, i), intAt(b, i)
				if op.divLike && y == 0 {
					if ec.ANSI {
						return nil, divideByZero(op.name)
					}
					bld.AppendNull()
					continue
				}
				v, of := op.intOp(x, y)
				if of || v < lo || v > hi {
					if ec.ANSI {
						return nil, overflowError(op.name, t)
					}
					// Legacy mode wraps around in the type's width.
					v = wrap(v, t)
				}
				appendInt(bld, v)
			}
		} else {
			for i := 0; i < n; i++ {
				if a.IsNull(i) || b.IsNull(i) {
					bld.AppendNull()
					continue
				}
				x, y := floatAt(a, i), floatAt(b, i)
				if op.divLike && y == 0 {
					if ec.ANSI {
						return nil, divideByZero(op.name)
					}
					bld.AppendNull()
					continue
				}
				appendFloat(bld, op.floatOp(x, y))
			}
		}
		return bld.NewArray(), nil
	}
}

func wrap(v int64, t types.DataType) int64 {
	switch t.(type) {
	case types.ByteType:
		return int64(int8(v))
	case types.ShortType:
		return int64(int16(v))
	case types.IntegerType:
		return int64(int32(v))
	}
	return v
}

func appendInt(b array.Builder, v int64) {
	switch b := b.(type) {
	case *array.Int8Builder:
		b.Append(int8(v))
	case *array.Int16Builder:
		b.Append(int16(v))
	case *array.Int32Builder:
		b.Append(int32(v))
	case *array.Int64Builder:
		b.Append(v)
	}
}

func appendFloat(b array.Builder, v float64) {
	switch b := b.(type) {
	case *array.Float32Builder:
		b.Append(float32(v))
	case *array.Float64Builder:
		b.Append(v)
	}
}

func divideKernel(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
	arrs, err := materializeAll(ec, args, n)
	if err != nil {
		return nil, err
	}
	defer releaseAll(arrs)
	a, b := arrs[0].(*array.Float64), arrs[1].(*array.Float64)
	bld := array.NewFloat64Builder(ec.Mem)
	defer bld.Release()
	bld.Reserve(n)
	for i := 0; i < n; i++ {
		if a.IsNull(i) || b.IsNull(i) {
			bld.AppendNull()
			continue
		}
		y := b.Value(i)
		if y == 0 {
			if ec.ANSI {
				return nil, sqlerr.New("DIVIDE_BY_ZERO", "config", ansiConf)
			}
			bld.AppendNull()
			continue
		}
		bld.Append(a.Value(i) / y)
	}
	return bld.NewArray(), nil
}

// javaTypeName is the JVM type name Spark's overflow messages use.
func javaTypeName(t types.DataType) string {
	switch t.(type) {
	case types.ByteType:
		return "byte"
	case types.ShortType:
		return "short"
	case types.IntegerType:
		return "integer"
	}
	return "long"
}

// divideByZero is the ANSI error of a division by zero: Spark raises REMAINDER_BY_ZERO
// for % and pmod and DIVIDE_BY_ZERO for the divisions.
func divideByZero(op string) error {
	if op == "%" || op == "pmod" {
		return sqlerr.New("REMAINDER_BY_ZERO", "config", ansiConf)
	}
	return sqlerr.New("DIVIDE_BY_ZERO", "config", ansiConf)
}
