package function

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// CastMode selects how a cast reacts to values it cannot convert.
type CastMode int

// Cast modes.
const (
	// CastANSI raises errors (CAST_INVALID_INPUT, CAST_OVERFLOW).
	CastANSI CastMode = iota
	// CastLegacy returns NULL for malformed input and wraps on overflow.
	CastLegacy
	// CastTry returns NULL on any failure.
	CastTry
)

// Cast returns a kernel converting one argument of type from to type to.
func Cast(from, to types.DataType, mode CastMode, tz string) (Kernel, error) {
	if types.Equal(from, to) {
		return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) { return Materialize(ec, args[0], n) }, nil
	}
	if from == types.Null {
		return func(ec *EvalContext, _ []Datum, n int) (arrow.Array, error) {
			return array.MakeArrayOfNull(ec.Mem, types.ToArrow(to, ec.TimeZone), n), nil
		}, nil
	}
	if k, ok := castDateTime(from, to, mode, tz); ok {
		return k, nil
	}
	if fa, ok := from.(types.ArrayType); ok {
		if ta, ok := to.(types.ArrayType); ok {
			return castArray(fa, ta, mode, tz)
		}
	}
	if dt, ok := to.(types.DecimalType); ok && (types.IsNumeric(from) || from == types.String || from == types.Boolean) {
		return castToDecimal(from, dt, mode), nil
	}
	if dt, ok := from.(types.DecimalType); ok && types.IsNumeric(to) {
		return castFromDecimal(dt, to, mode), nil
	}
	switch {
	case to == types.String:
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			s, err := castToString(ec, a, i, from)
			if err != nil {
				return err
			}
			b.(*array.StringBuilder).Append(s)
			return nil
		}), nil
	case types.IsNumeric(to) && (types.IsNumeric(from) || from == types.Boolean):
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			return appendNumber(b, numberAt(a, i), to, mode, from)
		}), nil
	case types.IsNumeric(to) && from == types.String:
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			s := strings.TrimSpace(a.(*array.String).Value(i))
			v, ok := parseNumber(s, to)
			if !ok {
				if mode == CastANSI {
					return sqlerr.New("CAST_INVALID_INPUT", "expression", "'"+s+"'", "sourceType", `"STRING"`, "targetType", typeSQL(to))
				}
				b.AppendNull()
				return nil
			}
			return appendNumber(b, v, to, mode, from)
		}), nil
	case to == types.Boolean && types.IsNumeric(from):
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			v := numberAt(a, i)
			b.(*array.BooleanBuilder).Append(v.i != 0 || (v.isFloat && v.f != 0))
			return nil
		}), nil
	case to == types.Boolean && from == types.String:
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			s := strings.ToLower(strings.TrimSpace(a.(*array.String).Value(i)))
			switch s {
			case "t", "true", "y", "yes", "1":
				b.(*array.BooleanBuilder).Append(true)
			case "f", "false", "n", "no", "0":
				b.(*array.BooleanBuilder).Append(false)
			default:
				if mode == CastANSI {
					return sqlerr.New("CAST_INVALID_INPUT", "expression", "'"+s+"'", "sourceType", `"STRING"`, "targetType", `"BOOLEAN"`)
				}
				b.AppendNull()
			}
			return nil
		}), nil
	}
	return nil, sqlerr.New("DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", "sqlExpr", "", "srcType", typeSQL(from), "targetType", typeSQL(to))
}

// perRow builds a kernel from a per-row conversion; NULL in gives NULL out.
func perRow(to types.DataType, f func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error) Kernel {
	return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		a, err := Materialize(ec, args[0], n)
		if err != nil {
			return nil, err
		}
		defer a.Release()
		b := array.NewBuilder(ec.Mem, types.ToArrow(to, ec.TimeZone))
		defer b.Release()
		b.Reserve(n)
		for i := 0; i < n; i++ {
			if a.IsNull(i) {
				b.AppendNull()
				continue
			}
			if err := f(ec, a, i, b); err != nil {
				return nil, err
			}
		}
		return b.NewArray(), nil
	}
}

// number is a numeric value held exactly as an integer or as a float.
type number struct {
	i       int64
	f       float64
	isFloat bool
}

func numberAt(a arrow.Array, i int) number {
	switch a := a.(type) {
	case *array.Float32, *array.Float64:
		return number{f: floatAt(a, i), isFloat: true}
	case *array.Boolean:
		if a.Value(i) {
			return number{i: 1}
		}
		return number{}
	}
	return number{i: intAt(a, i)}
}

