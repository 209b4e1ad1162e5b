package exectest

import (
	"fmt"
	"math"
	"reflect"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
)

// Go values stand for Spark values as in plan.Literal: nil (NULL), bool, int8 (tinyint),
// int16 (smallint), int32 (int, date days), int64 (bigint, timestamp micros), float32,
// float64, string, []byte and decimal128.Num. Plain Go ints are accepted in inputs and
// expectations for any integer type.

// Schema returns a struct type of nullable fields from name, type pairs.
func Schema(pairs ...any) types.StructType {
	var st types.StructType
	for i := 0; i+1 < len(pairs); i += 2 {
		st.Fields = append(st.Fields, types.StructField{Name: pairs[i].(string), Type: pairs[i+1].(types.DataType), Nullable: true})
	}
	return st
}

// Layout varies how Batch lays out arrays, to exercise operators on the shapes Arrow
// allows.
type Layout struct {
	// Offset puts this many junk rows before the data and slices them off, so arrays
	// have a non-zero offset.
	Offset int
	// NoValidity drops the validity bitmap of columns without NULLs (instead of keeping
	// an all-set one, as builders make).
	NoValidity bool
}

// Batch builds a record batch of schema st from rows of Go values, allocated from mem.
func Batch(mem memory.Allocator, st types.StructType, rows [][]any, l Layout) arrow.RecordBatch {
	schema := types.ArrowSchema(st, "UTC")
	cols := make([]arrow.Array, len(st.Fields))
	for c, f := range st.Fields {
		cols[c] = column(mem, f.Type, schema.Field(c).Type, rows, c, l)
	}
	b := array.NewRecordBatch(schema, cols, int64(len(rows)))
	for _, c := range cols {
		c.Release()
	}
	return b
}

// Batches splits rows into batches of at most size rows (at least one batch, possibly
// empty, when rows is empty and size < 0).
func Batches(mem memory.Allocator, st types.StructType, rows [][]any, size int, l Layout) []arrow.RecordBatch {
	var out []arrow.RecordBatch
	for lo := 0; lo < len(rows); lo += size {
		out = append(out, Batch(mem, st, rows[lo:min(lo+size, len(rows))], l))
	}
	return out
}

func column(mem memory.Allocator, t types.DataType, at arrow.DataType, rows [][]any, c int, l Layout) arrow.Array {
	b := array.NewBuilder(mem, at)
	defer b.Release()
	hasNull := false
	for _, r := range rows {
		if r[c] == nil {
			hasNull = true
		}
	}
	junk := func(i int) {
		if !l.NoValidity && i%2 == 1 {
			b.AppendNull()
			return
		}
		appendValue(b, t, junkValue(t, i))
	}
	for i := 0; i < l.Offset; i++ {
		junk(i)
	}
	for _, r := range rows {
		appendValue(b, t, r[c])
	}
	for i := 0; i < l.Offset; i++ {
		junk(i + 1)
	}
	full := b.NewArray()
	defer full.Release()
	if l.NoValidity && !hasNull && full.NullN() == 0 {
		d := full.Data()
		bufs := append([]*memory.Buffer{nil}, d.Buffers()[1:]...)
		nd := array.NewData(at, d.Len(), bufs, d.Children(), 0, d.Offset())
		full = array.MakeFromData(nd)
		nd.Release()
		defer full.Release()
	}
	return array.NewSlice(full, int64(l.Offset), int64(l.Offset+len(rows)))
}

func junkValue(t types.DataType, i int) any {
	switch t.(type) {
	case types.BooleanType:
		return i%2 == 0
	case types.ByteType:
		return int8(-99)
	case types.ShortType:
		return int16(-999)
	case types.IntegerType, types.DateType:
		return int32(-99999 - i)
	case types.LongType, types.TimestampType, types.TimestampNTZType:
		return int64(-9999999 - i)
	case types.FloatType:
		return float32(-1.5)
	case types.DoubleType:
		return -99.25
	case types.StringType:
		return fmt.Sprintf("junk%d-junk", i)
	case types.BinaryType:
		return []byte{0xde, 0xad}
	case types.DecimalType:
		return decimal128.FromI64(-12345)
	}
	return nil
}

func appendValue(b array.Builder, t types.DataType, v any) {
	if v == nil {
		b.AppendNull()
		return
	}
	v = Normalize(v, t)
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
	case *array.NullBuilder:
		b.AppendNull()
	default:
		panic(fmt.Sprintf("exectest: no values of %s", t))
	}
}

// Normalize converts a Go value to the representation of Spark type t (plain ints to the
// sized integer type, float64 to float32 for float).
func Normalize(v any, t types.DataType) any {
	if v == nil {
		return nil
	}
	i, isInt := v.(int)
	switch t.(type) {
	case types.ByteType:
		if isInt {
			return int8(i)
		}
	case types.ShortType:
		if isInt {
			return int16(i)
		}
	case types.IntegerType, types.DateType:
		if isInt {
			return int32(i)
		}
	case types.LongType, types.TimestampType, types.TimestampNTZType:
		if isInt {
			return int64(i)
		}
	case types.FloatType:
		if f, ok := v.(float64); ok {
			return float32(f)
		}
	case types.DoubleType:
		if isInt {
			return float64(i)
		}
	case types.DecimalType:
		if isInt {
			return decimal128.FromI64(int64(i))
		}
	}
	return v
}

// Value returns row i of arr as a Go value.
func Value(arr arrow.Array, i int) any {
	if arr.IsNull(i) || arr.DataType().ID() == arrow.NULL {
		return nil
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int8:
		return a.Value(i)
	case *array.Int16:
		return a.Value(i)
	case *array.Int32:
		return a.Value(i)
	case *array.Int64:
		return a.Value(i)
	case *array.Float32:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.Binary:
		return append([]byte{}, a.Value(i)...)
	case *array.Date32:
		return int32(a.Value(i))
	case *array.Timestamp:
		return int64(a.Value(i))
	case *array.Decimal128:
		return a.Value(i)
	}
	panic(fmt.Sprintf("exectest: no Go value for %s", arr.DataType()))
}

// Rows returns the rows of batches as Go values.
func Rows(batches ...arrow.RecordBatch) [][]any {
	var out [][]any
	for _, b := range batches {
		for i := 0; i < int(b.NumRows()); i++ {
			row := make([]any, b.NumCols())
			for c, col := range b.Columns() {
				row[c] = Value(col, i)
			}
			out = append(out, row)
		}
	}
	return out
}

// NormalizeRows converts expected rows to the representation of the schema's types.
func NormalizeRows(st types.StructType, rows [][]any) [][]any {
	out := make([][]any, len(rows))
	for r, row := range rows {
		out[r] = make([]any, len(row))
		for c, v := range row {
			if c < len(st.Fields) {
				v = Normalize(v, st.Fields[c].Type)
			}
			out[r][c] = v
		}
	}
	return out
}

// EqualValues compares Go values, with NaN equal to NaN.
func EqualValues(a, b any) bool {
	switch x := a.(type) {
	case float64:
		if y, ok := b.(float64); ok && math.IsNaN(x) && math.IsNaN(y) {
			return true
		}
	case float32:
		if y, ok := b.(float32); ok && x != x && y != y {
			return true
		}
	}
	return reflect.DeepEqual(a, b)
}
