package types

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
)

// ToArrow returns the Arrow type that carries values of t, as Spark's ArrowUtils maps
// them for clients. Timestamps carry the session time zone tz; timestamp_ntz none.
func ToArrow(t DataType, tz string) arrow.DataType {
	switch t := t.(type) {
	case NullType:
		return arrow.Null
	case BooleanType:
		return arrow.FixedWidthTypes.Boolean
	case ByteType:
		return arrow.PrimitiveTypes.Int8
	case ShortType:
		return arrow.PrimitiveTypes.Int16
	case IntegerType:
		return arrow.PrimitiveTypes.Int32
	case LongType:
		return arrow.PrimitiveTypes.Int64
	case FloatType:
		return arrow.PrimitiveTypes.Float32
	case DoubleType:
		return arrow.PrimitiveTypes.Float64
	case StringType:
		return arrow.BinaryTypes.String
	case BinaryType:
		return arrow.BinaryTypes.Binary
	case DateType:
		return arrow.FixedWidthTypes.Date32
	case TimestampType:
		return &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: tz}
	case TimestampNTZType:
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	case DecimalType:
		return &arrow.Decimal128Type{Precision: t.Precision, Scale: t.Scale}
	case ArrayType:
		return arrow.ListOfField(arrow.Field{Name: "element", Type: ToArrow(t.Elem, tz), Nullable: t.ContainsNull})
	case MapType:
		m := arrow.MapOf(ToArrow(t.Key, tz), ToArrow(t.Value, tz))
		m.SetItemNullable(t.ValueContainsNull)
		return m
	case StructType:
		return arrow.StructOf(ArrowFields(t, tz)...)
	case DayTimeIntervalType:
		return arrow.FixedWidthTypes.Duration_us
	case YearMonthIntervalType:
		return arrow.FixedWidthTypes.MonthInterval
	case CalendarIntervalType:
		return arrow.FixedWidthTypes.MonthDayNanoInterval
	}
	panic(fmt.Sprintf("types: no Arrow mapping for %T", t))
}

// ArrowFields maps the fields of a struct to Arrow fields.
func ArrowFields(t StructType, tz string) []arrow.Field {
	fs := make([]arrow.Field, len(t.Fields))
	for i, f := range t.Fields {
		fs[i] = arrow.Field{Name: f.Name, Type: ToArrow(f.Type, tz), Nullable: f.Nullable}
	}
	return fs
}

// ArrowSchema maps a relation schema to an Arrow schema.
func ArrowSchema(t StructType, tz string) *arrow.Schema {
	return arrow.NewSchema(ArrowFields(t, tz), nil)
}

// FromArrow returns the Spark type for an Arrow type, the inverse of ToArrow. A timestamp
// with a time zone is a timestamp; without one it is timestamp_ntz. Other Arrow types
// that Spark reads (large strings, other time units, dictionaries) map to their nearest
// Spark type.
func FromArrow(t arrow.DataType) (DataType, error) {
	switch t := t.(type) {
	case *arrow.NullType:
		return Null, nil
	case *arrow.BooleanType:
		return Boolean, nil
	case *arrow.Int8Type:
		return Byte, nil
	case *arrow.Int16Type:
		return Short, nil
	case *arrow.Int32Type:
		return Integer, nil
	case *arrow.Int64Type:
		return Long, nil
	case *arrow.Uint8Type:
		return Short, nil
	case *arrow.Uint16Type:
		return Integer, nil
	case *arrow.Uint32Type:
		return Long, nil
	case *arrow.Uint64Type:
		return DecimalType{Precision: 20, Scale: 0}, nil
	case *arrow.Float16Type, *arrow.Float32Type:
		return Float, nil
	case *arrow.Float64Type:
		return Double, nil
	case *arrow.StringType, *arrow.LargeStringType, *arrow.StringViewType:
		return String, nil
	case *arrow.BinaryType, *arrow.LargeBinaryType, *arrow.BinaryViewType, *arrow.FixedSizeBinaryType:
		return Binary, nil
	case *arrow.Date32Type, *arrow.Date64Type:
		return Date, nil
	case *arrow.TimestampType:
		if t.TimeZone == "" {
			return TimestampNTZ, nil
		}
		return Timestamp, nil
	case *arrow.Decimal128Type:
		return DecimalType{Precision: t.Precision, Scale: t.Scale}, nil
	case *arrow.Decimal256Type:
		return DecimalType{Precision: t.Precision, Scale: t.Scale}, nil
	case *arrow.ListType:
		e, err := FromArrow(t.Elem())
		if err != nil {
			return nil, err
		}
		return ArrayType{Elem: e, ContainsNull: t.ElemField().Nullable}, nil
	case *arrow.LargeListType:
		e, err := FromArrow(t.Elem())
		if err != nil {
			return nil, err
		}
		return ArrayType{Elem: e, ContainsNull: t.ElemField().Nullable}, nil
	case *arrow.FixedSizeListType:
		e, err := FromArrow(t.Elem())
		if err != nil {
			return nil, err
		}
		return ArrayType{Elem: e, ContainsNull: t.ElemField().Nullable}, nil
	case *arrow.MapType:
		k, err := FromArrow(t.KeyType())
		if err != nil {
			return nil, err
		}
		v, err := FromArrow(t.ItemType())
		if err != nil {
			return nil, err
		}
		return MapType{Key: k, Value: v, ValueContainsNull: t.ItemField().Nullable}, nil
	case *arrow.StructType:
		st := StructType{Fields: make([]StructField, t.NumFields())}
		for i, f := range t.Fields() {
			ft, err := FromArrow(f.Type)
			if err != nil {
				return nil, err
			}
			st.Fields[i] = StructField{Name: f.Name, Type: ft, Nullable: f.Nullable}
		}
		return st, nil
	case *arrow.DurationType:
		return DayTimeIntervalType{Start: IntervalDay, End: IntervalSecond}, nil
	case *arrow.MonthIntervalType:
		return YearMonthIntervalType{Start: IntervalYear, End: IntervalMonth}, nil
	case *arrow.MonthDayNanoIntervalType:
		return CalendarIntervalType{}, nil
	case *arrow.DictionaryType:
		return FromArrow(t.ValueType)
	}
	return nil, fmt.Errorf("types: unsupported Arrow type %s", t)
}

// FromArrowSchema maps an Arrow schema to a relation schema.
func FromArrowSchema(s *arrow.Schema) (StructType, error) {
	st := StructType{Fields: make([]StructField, s.NumFields())}
	for i, f := range s.Fields() {
		ft, err := FromArrow(f.Type)
		if err != nil {
			return StructType{}, fmt.Errorf("column %q: %w", f.Name, err)
		}
		st.Fields[i] = StructField{Name: f.Name, Type: ft, Nullable: f.Nullable}
	}
	return st, nil
}
