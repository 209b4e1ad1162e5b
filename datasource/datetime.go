package datasource

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// This file holds the date and timestamp parsing the text formats share: Spark's lenient
// default parsers (DateTimeUtils.stringToDate and stringToTimestamp) and a small
// DateTimeFormatter-pattern parser for the dateFormat and timestampFormat options.

const microsPerSecond = 1_000_000

var epochDate = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// isSparkTrimmed reports whether r is trimmed by Spark's date-time parsers: Java
// whitespace or ISO control characters.
func isSparkTrimmed(r rune) bool {
	return r <= ' ' || (r >= 0x7f && r <= 0x9f) || unicode.IsSpace(r) && r != 0xa0 && r != 0x2007 && r != 0x202f
}

func trimDateTime(s string) string {
	return strings.TrimFunc(s, isSparkTrimmed)
}

// daysFromCivil returns the days since 1970-01-01 of a proleptic Gregorian date, and
// whether the date is valid.
func daysFromCivil(y, m, d int) (int32, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return 0, false
	}
	// t is midnight UTC, so its Unix seconds divide exactly (Sub would saturate
	// outside ±292 years).
	return int32(t.Unix() / 86400), true
}

// stringToDate parses a date as Spark's DateTimeUtils.stringToDate: [+-]yyyy[y...],
// [+-]yyyy-[m]m, [+-]yyyy-[m]m-[d]d, optionally followed by ' ' or 'T' and anything.
func stringToDate(s string) (int32, bool) {
	b := trimDateTime(s)
	if b == "" {
		return 0, false
	}
	seg := [3]int{1, 1, 1}
	sign := 1
	j := 0
	if b[0] == '-' || b[0] == '+' {
		if b[0] == '-' {
			sign = -1
		}
		j++
	}
	valid := func(i, digits int) bool {
		return (i == 0 && digits >= 4 && digits <= 7) || (i != 0 && digits > 0 && digits <= 2)
	}
	i, cur, digits := 0, 0, 0
	for ; j < len(b) && i < 3 && b[j] != ' ' && b[j] != 'T'; j++ {
		c := b[j]
		if i < 2 && c == '-' {
			if !valid(i, digits) {
				return 0, false
			}
			seg[i] = cur
			cur, digits = 0, 0
			i++
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		cur = cur*10 + int(c-'0')
		digits++
	}
	if !valid(i, digits) {
		return 0, false
	}
	if i < 2 && j < len(b) {
		return 0, false
	}
	seg[i] = cur
	return daysFromCivil(sign*seg[0], seg[1], seg[2])
}

// tsParts is a parsed timestamp string: local date-time fields and an optional zone.
type tsParts struct {
	year, month, day, hour, minute, second, micros int
	zone                                           *time.Location
	hasZone                                        bool
	justTime                                       bool
}

// parseTimestampString follows Spark's DateTimeUtils.parseTimestampString:
// [+-]yyyy[-[m]m[-[d]d]][( |T)[h]h[:[m]m[:[s]s[.fraction]]][zone]] or a time alone.
func parseTimestampString(s string) (tsParts, bool) {
	b := trimDateTime(s)
	seg := [9]int{1, 1, 1, 0, 0, 0, 0, 0, 0}
	valid := func(i, digits int) bool {
		return i == 6 || (i == 0 && digits >= 4 && digits <= 6) || (i == 7 && digits <= 2) ||
			(i != 0 && i != 6 && i != 7 && digits > 0 && digits <= 2)
	}
	var p tsParts
	i, cur, digits, fracDigits := 0, 0, 0, 0
	j := 0
	yearSign := 0
	zone := ""
	hasZone := false
	if j < len(b) && (b[j] == '-' || b[j] == '+') {
		yearSign = 1
		if b[j] == '-' {
			yearSign = -1
		}
		j++
	}
	next := func() bool {
		if !valid(i, digits) {
			return false
		}
		seg[i] = cur
		cur, digits = 0, 0
		i++
		return true
	}
	for ; j < len(b); j++ {
		c := b[j]
		if c >= '0' && c <= '9' {
			if i == 6 {
				fracDigits++
			}
			if i != 6 || digits < 6 {
				cur = cur*10 + int(c-'0')
			}
			digits++
			continue
		}
		switch {
		case j == 0 && c == 'T':
			p.justTime = true
			i += 3
		case i < 2:
			if c == '-' {
				if !next() {
					return p, false
				}
			} else if i == 0 && c == ':' && yearSign == 0 {
				p.justTime = true
				if !valid(3, digits) {
					return p, false
				}
				seg[3] = cur
				cur, digits = 0, 0
				i = 4
			} else {
				return p, false
			}
		case i == 2:
			if c != ' ' && c != 'T' {
				return p, false
			}
			if !next() {
				return p, false
			}
		case i == 3 || i == 4:
			if c != ':' || !next() {
				return p, false
			}
		case i == 5 || i == 6:
			if c == '.' && i == 5 {
				if !next() {
					return p, false
				}
			} else {
				if !next() {
					return p, false
				}
				zone = b[j:]
				hasZone = true
				j = len(b)
			}
			if i == 6 && c != '.' {
				i++
			}
		default:
			return p, false
		}
	}
	if !valid(i, digits) {
		return p, false
	}
	seg[i] = cur
	for ; fracDigits < 6; fracDigits++ {
		seg[6] *= 10
	}
	if hasZone {
		loc, ok := parseZoneID(strings.TrimSpace(zone))
		if !ok {
			return p, false
		}
		p.zone, p.hasZone = loc, true
	}
	if yearSign != 0 {
		seg[0] *= yearSign
	}
	p.year, p.month, p.day, p.hour, p.minute, p.second, p.micros = seg[0], seg[1], seg[2], seg[3], seg[4], seg[5], seg[6]
	if p.hour > 23 || p.minute > 59 || p.second > 59 {
		return p, false
	}
	if !p.justTime {
		if _, ok := daysFromCivil(p.year, p.month, p.day); !ok {
			return p, false
		}
	}
	return p, true
}

// instant turns parsed parts into microseconds since the epoch, resolving a local
// date-time in loc when the string had no zone.
func (p tsParts) instant(loc *time.Location) int64 {
	if p.hasZone {
		loc = p.zone
	}
	y, m, d := p.year, p.month, p.day
	if p.justTime {
		now := time.Now().In(loc)
		y, m, d = now.Year(), int(now.Month()), now.Day()
	}
	t := time.Date(y, time.Month(m), d, p.hour, p.minute, p.second, 0, loc)
	return t.Unix()*microsPerSecond + int64(p.micros)
}

// local returns the microseconds of the local date-time as if it were UTC.
func (p tsParts) local() int64 {
	return p.instant(time.UTC)
}

// stringToTimestamp parses a timestamp as Spark's DateTimeUtils.stringToTimestamp,
// resolving local date-times in loc.
func stringToTimestamp(s string, loc *time.Location) (int64, bool) {
	p, ok := parseTimestampString(s)
	if !ok {
		return 0, false
	}
	return p.instant(loc), true
}

// stringToTimestampNTZ parses a local date-time; strings with a zone are rejected.
func stringToTimestampNTZ(s string) (int64, bool) {
	p, ok := parseTimestampString(s)
	if !ok || p.hasZone || p.justTime {
		return 0, false
	}
	return p.local(), true
}

// parseZoneID resolves a zone as Java's ZoneId.of with Spark's extensions: Z, UTC, GMT,
// UT, offsets (+h, +hh, +hh:mm, +hhmm, +h:mm, +hh:m), prefixed offsets (UTC+8, GMT-03:00)
// and region names.
func parseZoneID(z string) (*time.Location, bool) {
	switch z {
	case "":
		return nil, false
	case "Z", "UTC", "GMT", "UT":
		return time.UTC, true
	}
	if z[0] == '+' || z[0] == '-' {
		return parseOffset(z)
	}
	for _, pre := range []string{"UTC", "GMT", "UT"} {
		if strings.HasPrefix(z, pre) && len(z) > len(pre) && (z[len(pre)] == '+' || z[len(pre)] == '-') {
			return parseOffset(z[len(pre):])
		}
	}
	if short, ok := javaShortZoneIDs[z]; ok {
		z = short
	}
	if !strings.Contains(z, "/") {
		return nil, false
	}
	loc, err := time.LoadLocation(z)
	if err != nil {
		return nil, false
	}
	return loc, true
}

// javaShortZoneIDs is the part of Java's ZoneId.SHORT_IDS that maps to region names.
var javaShortZoneIDs = map[string]string{
	"ACT": "Australia/Darwin", "AET": "Australia/Sydney", "AGT": "America/Argentina/Buenos_Aires",
	"ART": "Africa/Cairo", "AST": "America/Anchorage", "BET": "America/Sao_Paulo",
	"BST": "Asia/Dhaka", "CAT": "Africa/Harare", "CNT": "America/St_Johns", "CST": "America/Chicago",
	"CTT": "Asia/Shanghai", "EAT": "Africa/Addis_Ababa", "ECT": "Europe/Paris", "IET": "America/Indiana/Indianapolis",
	"IST": "Asia/Kolkata", "JST": "Asia/Tokyo", "MIT": "Pacific/Apia", "NET": "Asia/Yerevan",
	"NST": "Pacific/Auckland", "PLT": "Asia/Karachi", "PNT": "America/Phoenix", "PRT": "America/Puerto_Rico",
	"PST": "America/Los_Angeles", "SST": "Pacific/Guadalcanal", "VST": "Asia/Ho_Chi_Minh",
}

func parseOffset(z string) (*time.Location, bool) {
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	body := z[1:]
	var h, m, sec int
	var err error
	atoi := func(s string) int {
		if err != nil {
			return 0
		}
		var v int
		v, err = strconv.Atoi(s)
		if err == nil && (len(s) == 0 || s[0] < '0' || s[0] > '9') {
			err = fmt.Errorf("bad offset")
		}
		return v
	}
	parts := strings.Split(body, ":")
	switch len(parts) {
	case 1:
		switch len(body) {
		case 1, 2:
			h = atoi(body)
		case 4:
			h, m = atoi(body[:2]), atoi(body[2:])
		case 6:
			h, m, sec = atoi(body[:2]), atoi(body[2:4]), atoi(body[4:])
		default:
			return nil, false
		}
	case 2, 3:
		if len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 {
			return nil, false
		}
		h, m = atoi(parts[0]), atoi(parts[1])
		if len(parts) == 3 {
			if len(parts[2]) != 2 {
				return nil, false
			}
			sec = atoi(parts[2])
		}
	default:
		return nil, false
	}
	if err != nil || h > 18 || m > 59 || sec > 59 {
		return nil, false
	}
	return time.FixedZone(z, sign*(h*3600+m*60+sec)), true
}

// dtPattern is a parsed DateTimeFormatter pattern (the subset the text formats support:
// y u M L d D H k h K m s S a E X x Z VV and quoted literals).
type dtPattern struct {
	items []dtItem
	// hasTime reports whether the pattern has any time-of-day field.
	hasTime bool
}

type dtItem struct {
	letter  rune
	count   int
	literal string
}

func newDTPattern(p string) (*dtPattern, error) {
	out := &dtPattern{}
	rs := []rune(p)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case c == '\'':
			j := i + 1
			var lit strings.Builder
			for ; j < len(rs); j++ {
				if rs[j] == '\'' {
					if j+1 < len(rs) && rs[j+1] == '\'' {
						lit.WriteRune('\'')
						j++
						continue
					}
					break
				}
				lit.WriteRune(rs[j])
			}
			if j >= len(rs) {
				return nil, fmt.Errorf("unterminated quote in pattern %q", p)
			}
			if j == i+1 {
				lit.WriteRune('\'')
			}
			out.items = append(out.items, dtItem{literal: lit.String()})
			i = j + 1
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
			j := i
			for j < len(rs) && rs[j] == c {
				j++
			}
			if !strings.ContainsRune("yuMLdDHkhKmsSaEXxZV", c) {
				return nil, fmt.Errorf("unsupported pattern letter %q in %q", c, p)
			}
			if strings.ContainsRune("HkhKmsSa", c) {
				out.hasTime = true
			}
			out.items = append(out.items, dtItem{letter: c, count: j - i})
			i = j
		default:
			out.items = append(out.items, dtItem{literal: string(c)})
			i++
		}
	}
	return out, nil
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
var dayNames = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

