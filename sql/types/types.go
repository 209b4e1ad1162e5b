package types

import (
	"fmt"
	"strings"
)

// DataType is a Spark SQL data type. The set is closed: only this package implements it.
type DataType interface {
	// String returns Spark's simpleString, e.g. "int", "bigint", "array<string>".
	String() string
	dataType()
}

type (
	// NullType is the type of an untyped NULL literal ("void").
	NullType struct{}
	// BooleanType is Spark's boolean.
	BooleanType struct{}
	// ByteType is Spark's tinyint (8-bit signed).
	ByteType struct{}
	// ShortType is Spark's smallint (16-bit signed).
	ShortType struct{}
	// IntegerType is Spark's int (32-bit signed).
	IntegerType struct{}
	// LongType is Spark's bigint (64-bit signed).
	LongType struct{}
	// FloatType is Spark's float (32-bit IEEE).
	FloatType struct{}
	// DoubleType is Spark's double (64-bit IEEE).
	DoubleType struct{}
	// StringType is Spark's string (UTF-8).
	StringType struct{}
	// BinaryType is Spark's binary.
	BinaryType struct{}
	// DateType is days since the Unix epoch.
	DateType struct{}
	// TimestampType is microseconds since the epoch, shown in the session time zone.
	TimestampType struct{}
	// TimestampNTZType is a local date-time in microseconds, without a time zone.
	TimestampNTZType struct{}
	// DecimalType is a fixed-point decimal with up to 38 digits.
	DecimalType struct{ Precision, Scale int32 }
	// ArrayType is a variable-length array.
	ArrayType struct {
		Elem         DataType
		ContainsNull bool
	}
	// MapType is a map from keys to values.
	MapType struct {
		Key, Value        DataType
		ValueContainsNull bool
	}
	// StructType is a sequence of named fields; it is also the schema of a relation.
	StructType struct{ Fields []StructField }
	// DayTimeIntervalType is an interval of days to seconds, in microseconds.
	DayTimeIntervalType struct{ Start, End byte }
	// YearMonthIntervalType is an interval of years and months, in months.
	YearMonthIntervalType struct{ Start, End byte }
	// CalendarIntervalType is the legacy months/days/microseconds interval.
	CalendarIntervalType struct{}
)

// StructField is one named field of a StructType.
type StructField struct {
	Name     string
	Type     DataType
	Nullable bool
	// Metadata is the field's JSON metadata object ("{}" when empty is written as nil).
	Metadata map[string]any
}

// Singletons of the parameterless types.
var (
	Null         DataType = NullType{}
	Boolean      DataType = BooleanType{}
	Byte         DataType = ByteType{}
	Short        DataType = ShortType{}
	Integer      DataType = IntegerType{}
	Long         DataType = LongType{}
	Float        DataType = FloatType{}
	Double       DataType = DoubleType{}
	String       DataType = StringType{}
	Binary       DataType = BinaryType{}
	Date         DataType = DateType{}
	Timestamp    DataType = TimestampType{}
	TimestampNTZ DataType = TimestampNTZType{}
)

// Interval field codes used by DayTimeIntervalType and YearMonthIntervalType.
const (
	IntervalDay    byte = 0
	IntervalHour   byte = 1
	IntervalMinute byte = 2
	IntervalSecond byte = 3
	IntervalYear   byte = 0
	IntervalMonth  byte = 1
)

func (NullType) dataType()              {}
func (BooleanType) dataType()           {}
func (ByteType) dataType()              {}
func (ShortType) dataType()             {}
func (IntegerType) dataType()           {}
func (LongType) dataType()              {}
func (FloatType) dataType()             {}
func (DoubleType) dataType()            {}
func (StringType) dataType()            {}
func (BinaryType) dataType()            {}
func (DateType) dataType()              {}
func (TimestampType) dataType()         {}
func (TimestampNTZType) dataType()      {}
func (DecimalType) dataType()           {}
func (ArrayType) dataType()             {}
func (MapType) dataType()               {}
func (StructType) dataType()            {}
func (DayTimeIntervalType) dataType()   {}
func (YearMonthIntervalType) dataType() {}
func (CalendarIntervalType) dataType()  {}

func (NullType) String() string         { return "void" }
func (BooleanType) String() string      { return "boolean" }
func (ByteType) String() string         { return "tinyint" }
func (ShortType) String() string        { return "smallint" }
func (IntegerType) String() string      { return "int" }
func (LongType) String() string         { return "bigint" }
func (FloatType) String() string        { return "float" }
func (DoubleType) String() string       { return "double" }
func (StringType) String() string       { return "string" }
func (BinaryType) String() string       { return "binary" }
func (DateType) String() string         { return "date" }
func (TimestampType) String() string    { return "timestamp" }
func (TimestampNTZType) String() string { return "timestamp_ntz" }
func (t DecimalType) String() string    { return fmt.Sprintf("decimal(%d,%d)", t.Precision, t.Scale) }
func (t ArrayType) String() string      { return "array<" + t.Elem.String() + ">" }
func (t MapType) String() string        { return "map<" + t.Key.String() + "," + t.Value.String() + ">" }
func (CalendarIntervalType) String() string {
	return "interval"
}

func (t StructType) String() string {
	var b strings.Builder
	b.WriteString("struct<")
	for i, f := range t.Fields {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(f.Name)
		b.WriteByte(':')
		b.WriteString(f.Type.String())
	}
	b.WriteByte('>')
	return b.String()
}

var dayTimeNames = []string{"day", "hour", "minute", "second"}
var yearMonthNames = []string{"year", "month"}

func (t DayTimeIntervalType) String() string {
	if t.Start == t.End {
		return "interval " + dayTimeNames[t.Start]
	}
	return "interval " + dayTimeNames[t.Start] + " to " + dayTimeNames[t.End]
}

func (t YearMonthIntervalType) String() string {
	if t.Start == t.End {
		return "interval " + yearMonthNames[t.Start]
	}
	return "interval " + yearMonthNames[t.Start] + " to " + yearMonthNames[t.End]
}

// FieldNames returns the names of the struct's fields in order.
func (t StructType) FieldNames() []string {
	out := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		out[i] = f.Name
	}
	return out
}

// Equal reports whether two types are the same, including nullability flags of nested types.
func Equal(a, b DataType) bool {
	switch a := a.(type) {
	case ArrayType:
		b, ok := b.(ArrayType)
		return ok && a.ContainsNull == b.ContainsNull && Equal(a.Elem, b.Elem)
	case MapType:
		b, ok := b.(MapType)
		return ok && a.ValueContainsNull == b.ValueContainsNull && Equal(a.Key, b.Key) && Equal(a.Value, b.Value)
	case StructType:
		b, ok := b.(StructType)
		if !ok || len(a.Fields) != len(b.Fields) {
			return false
		}
		for i := range a.Fields {
			fa, fb := a.Fields[i], b.Fields[i]
			if fa.Name != fb.Name || fa.Nullable != fb.Nullable || !Equal(fa.Type, fb.Type) {
				return false
			}
		}
		return true
	default:
		return a == b
	}
}

// IsNumeric reports whether t is one of Spark's numeric types.
func IsNumeric(t DataType) bool {
	switch t.(type) {
	case ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType, DecimalType:
		return true
	}
	return false
}

// IsIntegral reports whether t is tinyint, smallint, int or bigint.
func IsIntegral(t DataType) bool {
	switch t.(type) {
	case ByteType, ShortType, IntegerType, LongType:
		return true
	}
	return false
}
