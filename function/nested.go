package function

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// appendAt appends row i of a to b, which has the same Arrow type (or a NULL array),
// recursing into lists, maps and structs.
func appendAt(b array.Builder, a arrow.Array, i int) {
	if a.DataType().ID() == arrow.NULL || a.IsNull(i) {
		b.AppendNull()
		return
	}
	switch x := a.(type) {
	case *array.List:
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		start, end := x.ValueOffsets(i)
		vb, vals := lb.ValueBuilder(), x.ListValues()
		for j := start; j < end; j++ {
			appendAt(vb, vals, int(j))
		}
	case *array.Map:
		mb := b.(*array.MapBuilder)
		mb.Append(true)
		start, end := x.ValueOffsets(i)
		kb, ib := mb.KeyBuilder(), mb.ItemBuilder()
		keys, items := x.Keys(), x.Items()
		for j := start; j < end; j++ {
			appendAt(kb, keys, int(j))
			appendAt(ib, items, int(j))
		}
	case *array.Struct:
		sb := b.(*array.StructBuilder)
		sb.Append(true)
		for f := 0; f < x.NumField(); f++ {
			appendAt(sb.FieldBuilder(f), x.Field(f), i)
		}
	case *array.Duration:
		b.(*array.DurationBuilder).Append(x.Value(i))
	case *array.MonthInterval:
		b.(*array.MonthIntervalBuilder).Append(x.Value(i))
	default:
		copyValue(b, a, i)
	}
}

// takeRows returns the rows idx of a as a new array.
func takeRows(ec *EvalContext, a arrow.Array, idx []int) (arrow.Array, error) {
	b := array.NewBuilder(ec.Mem, a.DataType())
	defer b.Release()
	b.Reserve(len(idx))
	for _, i := range idx {
		appendAt(b, a, i)
	}
	return b.NewArray(), nil
}

// newBuilder returns a builder of the Arrow type of t.
func newBuilder(ec *EvalContext, t types.DataType) array.Builder {
	return array.NewBuilder(ec.Mem, types.ToArrow(t, ec.TimeZone))
}

// rowRef holds one value of any type (nested too) as a one-row slice of an input array,
// to be appended to a builder later; nil means unset.
type rowRef = arrow.Array

// refAt returns a one-row slice of row i of a.
func refAt(a arrow.Array, i int) rowRef { return array.NewSlice(a, int64(i), int64(i+1)) }

// releaseRef releases a held value, if any.
func releaseRef(r rowRef) {
	if r != nil {
		r.Release()
	}
}

// compareValues orders row i of a against row j of b (same type) as Spark orders
// values: NULL first, NaN greatest, arrays element by element then by length, structs
// field by field.
func compareValues(a arrow.Array, i int, b arrow.Array, j int) int {
	an, bn := isNull(a, i), isNull(b, j)
	switch {
	case an && bn:
		return 0
	case an:
		return -1
	case bn:
		return 1
	}
	switch x := a.(type) {
	case *array.List:
		y := b.(*array.List)
		s1, e1 := x.ValueOffsets(i)
		s2, e2 := y.ValueOffsets(j)
		for k := int64(0); s1+k < e1 && s2+k < e2; k++ {
			if c := compareValues(x.ListValues(), int(s1+k), y.ListValues(), int(s2+k)); c != 0 {
				return c
			}
		}
		return cmpInt(e1-s1, e2-s2)
	case *array.Struct:
		y := b.(*array.Struct)
		for f := 0; f < x.NumField(); f++ {
			if c := compareValues(x.Field(f), i, y.Field(f), j); c != 0 {
				return c
			}
		}
		return 0
	case *array.Duration, *array.MonthInterval:
		return cmpInt(intAt(a, i), intAt(b, j))
	}
	return compareAt(a, i, b, j)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// equalValues reports whether two non-NULL values are equal as Spark's ordering
// compares them (NaN equals NaN, -0.0 equals 0.0).
func equalValues(a arrow.Array, i int, b arrow.Array, j int) bool {
	return compareValues(a, i, b, j) == 0
}
