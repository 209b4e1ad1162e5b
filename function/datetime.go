package function

import (
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

const microsPerDay = 86400 * 1000000

// parseDate reads Spark's date strings: yyyy, yyyy-[m]m, yyyy-[m]m-[d]d, optionally
// followed by a time part (ignored), as Spark's stringToDate accepts them.
func parseDate(s string) (int32, bool) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, " T"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return 0, false
	}
	nums := [3]int{1, 1, 1}
	for i, p := range parts {
		if p == "" || len(p) > 4 || (i > 0 && len(p) > 2) {
			return 0, false
		}
		v := 0
		for _, c := range p {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		nums[i] = v
	}
	t := time.Date(nums[0], time.Month(nums[1]), nums[2], 0, 0, 0, 0, time.UTC)
	if t.Year() != nums[0] || int(t.Month()) != nums[1] || t.Day() != nums[2] {
		return 0, false
	}
	return int32(t.Unix() / 86400), true
}

var timestampLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseTimestamp reads a timestamp string in loc (or its own zone suffix) and returns
// microseconds since the epoch.
func parseTimestamp(s string, loc *time.Location) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timestampLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.UnixMicro(), true
		}
		for _, z := range []string{"Z07:00", "Z0700", " MST"} {
			if t, err := time.Parse(l+z, s); err == nil {
				return t.UnixMicro(), true
			}
		}
	}
	return 0, false
}

func days(v int32) time.Time { return time.Unix(int64(v)*86400, 0).UTC() }

// castDateTime handles casts among strings, dates and timestamps.
func castDateTime(from, to types.DataType, mode CastMode, tz string) (Kernel, bool) {
	loc, err := location(tz)
	if err != nil {
		loc = time.UTC
	}
	ntz := to == types.TimestampNTZ || from == types.TimestampNTZ
	zone := loc
	if ntz {
		zone = time.UTC
	}
	invalid := func(b array.Builder, s string) error {
		if mode == CastANSI {
			return sqlerr.New("CAST_INVALID_INPUT", "expression", "'"+s+"'", "sourceType", `"STRING"`, "targetType", typeSQL(to))
		}
		b.AppendNull()
		return nil
	}
	switch {
	case from == types.String && to == types.Date:
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			s := a.(*array.String).Value(i)
			d, ok := parseDate(s)
			if !ok {
				return invalid(b, s)
			}
			b.(*array.Date32Builder).Append(arrow.Date32(d))
			return nil
		}), true
	case from == types.String && (to == types.Timestamp || to == types.TimestampNTZ):
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			s := a.(*array.String).Value(i)
			v, ok := parseTimestamp(s, zone)
			if !ok {
				return invalid(b, s)
			}
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(v))
			return nil
		}), true
	case from == types.Date && (to == types.Timestamp || to == types.TimestampNTZ):
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			d := days(int32(a.(*array.Date32).Value(i)))
			t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, zone)
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(t.UnixMicro()))
			return nil
		}), true
	case (from == types.Timestamp || from == types.TimestampNTZ) && to == types.Date:
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			t := time.UnixMicro(int64(a.(*array.Timestamp).Value(i))).In(zone)
			d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
			b.(*array.Date32Builder).Append(arrow.Date32(d.Unix() / 86400))
			return nil
		}), true
	case (from == types.Timestamp && to == types.TimestampNTZ) || (from == types.TimestampNTZ && to == types.Timestamp):
		return perRow(to, func(ec *EvalContext, a arrow.Array, i int, b array.Builder) error {
			v := int64(a.(*array.Timestamp).Value(i))
			if from == types.Timestamp {
				t := time.UnixMicro(v).In(loc)
				v = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC).UnixMicro()
			} else {
				t := time.UnixMicro(v).UTC()
				v = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UnixMicro()
			}
			b.(*array.TimestampBuilder).Append(arrow.Timestamp(v))
			return nil
		}), true
	}
	return nil, false
}

// datePart builds an int function of a date or timestamp (year, month, ...).
func datePart(name string, f func(t time.Time) int) *ScalarFunc {
	return &ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 {
			return nil, wrongArgs(name, "1", len(args))
		}
		in := args[0]
		switch in {
		case types.Date, types.Timestamp, types.TimestampNTZ:
		case types.String, types.Null:
			in = types.Date
			if name == "hour" || name == "minute" || name == "second" {
				in = types.Timestamp
			}
		default:
			return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", "first", "requiredType", `"DATE"`, "inputSql", "", "inputType", typeSQL(args[0]))
		}
		if (name == "hour" || name == "minute" || name == "second") && in == types.Date {
			in = types.Timestamp
		}
		return &Bound{ArgTypes: []types.DataType{in}, Result: types.Integer, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arr, err := Materialize(ec, a[0], n)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			loc, err := location(ec.TimeZone)
			if err != nil {
				return nil, err
			}
			if in == types.TimestampNTZ {
				loc = time.UTC
			}
			b := array.NewInt32Builder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				if arr.IsNull(i) {
					b.AppendNull()
					continue
				}
				var t time.Time
				switch x := arr.(type) {
				case *array.Date32:
					t = days(int32(x.Value(i)))
				case *array.Timestamp:
					t = time.UnixMicro(int64(x.Value(i))).In(loc)
				}
				b.Append(int32(f(t)))
			}
			return b.NewArray(), nil
		}}, nil
	}}
}

