package translate

import (
	"encoding/json"
	"fmt"
	"strings"

	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// DataTypeToProto converts a Spark type to its protocol form.
func DataTypeToProto(t types.DataType) *pb.DataType {
	switch t := t.(type) {
	case types.NullType:
		return &pb.DataType{Kind: &pb.DataType_Null{Null: &pb.DataType_NULL{}}}
	case types.BooleanType:
		return &pb.DataType{Kind: &pb.DataType_Boolean_{Boolean: &pb.DataType_Boolean{}}}
	case types.ByteType:
		return &pb.DataType{Kind: &pb.DataType_Byte_{Byte: &pb.DataType_Byte{}}}
	case types.ShortType:
		return &pb.DataType{Kind: &pb.DataType_Short_{Short: &pb.DataType_Short{}}}
	case types.IntegerType:
		return &pb.DataType{Kind: &pb.DataType_Integer_{Integer: &pb.DataType_Integer{}}}
	case types.LongType:
		return &pb.DataType{Kind: &pb.DataType_Long_{Long: &pb.DataType_Long{}}}
	case types.FloatType:
		return &pb.DataType{Kind: &pb.DataType_Float_{Float: &pb.DataType_Float{}}}
	case types.DoubleType:
		return &pb.DataType{Kind: &pb.DataType_Double_{Double: &pb.DataType_Double{}}}
	case types.StringType:
		return &pb.DataType{Kind: &pb.DataType_String_{String_: &pb.DataType_String{}}}
	case types.BinaryType:
		return &pb.DataType{Kind: &pb.DataType_Binary_{Binary: &pb.DataType_Binary{}}}
	case types.DateType:
		return &pb.DataType{Kind: &pb.DataType_Date_{Date: &pb.DataType_Date{}}}
	case types.TimestampType:
		return &pb.DataType{Kind: &pb.DataType_Timestamp_{Timestamp: &pb.DataType_Timestamp{}}}
	case types.TimestampNTZType:
		return &pb.DataType{Kind: &pb.DataType_TimestampNtz{TimestampNtz: &pb.DataType_TimestampNTZ{}}}
	case types.DecimalType:
		p, s := t.Precision, t.Scale
		return &pb.DataType{Kind: &pb.DataType_Decimal_{Decimal: &pb.DataType_Decimal{Precision: &p, Scale: &s}}}
	case types.ArrayType:
		return &pb.DataType{Kind: &pb.DataType_Array_{Array: &pb.DataType_Array{ElementType: DataTypeToProto(t.Elem), ContainsNull: t.ContainsNull}}}
	case types.MapType:
		return &pb.DataType{Kind: &pb.DataType_Map_{Map: &pb.DataType_Map{KeyType: DataTypeToProto(t.Key), ValueType: DataTypeToProto(t.Value), ValueContainsNull: t.ValueContainsNull}}}
	case types.StructType:
		fs := make([]*pb.DataType_StructField, len(t.Fields))
		for i, f := range t.Fields {
			fs[i] = &pb.DataType_StructField{Name: f.Name, DataType: DataTypeToProto(f.Type), Nullable: f.Nullable}
			if len(f.Metadata) > 0 {
				b, _ := json.Marshal(f.Metadata)
				m := string(b)
				fs[i].Metadata = &m
			}
		}
		return &pb.DataType{Kind: &pb.DataType_Struct_{Struct: &pb.DataType_Struct{Fields: fs}}}
	case types.DayTimeIntervalType:
		s, e := int32(t.Start), int32(t.End)
		return &pb.DataType{Kind: &pb.DataType_DayTimeInterval_{DayTimeInterval: &pb.DataType_DayTimeInterval{StartField: &s, EndField: &e}}}
	case types.YearMonthIntervalType:
		s, e := int32(t.Start), int32(t.End)
		return &pb.DataType{Kind: &pb.DataType_YearMonthInterval_{YearMonthInterval: &pb.DataType_YearMonthInterval{StartField: &s, EndField: &e}}}
	case types.CalendarIntervalType:
		return &pb.DataType{Kind: &pb.DataType_CalendarInterval_{CalendarInterval: &pb.DataType_CalendarInterval{}}}
	}
	panic(fmt.Sprintf("translate: no proto for %T", t))
}

// DataTypeFromProto converts a protocol type to a Spark type.
func DataTypeFromProto(d *pb.DataType) (types.DataType, error) {
	if d == nil {
		return nil, invalidPlan("missing data type")
	}
	switch k := d.Kind.(type) {
	case *pb.DataType_Null:
		return types.Null, nil
	case *pb.DataType_Boolean_:
		return types.Boolean, nil
	case *pb.DataType_Byte_:
		return types.Byte, nil
	case *pb.DataType_Short_:
		return types.Short, nil
	case *pb.DataType_Integer_:
		return types.Integer, nil
	case *pb.DataType_Long_:
		return types.Long, nil
	case *pb.DataType_Float_:
		return types.Float, nil
	case *pb.DataType_Double_:
		return types.Double, nil
	case *pb.DataType_String_, *pb.DataType_Char_, *pb.DataType_VarChar_:
		return types.String, nil
	case *pb.DataType_Binary_:
		return types.Binary, nil
	case *pb.DataType_Date_:
		return types.Date, nil
	case *pb.DataType_Timestamp_:
		return types.Timestamp, nil
	case *pb.DataType_TimestampNtz:
		return types.TimestampNTZ, nil
	case *pb.DataType_Decimal_:
		p, s := int32(10), int32(0)
		if k.Decimal.Precision != nil {
			p = *k.Decimal.Precision
		}
		if k.Decimal.Scale != nil {
			s = *k.Decimal.Scale
		}
		return types.DecimalType{Precision: p, Scale: s}, nil
	case *pb.DataType_Array_:
		e, err := DataTypeFromProto(k.Array.ElementType)
		if err != nil {
			return nil, err
		}
		return types.ArrayType{Elem: e, ContainsNull: k.Array.ContainsNull}, nil
	case *pb.DataType_Map_:
		kt, err := DataTypeFromProto(k.Map.KeyType)
		if err != nil {
			return nil, err
		}
		vt, err := DataTypeFromProto(k.Map.ValueType)
		if err != nil {
			return nil, err
		}
		return types.MapType{Key: kt, Value: vt, ValueContainsNull: k.Map.ValueContainsNull}, nil
	case *pb.DataType_Struct_:
		st := types.StructType{Fields: make([]types.StructField, len(k.Struct.Fields))}
		for i, f := range k.Struct.Fields {
			ft, err := DataTypeFromProto(f.DataType)
			if err != nil {
				return nil, err
			}
			st.Fields[i] = types.StructField{Name: f.Name, Type: ft, Nullable: f.Nullable}
			if f.Metadata != nil && *f.Metadata != "" && *f.Metadata != "{}" {
				var m map[string]any
				if err := json.Unmarshal([]byte(*f.Metadata), &m); err == nil {
					st.Fields[i].Metadata = m
				}
			}
		}
		return st, nil
	case *pb.DataType_DayTimeInterval_:
		s, e := types.IntervalDay, types.IntervalSecond
		if k.DayTimeInterval.StartField != nil {
			s = byte(*k.DayTimeInterval.StartField)
		}
		if k.DayTimeInterval.EndField != nil {
			e = byte(*k.DayTimeInterval.EndField)
		}
		return types.DayTimeIntervalType{Start: s, End: e}, nil
	case *pb.DataType_YearMonthInterval_:
		s, e := types.IntervalYear, types.IntervalMonth
		if k.YearMonthInterval.StartField != nil {
			s = byte(*k.YearMonthInterval.StartField)
		}
		if k.YearMonthInterval.EndField != nil {
			e = byte(*k.YearMonthInterval.EndField)
		}
		return types.YearMonthIntervalType{Start: s, End: e}, nil
	case *pb.DataType_CalendarInterval_:
		return types.CalendarIntervalType{}, nil
	case *pb.DataType_Unparsed_:
		return ParseDDL(k.Unparsed.DataTypeString)
	}
	return nil, sqlerr.Unsupported(fmt.Sprintf("data type %T", d.Kind))
}

// ParseSchema reads a schema string as the clients send it: Spark's JSON form
// (`{"type":"struct",...}`) or DDL (`a INT, b STRING`).
func ParseSchema(s string) (types.DataType, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") || strings.HasPrefix(s, "\"") {
		return ParseJSONSchema(s)
	}
	return ParseDDL(s)
}

