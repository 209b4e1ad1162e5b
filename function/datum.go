package function

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
)

// Materialize returns d as an array of n rows; the caller releases it. A column is
// retained and returned as is; a constant is repeated.
func Materialize(ec *EvalContext, d Datum, n int) (arrow.Array, error) {
	if d.Array != nil {
		d.Array.Retain()
		return d.Array, nil
	}
	return ScalarArray(ec.Mem, d.Scalar.Type, d.Scalar.Value, n, ec.TimeZone)
}

// ScalarArray builds an array repeating value n times (NULL when value is nil).
func ScalarArray(mem memory.Allocator, t types.DataType, value any, n int, tz string) (arrow.Array, error) {
	at := types.ToArrow(t, tz)
	if value == nil {
		return array.MakeArrayOfNull(mem, at, n), nil
	}
	b := array.NewBuilder(mem, at)
	defer b.Release()
	b.Reserve(n)
	for i := 0; i < n; i++ {
		if err := appendValue(b, value); err != nil {
			return nil, err
		}
	}
	return b.NewArray(), nil
}

// appendValue appends one Go value (the plan literal representation) to a builder.
func appendValue(b array.Builder, v any) error {
	if v == nil {
		b.AppendNull()
		return nil
	}
	switch b := b.(type) {
	case *array.BooleanBuilder:
		b.Append(v.(bool))
	case *array.Int8Builder:
		b.Append(v.(int8))
	case *array.Int16Builder:
		b.Append(v.(int16))
	case *array.Int32Builder:
		b.Append(v.(int32))
	case *array.Int64Builder:
		b.Append(v.(int64))
	case *array.Float32Builder:
		b.Append(v.(float32))
	case *array.Float64Builder:
		b.Append(v.(float64))
	case *array.StringBuilder:
		b.Append(v.(string))
	case *array.BinaryBuilder:
		b.Append(v.([]byte))
	case *array.Date32Builder:
		b.Append(arrow.Date32(v.(int32)))
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(v.(int64)))
	case *array.Decimal128Builder:
		b.Append(v.(decimal128.Num))
	case *array.DurationBuilder:
		b.Append(arrow.Duration(v.(int64)))
	case *array.MonthIntervalBuilder:
		b.Append(arrow.MonthInterval(v.(int32)))
	default:
		return fmt.Errorf("function: cannot build %T from %T", b, v)
	}
	return nil
}

// intAt reads an integral value widened to int64.
func intAt(a arrow.Array, i int) int64 {
	switch a := a.(type) {
	case *array.Int8:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int64:
		return a.Value(i)
	case *array.Date32:
		return int64(a.Value(i))
	case *array.Timestamp:
		return int64(a.Value(i))
	case *array.Duration:
		return int64(a.Value(i))
	case *array.MonthInterval:
		return int64(a.Value(i))
	}
	panic(fmt.Sprintf("function: intAt on %T", a))
}

// floatAt reads a numeric value as float64.
func floatAt(a arrow.Array, i int) float64 {
	switch a := a.(type) {
	case *array.Float32:
		return float64(a.Value(i))
	case *array.Float64:
		return a.Value(i)
	}
	return float64(intAt(a, i))
}

// materializeAll materializes every argument; release with releaseAll.
func materializeAll(ec *EvalContext, args []Datum, n int) ([]arrow.Array, error) {
	out := make([]arrow.Array, len(args))
	for i, d := range args {
		a, err := Materialize(ec, d, n)
		if err != nil {
			releaseAll(out)
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

func releaseAll(as []arrow.Array) {
	for _, a := range as {
		if a != nil {
			a.Release()
		}
	}
}

// anyNull reports whether row i is NULL in any of the arrays.
func anyNull(as []arrow.Array, i int) bool {
	for _, a := range as {
		if a.IsNull(i) {
			return true
		}
	}
	return false
}

// rank orders the numeric types by width for widening.
func rank(t types.DataType) int {
	switch t.(type) {
	case types.NullType:
		return 0
	case types.ByteType:
		return 1
	case types.ShortType:
		return 2
	case types.IntegerType:
		return 3
	case types.LongType:
		return 4
	case types.DecimalType:
		return 5
	case types.FloatType:
		return 6
	case types.DoubleType:
		return 7
	}
	return -1
}

// widerNumeric returns the wider of two numeric (or NULL) types, or nil.
func widerNumeric(a, b types.DataType) types.DataType {
	ra, rb := rank(a), rank(b)
	if ra < 0 || rb < 0 {
		return nil
	}
	if ra == 5 || rb == 5 {
		// Decimals: with another decimal or an integral type the wider decimal, with
		// floating point a double.
		if ra >= 6 || rb >= 6 {
			return types.Double
		}
		da, oka := decimalOf(a)
		db, okb := decimalOf(b)
		if !oka {
			return db
		}
		if !okb {
			return da
		}
		return widerDecimal(da, db)
	}
	if ra >= rb {
		if ra == 0 {
			return types.Integer
		}
		return a
	}
	return b
}

// Wider returns the common type of two numeric (or NULL) types by Spark's widening
// rules, decimals included, or nil when there is none.
func Wider(a, b types.DataType) types.DataType { return widerNumeric(a, b) }
