package types

import (
	"regexp"
	"strconv"
	"strings"
)

var decimalName = regexp.MustCompile(`^(?:decimal|dec|numeric)\(\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?\)$`)

// ParseSimple maps the name of a non-nested type, as Spark's DDL and JSON spell it, to
// the type: int/integer, bigint/long, smallint/short, tinyint/byte, real/float, double,
// decimal[(p[,s])], string, char(n)/varchar(n) (as string), binary, boolean, date,
// timestamp/timestamp_ltz, timestamp_ntz, void/null, interval. ok is false otherwise.
func ParseSimple(name string) (DataType, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "null", "void":
		return Null, true
	case "boolean", "bool":
		return Boolean, true
	case "byte", "tinyint":
		return Byte, true
	case "short", "smallint":
		return Short, true
	case "integer", "int":
		return Integer, true
	case "long", "bigint":
		return Long, true
	case "float", "real":
		return Float, true
	case "double":
		return Double, true
	case "string":
		return String, true
	case "binary":
		return Binary, true
	case "date":
		return Date, true
	case "timestamp", "timestamp_ltz":
		return Timestamp, true
	case "timestamp_ntz":
		return TimestampNTZ, true
	case "decimal", "dec", "numeric":
		return DecimalType{Precision: 10, Scale: 0}, true
	case "interval":
		return CalendarIntervalType{}, true
	}
	if m := decimalName.FindStringSubmatch(n); m != nil {
		p, _ := strconv.Atoi(m[1])
		s := 0
		if m[2] != "" {
			s, _ = strconv.Atoi(m[2])
		}
		return DecimalType{Precision: int32(p), Scale: int32(s)}, true
	}
	if strings.HasPrefix(n, "char(") || strings.HasPrefix(n, "varchar(") {
		return String, true
	}
	return nil, false
}