// parse matches s against the pattern; the whole string must match.
func (p *dtPattern) parse(s string) (tsParts, bool) {
	r := tsParts{year: 1970, month: 1, day: 1}
	pos := 0
	pm, hasAmPm := false, false
	hour12 := -1
	dayOfYear := -1
	number := func(minW, maxW int) (int, bool) {
		st := pos
		for pos < len(s) && pos-st < maxW && s[pos] >= '0' && s[pos] <= '9' {
			pos++
		}
		if pos-st < minW {
			return 0, false
		}
		v, err := strconv.Atoi(s[st:pos])
		return v, err == nil
	}
	// nextIsNumeric reports whether the item after idx is a numeric field, for Java's
	// adjacent value parsing (a one-letter field followed by a number takes fixed width).
	nextIsNumeric := func(idx int) bool {
		if idx+1 >= len(p.items) {
			return false
		}
		n := p.items[idx+1]
		return n.literal == "" && strings.ContainsRune("yuMLdDHkhKmsS", n.letter) && !(n.letter == 'M' && n.count >= 3)
	}
	for idx, it := range p.items {
		if it.literal != "" {
			if !strings.HasPrefix(s[pos:], it.literal) {
				return r, false
			}
			pos += len(it.literal)
			continue
		}
		width := func(def int) (int, int) {
			if it.count >= 2 {
				return it.count, it.count
			}
			if nextIsNumeric(idx) {
				return def, def
			}
			return 1, 19
		}
		var v int
		var ok bool
		switch it.letter {
		case 'y', 'u':
			if it.count == 2 {
				v, ok = number(2, 2)
				v += 2000
			} else {
				minW := it.count
				if minW < 1 {
					minW = 1
				}
				sign := 1
				if pos < len(s) && (s[pos] == '+' || s[pos] == '-') && it.count >= 4 {
					if s[pos] == '-' {
						sign = -1
					}
					pos++
				}
				maxW := 9
				if nextIsNumeric(idx) {
					maxW = minW
				}
				v, ok = number(minW, maxW)
				v *= sign
			}
			r.year = v
		case 'M', 'L':
			if it.count >= 3 {
				ok = false
				low := strings.ToLower(s[pos:])
				for i, name := range monthNames {
					n := name
					if it.count == 3 {
						n = name[:3]
					}
					if strings.HasPrefix(low, n) {
						v, ok = i+1, true
						pos += len(n)
						break
					}
				}
			} else {
				v, ok = number(width(2))
			}
			r.month = v
		case 'd':
			v, ok = number(width(2))
			r.day = v
		case 'D':
			v, ok = number(width(3))
			dayOfYear = v
		case 'H', 'k':
			v, ok = number(width(2))
			if it.letter == 'k' && v == 24 {
				v = 0
			}
			r.hour = v
		case 'h', 'K':
			v, ok = number(width(2))
			hour12 = v
		case 'm':
			v, ok = number(width(2))
			r.minute = v
		case 's':
			v, ok = number(width(2))
			r.second = v
		case 'S':
			st := pos
			v, ok = number(1, it.count)
			n := pos - st
			for ; n < 6; n++ {
				v *= 10
			}
			for ; n > 6; n-- {
				v /= 10
			}
			r.micros = v
		case 'a':
			low := strings.ToLower(s[pos:])
			switch {
			case strings.HasPrefix(low, "am"):
				ok = true
			case strings.HasPrefix(low, "pm"):
				ok, pm = true, true
			}
			hasAmPm = true
			pos += 2
		case 'E':
			low := strings.ToLower(s[pos:])
			for _, name := range dayNames {
				n := name
				if it.count <= 3 {
					n = name[:3]
				}
				if strings.HasPrefix(low, n) {
					ok = true
					pos += len(n)
					break
				}
			}
		case 'X', 'x', 'Z':
			if it.letter == 'X' && pos < len(s) && s[pos] == 'Z' {
				pos++
				r.zone, r.hasZone, ok = time.UTC, true, true
				break
			}
			st := pos
			if pos < len(s) && (s[pos] == '+' || s[pos] == '-') {
				pos++
				for pos < len(s) && (s[pos] >= '0' && s[pos] <= '9' || s[pos] == ':') {
					pos++
				}
			}
			r.zone, ok = parseOffset(s[st:pos])
			r.hasZone = ok
		case 'V':
			st := pos
			for pos < len(s) && s[pos] != ' ' {
				pos++
			}
			r.zone, ok = parseZoneID(s[st:pos])
			r.hasZone = ok
		}
		if !ok || pos > len(s) {
			return r, false
		}
	}
	if pos != len(s) {
		return r, false
	}
	if hour12 >= 0 {
		if hour12 < 1 || hour12 > 12 && !hasAmPm {
			return r, false
		}
		r.hour = hour12 % 12
		if pm {
			r.hour += 12
		}
	}
	if dayOfYear > 0 {
		t := time.Date(r.year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, dayOfYear-1)
		if t.Year() != r.year {
			return r, false
		}
		r.month, r.day = int(t.Month()), t.Day()
	}
	if r.hour > 23 || r.minute > 59 || r.second > 59 {
		return r, false
	}
	if _, ok := daysFromCivil(r.year, r.month, r.day); !ok {
		return r, false
	}
	return r, true
}