func parseNumber(s string, to types.DataType) (number, bool) {
	if types.IsIntegral(to) {
		if v, err := strconv.ParseInt(s, 10, 64); err == nil {
			return number{i: v}, true
		}
		// Spark accepts a fraction and truncates it for integral targets.
		if f, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eEnNiI") {
			return number{f: math.Trunc(f), isFloat: true}, true
		}
		return number{}, false
	}
	switch strings.ToLower(s) {
	case "nan":
		return number{f: math.NaN(), isFloat: true}, true
	case "infinity", "+infinity", "inf", "+inf":
		return number{f: math.Inf(1), isFloat: true}, true
	case "-infinity", "-inf":
		return number{f: math.Inf(-1), isFloat: true}, true
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "d"), "D")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return number{}, false
	}
	return number{f: f, isFloat: true}, true
}

func appendNumber(b array.Builder, v number, to types.DataType, mode CastMode, from types.DataType) error {
	if !types.IsIntegral(to) {
		x := v.f
		if !v.isFloat {
			x = float64(v.i)
		}
		appendFloat(b, x)
		return nil
	}
	lo, hi := intRange(to)
	var x int64
	if v.isFloat {
		if math.IsNaN(v.f) || v.f < float64(lo) || v.f >= float64(hi)+1 {
			switch mode {
			case CastANSI:
				return sqlerr.New("CAST_OVERFLOW", "value", JavaFloat(v.f, 64), "sourceType", typeSQL(from), "targetType", typeSQL(to), "ansiConfig", ansiConf)
			case CastTry:
				b.AppendNull()
				return nil
			}
		}
		x = int64(v.f)
		if math.IsNaN(v.f) {
			x = 0
		}
	} else {
		x = v.i
		if x < lo || x > hi {
			switch mode {
			case CastANSI:
				return sqlerr.New("CAST_OVERFLOW", "value", strconv.FormatInt(x, 10)+suffix(from), "sourceType", typeSQL(from), "targetType", typeSQL(to), "ansiConfig", ansiConf)
			case CastTry:
				b.AppendNull()
				return nil
			}
			x = wrap(x, to)
		}
	}
	appendInt(b, x)
	return nil
}

// suffix is the literal suffix Spark prints after an integral value of a type.
func suffix(t types.DataType) string {
	switch t.(type) {
	case types.LongType:
		return "L"
	case types.ShortType:
		return "S"
	case types.ByteType:
		return "Y"
	}
	return ""
}

func castToString(ec *EvalContext, a arrow.Array, i int, from types.DataType) (string, error) {
	loc := time.UTC
	if ec.TimeZone != "" {
		l, err := time.LoadLocation(ec.TimeZone)
		if err != nil {
			return "", err
		}
		loc = l
	}
	if b, ok := a.(*array.Binary); ok {
		return string(b.Value(i)), nil
	}
	switch t := from.(type) {
	case types.DayTimeIntervalType:
		return FormatDayTimeInterval(intAt(a, i), t.Start, t.End), nil
	case types.YearMonthIntervalType:
		return FormatYearMonthInterval(int32(intAt(a, i)), t.Start, t.End), nil
	}
	return showValue(a, i, from, loc, true), nil
}

func parseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// castArray casts an array's elements, keeping its offsets and validity.
func castArray(from, to types.ArrayType, mode CastMode, tz string) (Kernel, error) {
	elem, err := Cast(from.Elem, to.Elem, mode, tz)
	if err != nil {
		return nil, err
	}
	return func(ec *EvalContext, args []Datum, n int) (arrow.Array, error) {
		a, err := Materialize(ec, args[0], n)
		if err != nil {
			return nil, err
		}
		defer a.Release()
		l, ok := a.(*array.List)
		if !ok {
			return array.MakeArrayOfNull(ec.Mem, types.ToArrow(to, ec.TimeZone), n), nil
		}
		vals := l.ListValues()
		cast, err := elem(ec, []Datum{{Array: vals}}, vals.Len())
		if err != nil {
			return nil, err
		}
		defer cast.Release()
		d := l.Data()
		out := array.NewData(types.ToArrow(to, ec.TimeZone), d.Len(), d.Buffers(), []arrow.ArrayData{cast.Data()}, d.NullN(), d.Offset())
		defer out.Release()
		return array.MakeFromData(out), nil
	}, nil
}