// ParseJSONSchema reads Spark's JSON representation of a data type.
func ParseJSONSchema(s string) (types.DataType, error) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, invalidPlan("bad JSON schema: " + err.Error())
	}
	return jsonType(v)
}

func jsonType(v any) (types.DataType, error) {
	switch v := v.(type) {
	case string:
		return simpleType(v)
	case map[string]any:
		switch v["type"] {
		case "struct":
			fields, _ := v["fields"].([]any)
			st := types.StructType{Fields: make([]types.StructField, 0, len(fields))}
			for _, f := range fields {
				fm, ok := f.(map[string]any)
				if !ok {
					return nil, invalidPlan("bad struct field in JSON schema")
				}
				ft, err := jsonType(fm["type"])
				if err != nil {
					return nil, err
				}
				name, _ := fm["name"].(string)
				nullable, _ := fm["nullable"].(bool)
				meta, _ := fm["metadata"].(map[string]any)
				if len(meta) == 0 {
					meta = nil
				}
				st.Fields = append(st.Fields, types.StructField{Name: name, Type: ft, Nullable: nullable, Metadata: meta})
			}
			return st, nil
		case "array":
			e, err := jsonType(v["elementType"])
			if err != nil {
				return nil, err
			}
			cn, _ := v["containsNull"].(bool)
			return types.ArrayType{Elem: e, ContainsNull: cn}, nil
		case "map":
			k, err := jsonType(v["keyType"])
			if err != nil {
				return nil, err
			}
			val, err := jsonType(v["valueType"])
			if err != nil {
				return nil, err
			}
			vcn, _ := v["valueContainsNull"].(bool)
			return types.MapType{Key: k, Value: val, ValueContainsNull: vcn}, nil
		case "udt":
			return nil, sqlerr.Unsupported("user-defined types")
		}
	}
	return nil, invalidPlan(fmt.Sprintf("bad JSON schema type %v", v))
}

// simpleType maps a JSON/DDL type name to a type.
func simpleType(name string) (types.DataType, error) {
	if t, ok := types.ParseSimple(name); ok {
		return t, nil
	}
	return nil, sqlerr.New("UNSUPPORTED_DATATYPE", "typeName", "\""+strings.ToUpper(name)+"\"")
}

func invalidPlan(msg string) error {
	return sqlerr.New("CONNECT_INVALID_PLAN.CANNOT_PARSE", "errorMsg", msg)
}