// dateParser parses dates for one reader: a user pattern or Spark's default.
type dateParser struct {
	pattern *dtPattern
	// fallback allows Spark's lenient stringToDate after the pattern fails (the default
	// when no dateFormat is set).
	fallback bool
}

func newDateParser(opts Options) (*dateParser, error) {
	f, ok := opts.Get("dateFormat")
	if !ok {
		f = "yyyy-MM-dd"
	}
	pat, err := newDTPattern(f)
	if err != nil {
		return nil, err
	}
	return &dateParser{pattern: pat, fallback: !ok}, nil
}

// strict parses with the pattern only (schema inference).
func (d *dateParser) strict(s string) (int32, bool) {
	p, ok := d.pattern.parse(s)
	if !ok {
		return 0, false
	}
	return daysFromCivil(p.year, p.month, p.day)
}

// parse parses a value being read.
func (d *dateParser) parse(s string) (int32, bool) {
	if v, ok := d.strict(s); ok {
		return v, true
	}
	if d.fallback {
		return stringToDate(cleanLegacy(s))
	}
	return 0, false
}

func cleanLegacy(s string) string {
	return s
}

// timestampParser parses timestamps for one reader.
type timestampParser struct {
	pattern *dtPattern // nil: Spark's default parser
	loc     *time.Location
	ntz     bool
}

