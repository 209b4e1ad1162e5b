package datasource

import (
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
)

// This file renders values as the JVM does where Spark's writers lean on it:
// Double.toString, Float.toString, BigDecimal.toString, DateTimeFormatter patterns and
// Spark's cast to string (partition directory values).

// javaDouble formats f as Java's Double.toString: plain notation for magnitudes in
// [1e-3, 1e7), computerized scientific notation ("1.0E10") otherwise.
func javaDouble(f float64, bits int) string {
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
	s := strconv.FormatFloat(f, 'e', -1, bits)
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// javaBigDecimal formats an unscaled value and scale as Java's BigDecimal.toString:
// plain unless the adjusted exponent is below -6, then scientific ("1.00E-8").
func javaBigDecimal(n decimal128.Num, scale int32) string {
	digits := n.BigInt().String()
	neg := strings.HasPrefix(digits, "-")
	digits = strings.TrimPrefix(digits, "-")
	sign := ""
	if neg {
		sign = "-"
	}
	adjusted := -int(scale) + len(digits) - 1
	if scale >= 0 && adjusted >= -6 {
		return sign + plainDecimal(digits, int(scale))
	}
	out := digits[:1]
	if len(digits) > 1 {
		out += "." + digits[1:]
	}
	exp := strconv.Itoa(adjusted)
	if adjusted > 0 {
		exp = "+" + exp
	}
	return sign + out + "E" + exp
}

// plainDecimal places the decimal point scale digits from the right of digits.
func plainDecimal(digits string, scale int) string {
	if scale == 0 {
		return digits
	}
	if len(digits) <= scale {
		digits = strings.Repeat("0", scale-len(digits)+1) + digits
	}
	return digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
}

// plainDecimalString is BigDecimal.toPlainString (Spark's cast of a decimal to string).
func plainDecimalString(n decimal128.Num, scale int32) string {
	digits := n.BigInt().String()
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	return sign + plainDecimal(digits, int(scale))
}

// dtFormatter formats dates and timestamps with a DateTimeFormatter pattern.
type dtFormatter struct {
	items []dtItem
}

func newDTFormatter(pattern string) (*dtFormatter, error) {
	p, err := newDTPattern(pattern)
	if err != nil {
		return nil, err
	}
	return &dtFormatter{items: p.items}, nil
}

func pad(v, width int) string {
	s := strconv.Itoa(v)
	if v < 0 {
		return "-" + pad(-v, width)
	}
	if len(s) < width {
		s = strings.Repeat("0", width-len(s)) + s
	}
	return s
}

// format renders t (already in the zone to print). Optional-section brackets print
// their content: every field is always available when formatting.
func (f *dtFormatter) format(t time.Time) string {
	var b strings.Builder
	for _, it := range f.items {
		if it.literal != "" {
			if it.literal != "[" && it.literal != "]" {
				b.WriteString(it.literal)
			}
			continue
		}
		n := it.count
		switch it.letter {
		case 'y', 'u':
			y := t.Year()
			switch {
			case n == 2:
				b.WriteString(pad(y%100, 2))
			case n >= 4 && y > 9999:
				b.WriteString("+" + strconv.Itoa(y))
			default:
				b.WriteString(pad(y, n))
			}
		case 'M', 'L':
			switch {
			case n >= 4:
				b.WriteString(t.Month().String())
			case n == 3:
				b.WriteString(t.Month().String()[:3])
			default:
				b.WriteString(pad(int(t.Month()), n))
			}
		case 'd':
			b.WriteString(pad(t.Day(), n))
		case 'D':
			b.WriteString(pad(t.YearDay(), n))
		case 'H':
			b.WriteString(pad(t.Hour(), n))
		case 'k':
			h := t.Hour()
			if h == 0 {
				h = 24
			}
			b.WriteString(pad(h, n))
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			b.WriteString(pad(h, n))
		case 'K':
			b.WriteString(pad(t.Hour()%12, n))
		case 'm':
			b.WriteString(pad(t.Minute(), n))
		case 's':
			b.WriteString(pad(t.Second(), n))
		case 'S':
			frac := pad(t.Nanosecond(), 9)
			for len(frac) < n {
				frac += "0"
			}
			b.WriteString(frac[:n])
		case 'a':
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case 'E':
			d := t.Weekday().String()
			if n <= 3 {
				d = d[:3]
			}
			b.WriteString(d)
		case 'X', 'x', 'Z':
			_, off := t.Zone()
			if it.letter == 'X' && off == 0 {
				b.WriteString("Z")
				break
			}
			b.WriteString(formatOffset(off, it.letter, n))
		case 'V':
			b.WriteString(t.Location().String())
		}
	}
	return b.String()
}

// formatOffset renders a zone offset for X/x (count 1: +HH[mm], 2: +HHmm, 3: +HH:mm) and
// Z (count 1-3: +HHmm, 4: GMT+HH:mm, 5: +HH:mm).
func formatOffset(off int, letter rune, n int) string {
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	h, m, s := off/3600, off/60%60, off%60
	hh, mm := pad(h, 2), pad(m, 2)
	sec := ""
	if s != 0 {
		sec = pad(s, 2)
	}
	if letter == 'Z' {
		switch n {
		case 4:
			if off == 0 {
				return "GMT"
			}
			return "GMT" + sign + hh + ":" + mm
		case 5:
			return sign + hh + ":" + mm
		}
		return sign + hh + mm + sec
	}
	switch n {
	case 1:
		if m == 0 {
			return sign + hh
		}
		return sign + hh + mm
	case 2, 4:
		return sign + hh + mm + sec
	}
	if sec != "" {
		sec = ":" + sec
	}
	return sign + hh + ":" + mm + sec
}

// dateOf returns the calendar date of days since the epoch.
func dateOf(days int32) time.Time { return epochDate.AddDate(0, 0, int(days)) }

// sparkTimestampString is Spark's cast of a timestamp to string: yyyy-MM-dd HH:mm:ss with
// the fraction of second without trailing zeros.
func sparkTimestampString(t time.Time) string {
	s := fmt.Sprintf("%s-%s-%s %s:%s:%s", pad(t.Year(), 4), pad(int(t.Month()), 2), pad(t.Day(), 2),
		pad(t.Hour(), 2), pad(t.Minute(), 2), pad(t.Second(), 2))
	if us := t.Nanosecond() / 1000; us != 0 {
		s += "." + strings.TrimRight(pad(us, 6), "0")
	}
	return s
}

func sparkDateString(days int32) string {
	t := dateOf(days)
	return pad(t.Year(), 4) + "-" + pad(int(t.Month()), 2) + "-" + pad(t.Day(), 2)
}

// castToString renders a scalar value as Spark's cast to string in zone loc (used for
// partition directory names). It reports false for types Spark cannot partition by.
func castToString(col arrow.Array, i int, loc *time.Location) (string, bool) {
	switch c := col.(type) {
	case *array.String:
		return c.Value(i), true
	case *array.LargeString:
		return c.Value(i), true
	case *array.Boolean:
		return strconv.FormatBool(c.Value(i)), true
	case *array.Int8:
		return strconv.FormatInt(int64(c.Value(i)), 10), true
	case *array.Int16:
		return strconv.FormatInt(int64(c.Value(i)), 10), true
	case *array.Int32:
		return strconv.FormatInt(int64(c.Value(i)), 10), true
	case *array.Int64:
		return strconv.FormatInt(c.Value(i), 10), true
	case *array.Float32:
		return javaDouble(float64(c.Value(i)), 32), true
	case *array.Float64:
		return javaDouble(c.Value(i), 64), true
	case *array.Decimal128:
		return plainDecimalString(c.Value(i), c.DataType().(*arrow.Decimal128Type).Scale), true
	case *array.Date32:
		return sparkDateString(int32(c.Value(i))), true
	case *array.Timestamp:
		t := time.UnixMicro(int64(c.Value(i))).UTC()
		if c.DataType().(*arrow.TimestampType).TimeZone != "" {
			t = t.In(loc)
		}
		return sparkTimestampString(t), true
	case *array.Binary:
		return string(c.Value(i)), true
	}
	return "", false
}

// csvBinary renders binary as Spark's CSV writer does: [01 02 FF].
func csvBinary(b []byte) string {
	h := strings.ToUpper(hex.EncodeToString(b))
	parts := make([]string, len(b))
	for i := range b {
		parts[i] = h[2*i : 2*i+2]
	}
	return "[" + strings.Join(parts, " ") + "]"
}
