package function

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// FormatForShow renders each row of arr as Dataset.show() does (Spark's ToPrettyString):
// NULL for nulls, Java's float formatting, dates and timestamps in the session time
// zone, binary as hex bytes, arrays, maps and structs in brackets.
func FormatForShow(ec *EvalContext, arr arrow.Array, t types.DataType) ([]string, error) {
	loc, err := location(ec.TimeZone)
	if err != nil {
		return nil, err
	}
	out := make([]string, arr.Len())
	for i := range out {
		out[i] = showValue(arr, i, t, loc, true)
	}
	return out, nil
}

func location(tz string) (*time.Location, error) {
	if tz == "" {
		return time.UTC, nil
	}
	return time.LoadLocation(tz)
}

// showValue formats one value; top marks the outermost level, where NULL is "NULL"
// (nested NULLs are "NULL" too in Spark 4's ToPrettyString).
func showValue(arr arrow.Array, i int, t types.DataType, loc *time.Location, top bool) string {
	if arr.IsNull(i) || arr.DataType().ID() == arrow.NULL {
		return "NULL"
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return strconv.FormatBool(a.Value(i))
	case *array.Int8, *array.Int16, *array.Int32, *array.Int64:
		return strconv.FormatInt(intAt(arr, i), 10)
	case *array.Float32:
		return JavaFloat(float64(a.Value(i)), 32)
	case *array.Float64:
		return JavaFloat(a.Value(i), 64)
	case *array.String:
		return a.Value(i)
	case *array.Binary:
		b := a.Value(i)
		parts := make([]string, len(b))
		for j, x := range b {
			parts[j] = fmt.Sprintf("%02X", x)
		}
		return "[" + strings.Join(parts, " ") + "]"
	case *array.Date32:
		return FormatDate(int32(a.Value(i)))
	case *array.Timestamp:
		tt, _ := t.(types.TimestampNTZType)
		_ = tt
		if t == types.TimestampNTZ {
			return FormatTimestamp(int64(a.Value(i)), time.UTC)
		}
		return FormatTimestamp(int64(a.Value(i)), loc)
	case *array.Decimal128:
		dt := a.DataType().(*arrow.Decimal128Type)
		return a.Value(i).ToString(dt.Scale)
	case *array.List:
		at, _ := t.(types.ArrayType)
		start, end := a.ValueOffsets(i)
		vals := a.ListValues()
		parts := make([]string, 0, end-start)
		for j := start; j < end; j++ {
			parts = append(parts, showValue(vals, int(j), at.Elem, loc, false))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *array.Map:
		mt, _ := t.(types.MapType)
		start, end := a.ValueOffsets(i)
		keys, items := a.Keys(), a.Items()
		parts := make([]string, 0, end-start)
		for j := start; j < end; j++ {
			parts = append(parts, showValue(keys, int(j), mt.Key, loc, false)+" -> "+showValue(items, int(j), mt.Value, loc, false))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case *array.Struct:
		st, _ := t.(types.StructType)
		parts := make([]string, a.NumField())
		for j := range parts {
			var ft types.DataType = types.String
			if j < len(st.Fields) {
				ft = st.Fields[j].Type
			}
			parts[j] = showValue(a.Field(j), i, ft, loc, false)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return arr.ValueStr(i)
}

var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// FormatDate renders days since the epoch as yyyy-MM-dd.
func FormatDate(days int32) string {
	return epoch.AddDate(0, 0, int(days)).Format("2006-01-02")
}

// FormatTimestamp renders microseconds since the epoch in loc as Spark does:
// yyyy-MM-dd HH:mm:ss with the fraction of a second trimmed of trailing zeros.
func FormatTimestamp(micros int64, loc *time.Location) string {
	t := time.UnixMicro(micros).In(loc)
	s := t.Format("2006-01-02 15:04:05")
	if frac := t.Nanosecond() / 1000; frac != 0 {
		f := strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
		s += "." + f
	}
	return s
}

// JavaFloat renders a float as Java's Double.toString (bits 64) or Float.toString
// (bits 32): the shortest representation, in scientific notation outside [1e-3, 1e7).
func JavaFloat(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	abs := math.Abs(f)
	if abs >= 1e-3 && abs < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, bits)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, bits)
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	neg := strings.HasPrefix(exp, "-")
	exp = strings.TrimLeft(strings.TrimLeft(exp, "+-"), "0")
	if neg {
		exp = "-" + exp
	}
	return mant + "E" + exp
}