func registerDateTime(r *Registry) {
	r.AddScalar(datePart("year", func(t time.Time) int { return t.Year() }))
	r.AddScalar(datePart("month", func(t time.Time) int { return int(t.Month()) }))
	r.AddScalar(datePart("dayofmonth", func(t time.Time) int { return t.Day() }), "day")
	r.AddScalar(datePart("quarter", func(t time.Time) int { return (int(t.Month())-1)/3 + 1 }))
	r.AddScalar(datePart("dayofweek", func(t time.Time) int { return int(t.Weekday()) + 1 }))
	r.AddScalar(datePart("dayofyear", func(t time.Time) int { return t.YearDay() }))
	r.AddScalar(datePart("hour", func(t time.Time) int { return t.Hour() }))
	r.AddScalar(datePart("minute", func(t time.Time) int { return t.Minute() }))
	r.AddScalar(datePart("second", func(t time.Time) int { return t.Second() }))
	for _, name := range []string{"date_add", "date_sub"} {
		sign := int32(1)
		if name == "date_sub" {
			sign = -1
		}
		r.AddScalar(&ScalarFunc{Name: name, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
			if len(args) != 2 {
				return nil, wrongArgs(name, "2", len(args))
			}
			return &Bound{ArgTypes: []types.DataType{types.Date, types.Integer}, Result: types.Date, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
				arrs, err := materializeAll(ec, a, n)
				if err != nil {
					return nil, err
				}
				defer releaseAll(arrs)
				b := array.NewDate32Builder(ec.Mem)
				defer b.Release()
				for i := 0; i < n; i++ {
					if anyNull(arrs, i) {
						b.AppendNull()
						continue
					}
					b.Append(arrow.Date32(int32(arrs[0].(*array.Date32).Value(i)) + sign*int32(intAt(arrs[1], i))))
				}
				return b.NewArray(), nil
			}}, nil
		}})
	}
	r.AddScalar(&ScalarFunc{Name: "datediff", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 2 {
			return nil, wrongArgs("datediff", "2", len(args))
		}
		return &Bound{ArgTypes: []types.DataType{types.Date, types.Date}, Result: types.Integer, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewInt32Builder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				if anyNull(arrs, i) {
					b.AppendNull()
					continue
				}
				b.Append(int32(arrs[0].(*array.Date32).Value(i)) - int32(arrs[1].(*array.Date32).Value(i)))
			}
			return b.NewArray(), nil
		}}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "to_date", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 {
			return nil, sqlerr.Unsupported("to_date with a format")
		}
		k, err := Cast(args[0], types.Date, CastLegacy, "")
		if err != nil {
			return nil, err
		}
		return &Bound{ArgTypes: args, Result: types.Date, AlwaysNullable: true, Kernel: k}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "to_timestamp", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 {
			return nil, sqlerr.Unsupported("to_timestamp with a format")
		}
		return &Bound{ArgTypes: args, Result: types.Timestamp, AlwaysNullable: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			k, err := Cast(args[0], types.Timestamp, CastLegacy, ec.TimeZone)
			if err != nil {
				return nil, err
			}
			return k(ec, a, n)
		}}, nil
	}})
	r.AddScalar(&ScalarFunc{Name: "current_date", Display: func([]string) string { return "current_date()" }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		return &Bound{Result: types.Date, Kernel: func(ec *EvalContext, _ []Datum, n int) (arrow.Array, error) {
			loc, err := location(ec.TimeZone)
			if err != nil {
				return nil, err
			}
			now := time.Now().In(loc)
			d := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
			return ScalarArray(ec.Mem, types.Date, int32(d.Unix()/86400), n, ec.TimeZone)
		}}, nil
	}}, "curdate")
	r.AddScalar(&ScalarFunc{Name: "current_timestamp", Display: func([]string) string { return "current_timestamp()" }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		return &Bound{Result: types.Timestamp, Kernel: func(ec *EvalContext, _ []Datum, n int) (arrow.Array, error) {
			return ScalarArray(ec.Mem, types.Timestamp, time.Now().UnixMicro(), n, ec.TimeZone)
		}}, nil
	}}, "now")
}
