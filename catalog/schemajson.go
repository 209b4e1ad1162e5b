package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/sql/types"
)

// MarshalType encodes a data type in Spark's JSON form (DataType.json): simple types as
// their JSON names ("integer", "decimal(10,2)", "interval day to second"), nested types
// as objects ({"type":"struct","fields":[...]}). The output is deterministic.
func MarshalType(t types.DataType) ([]byte, error) {
	v, err := typeJSON(t)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// UnmarshalType decodes Spark's JSON form of a data type. Field metadata numbers are kept
// as json.Number so that they re-encode unchanged.
func UnmarshalType(b []byte) (types.DataType, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("catalog: bad type JSON: %w", err)
	}
	return parseTypeJSON(v)
}

type jsonArray struct {
	Type         string `json:"type"`
	ElementType  any    `json:"elementType"`
	ContainsNull bool   `json:"containsNull"`
}

type jsonMap struct {
	Type              string `json:"type"`
	KeyType           any    `json:"keyType"`
	ValueType         any    `json:"valueType"`
	ValueContainsNull bool   `json:"valueContainsNull"`
}

type jsonStruct struct {
	Type   string      `json:"type"`
	Fields []jsonField `json:"fields"`
}

type jsonField struct {
	Name     string         `json:"name"`
	Type     any            `json:"type"`
	Nullable bool           `json:"nullable"`
	Metadata map[string]any `json:"metadata"`
}

func typeJSON(t types.DataType) (any, error) {
	switch t := t.(type) {
	case types.ArrayType:
		e, err := typeJSON(t.Elem)
		if err != nil {
			return nil, err
		}
		return jsonArray{"array", e, t.ContainsNull}, nil
	case types.MapType:
		k, err := typeJSON(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := typeJSON(t.Value)
		if err != nil {
			return nil, err
		}
		return jsonMap{"map", k, v, t.ValueContainsNull}, nil
	case types.StructType:
		s := jsonStruct{Type: "struct", Fields: make([]jsonField, len(t.Fields))}
		for i, f := range t.Fields {
			ft, err := typeJSON(f.Type)
			if err != nil {
				return nil, err
			}
			md := f.Metadata
			if md == nil {
				md = map[string]any{}
			}
			s.Fields[i] = jsonField{f.Name, ft, f.Nullable, md}
		}
		return s, nil
	case nil:
		return nil, fmt.Errorf("catalog: nil data type")
	}
	if name, ok := simpleJSONName(t); ok {
		return name, nil
	}
	return nil, fmt.Errorf("catalog: cannot encode data type %T", t)
}

func simpleJSONName(t types.DataType) (string, bool) {
	switch t := t.(type) {
	case types.NullType:
		return "void", true
	case types.BooleanType:
		return "boolean", true
	case types.ByteType:
		return "byte", true
	case types.ShortType:
		return "short", true
	case types.IntegerType:
		return "integer", true
	case types.LongType:
		return "long", true
	case types.FloatType:
		return "float", true
	case types.DoubleType:
		return "double", true
	case types.StringType:
		return "string", true
	case types.BinaryType:
		return "binary", true
	case types.DateType:
		return "date", true
	case types.TimestampType:
		return "timestamp", true
	case types.TimestampNTZType:
		return "timestamp_ntz", true
	case types.DecimalType, types.DayTimeIntervalType, types.YearMonthIntervalType, types.CalendarIntervalType:
		return t.String(), true
	}
	return "", false
}

var (
	dayTimeFields   = map[string]byte{"day": types.IntervalDay, "hour": types.IntervalHour, "minute": types.IntervalMinute, "second": types.IntervalSecond}
	yearMonthFields = map[string]byte{"year": types.IntervalYear, "month": types.IntervalMonth}
)

func parseSimpleJSON(name string) (types.DataType, error) {
	if rest, ok := strings.CutPrefix(name, "interval "); ok {
		from, to, ranged := strings.Cut(rest, " to ")
		if !ranged {
			to = from
		}
		if s, ok := dayTimeFields[from]; ok {
			if e, ok := dayTimeFields[to]; ok && e >= s {
				return types.DayTimeIntervalType{Start: s, End: e}, nil
			}
		}
		if s, ok := yearMonthFields[from]; ok {
			if e, ok := yearMonthFields[to]; ok && e >= s {
				return types.YearMonthIntervalType{Start: s, End: e}, nil
			}
		}
		return nil, fmt.Errorf("catalog: bad interval type %q", name)
	}
	if t, ok := types.ParseSimple(name); ok {
		return t, nil
	}
	return nil, fmt.Errorf("catalog: unknown type %q", name)
}

func parseTypeJSON(v any) (types.DataType, error) {
	switch v := v.(type) {
	case string:
		return parseSimpleJSON(v)
	case map[string]any:
		switch v["type"] {
		case "array":
			e, err := parseTypeJSON(v["elementType"])
			if err != nil {
				return nil, err
			}
			cn, _ := v["containsNull"].(bool)
			return types.ArrayType{Elem: e, ContainsNull: cn}, nil
		case "map":
			k, err := parseTypeJSON(v["keyType"])
			if err != nil {
				return nil, err
			}
			val, err := parseTypeJSON(v["valueType"])
			if err != nil {
				return nil, err
			}
			vcn, _ := v["valueContainsNull"].(bool)
			return types.MapType{Key: k, Value: val, ValueContainsNull: vcn}, nil
		case "struct":
			fields, _ := v["fields"].([]any)
			st := types.StructType{Fields: make([]types.StructField, 0, len(fields))}
			for _, f := range fields {
				fm, ok := f.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("catalog: bad struct field %v", f)
				}
				ft, err := parseTypeJSON(fm["type"])
				if err != nil {
					return nil, err
				}
				name, _ := fm["name"].(string)
				nullable, _ := fm["nullable"].(bool)
				md, _ := fm["metadata"].(map[string]any)
				if len(md) == 0 {
					md = nil
				}
				st.Fields = append(st.Fields, types.StructField{Name: name, Type: ft, Nullable: nullable, Metadata: md})
			}
			return st, nil
		}
	}
	return nil, fmt.Errorf("catalog: bad type JSON %v", v)
}