func newTimestampParser(opts Options, loc *time.Location, ntz bool) (*timestampParser, error) {
	key := "timestampFormat"
	if ntz {
		key = "timestampNTZFormat"
	}
	tp := &timestampParser{loc: loc, ntz: ntz}
	if f, ok := opts.Get(key); ok {
		pat, err := newDTPattern(f)
		if err != nil {
			return nil, err
		}
		tp.pattern = pat
	}
	return tp, nil
}

// parse returns microseconds since the epoch (or of the local date-time for NTZ).
func (t *timestampParser) parse(s string) (int64, bool) {
	if t.pattern != nil {
		p, ok := t.pattern.parse(s)
		if !ok {
			return 0, false
		}
		if t.ntz {
			if p.hasZone {
				return 0, false
			}
			return p.local(), true
		}
		return p.instant(t.loc), true
	}
	if t.ntz {
		return stringToTimestampNTZ(s)
	}
	return stringToTimestamp(s, t.loc)
}

// sessionLocation returns the zone timestamps are resolved in: the timeZone option, the
// time zone of a timestamp column of schema, or UTC.
func sessionLocation(opts Options, schema *arrow.Schema) *time.Location {
	if tz, ok := opts.Get("timeZone"); ok {
		if loc, ok := parseZoneID(tz); ok {
			return loc
		}
	}
	if schema != nil {
		for _, f := range schema.Fields() {
			if tz := timeZoneOf(f.Type); tz != "" {
				if loc, ok := parseZoneID(tz); ok {
					return loc
				}
			}
		}
	}
	return time.UTC
}

// timeZoneOf returns the zone of the first zoned timestamp in t.
func timeZoneOf(t arrow.DataType) string {
	switch t := t.(type) {
	case *arrow.TimestampType:
		return t.TimeZone
	case *arrow.ListType:
		return timeZoneOf(t.Elem())
	case *arrow.MapType:
		return timeZoneOf(t.ItemType())
	case *arrow.StructType:
		for _, f := range t.Fields() {
			if tz := timeZoneOf(f.Type); tz != "" {
				return tz
			}
		}
	}
	return ""
}
