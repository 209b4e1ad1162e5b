package function

import (
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// Internal functions for date and timestamp arithmetic with ANSI intervals. The
// analyzer rewrites d ± INTERVAL ... into them, as Spark's analyzer rewrites the
// operators into DateAdd, DateAddYMInterval and TimestampAddInterval.
const (
	// ExtractIntervalDays is Spark's extractansiintervaldays: the days of a day-time
	// interval, as an int.
	ExtractIntervalDays = "extractansiintervaldays"
	// DateAddMonths adds a year-month interval to a date, clamping to the month's end.
	DateAddMonths = "__date_add_ym_interval"
	// TimestampAddMonths adds a year-month interval to a timestamp in the session zone.
	TimestampAddMonths = "__timestamp_add_ym_interval"
	// TimestampAddMicros adds a day-time interval to a timestamp.
	TimestampAddMicros = "__timestamp_add_dt_interval"
)

// addMonths is java.time's plusMonths: the day of month is clamped to the last valid one.
func addMonths(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// binaryKernel applies f to every row of two non-NULL integral arguments.
func binaryKernel(result types.DataType, f func(ec *EvalContext, x, y int64) int64) Kernel {
	return func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
		arrs, err := materializeAll(ec, a, n)
		if err != nil {
			return nil, err
		}
		defer releaseAll(arrs)
		b := array.NewBuilder(ec.Mem, types.ToArrow(result, ec.TimeZone))
		defer b.Release()
		for i := 0; i < n; i++ {
			if anyNull(arrs, i) {
				b.AppendNull()
				continue
			}
			v := f(ec, intAt(arrs[0], i), intAt(arrs[1], i))
			switch bb := b.(type) {
			case *array.Date32Builder:
				bb.Append(arrow.Date32(v))
			case *array.TimestampBuilder:
				bb.Append(arrow.Timestamp(v))
			case *array.Int32Builder:
				bb.Append(int32(v))
			}
		}
		return b.NewArray(), nil
	}
}

func registerIntervals(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: ExtractIntervalDays, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 {
			return nil, wrongArgs(ExtractIntervalDays, "1", len(args))
		}
		return &Bound{ArgTypes: args, Result: types.Integer, NullIntolerant: true, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arrs, err := materializeAll(ec, a, n)
			if err != nil {
				return nil, err
			}
			defer releaseAll(arrs)
			b := array.NewInt32Builder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				if arrs[0].IsNull(i) {
					b.AppendNull()
					continue
				}
				b.Append(int32(intAt(arrs[0], i) / 86400e6))
			}
			return b.NewArray(), nil
		}}, nil
	}})
	addInfix := func(name string, result types.DataType, f func(ec *EvalContext, x, y int64) int64) {
		for _, sign := range []int64{1, -1} {
			fname, op := name, " + "
			if sign < 0 {
				fname, op = name+"_neg", " - "
			}
			s := sign
			r.AddScalar(&ScalarFunc{Name: fname, Display: func(a []string) string { return a[0] + op + a[1] }, Bind: func(args []types.DataType, _ bool) (*Bound, error) {
				return &Bound{ArgTypes: args, Result: result, NullIntolerant: true,
					Kernel: binaryKernel(result, func(ec *EvalContext, x, y int64) int64 { return f(ec, x, s*y) })}, nil
			}})
		}
	}
	addInfix(DateAddMonths, types.Date, func(_ *EvalContext, days, months int64) int64 {
		t := addMonths(time.Unix(days*86400, 0).UTC(), int(months))
		return floorDiv(t.Unix(), 86400)
	})
	addInfix(TimestampAddMonths, types.Timestamp, func(ec *EvalContext, micros, months int64) int64 {
		loc := time.UTC
		if z, err := time.LoadLocation(ec.TimeZone); err == nil && ec.TimeZone != "" {
			loc = z
		}
		return addMonths(time.UnixMicro(micros).In(loc), int(months)).UnixMicro()
	})
	addInfix(TimestampAddMicros, types.Timestamp, func(_ *EvalContext, micros, d int64) int64 { return micros + d })
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

var dayTimeFields = [...]string{"DAY", "HOUR", "MINUTE", "SECOND"}

// FormatDayTimeInterval renders a day-time interval literal as Spark's ANSI style does:
// INTERVAL '1 02:03' DAY TO MINUTE; the leading field is unpadded for DAY and
// two-digit for the others.
func FormatDayTimeInterval(micros int64, start, end byte) string {
	const (
		second = int64(1e6)
		minute = 60 * second
		hour   = 60 * minute
		day    = 24 * hour
	)
	sign := ""
	rest := micros
	if rest < 0 {
		sign, rest = "-", -rest
	}
	units := [...]int64{day, hour, minute, second}
	var b strings.Builder
	for f := start; f <= end; f++ {
		v := rest / units[f]
		rest %= units[f]
		switch {
		case f == start && f == types.IntervalDay:
			fmt.Fprintf(&b, "%d", v)
		case f == start:
			fmt.Fprintf(&b, "%02d", v)
		case f == types.IntervalHour:
			fmt.Fprintf(&b, " %02d", v)
		default:
			fmt.Fprintf(&b, ":%02d", v)
		}
		if f == types.IntervalSecond && rest != 0 {
			b.WriteString("." + strings.TrimRight(fmt.Sprintf("%06d", rest), "0"))
		}
	}
	fields := dayTimeFields[start]
	if end != start {
		fields += " TO " + dayTimeFields[end]
	}
	return "INTERVAL '" + sign + b.String() + "' " + fields
}

// FormatYearMonthInterval renders a year-month interval literal: INTERVAL '1-2' YEAR TO
// MONTH, INTERVAL '1' YEAR or INTERVAL '14' MONTH.
func FormatYearMonthInterval(months int32, start, end byte) string {
	sign := ""
	m := int64(months)
	if m < 0 {
		sign, m = "-", -m
	}
	switch {
	case start == types.IntervalYear && end == types.IntervalMonth:
		return fmt.Sprintf("INTERVAL '%s%d-%d' YEAR TO MONTH", sign, m/12, m%12)
	case start == types.IntervalYear:
		return fmt.Sprintf("INTERVAL '%s%d' YEAR", sign, m/12)
	}
	return fmt.Sprintf("INTERVAL '%s%d' MONTH", sign, m)
}
