package function

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// parseNestedType parses Spark's simpleString of a type, nested types included:
// array<int>, map<string,array<int>>, struct<a:int,b:string>.
func parseNestedType(s string) (types.DataType, error) {
	t, rest, err := parseTypePrefix(s)
	if err != nil {
		return nil, err
	}
	if rest != "" {
		return nil, fmt.Errorf("parseNestedType %q: trailing %q", s, rest)
	}
	return t, nil
}

func parseTypePrefix(s string) (types.DataType, string, error) {
	switch {
	case strings.HasPrefix(s, "array<"):
		e, rest, err := parseTypePrefix(s[len("array<"):])
		if err != nil || !strings.HasPrefix(rest, ">") {
			return nil, "", fmt.Errorf("bad array type %q", s)
		}
		return types.ArrayType{Elem: e, ContainsNull: true}, rest[1:], nil
	case strings.HasPrefix(s, "map<"):
		k, rest, err := parseTypePrefix(s[len("map<"):])
		if err != nil || !strings.HasPrefix(rest, ",") {
			return nil, "", fmt.Errorf("bad map type %q", s)
		}
		v, rest, err := parseTypePrefix(rest[1:])
		if err != nil || !strings.HasPrefix(rest, ">") {
			return nil, "", fmt.Errorf("bad map type %q", s)
		}
		return types.MapType{Key: k, Value: v, ValueContainsNull: true}, rest[1:], nil
	case strings.HasPrefix(s, "struct<"):
		rest := s[len("struct<"):]
		var st types.StructType
		for !strings.HasPrefix(rest, ">") {
			name, r, ok := strings.Cut(rest, ":")
			if !ok {
				return nil, "", fmt.Errorf("bad struct type %q", s)
			}
			ft, r2, err := parseTypePrefix(r)
			if err != nil {
				return nil, "", err
			}
			st.Fields = append(st.Fields, types.StructField{Name: name, Type: ft, Nullable: true})
			rest = strings.TrimPrefix(r2, ",")
		}
		return st, rest[1:], nil
	}
	end := len(s)
	depth := 0
	for i, ch := range s {
		if ch == '(' {
			depth++
		} else if ch == ')' {
			depth--
		} else if depth == 0 && (ch == ',' || ch == '>') {
			end = i
			break
		}
	}
	t, ok := types.ParseSimple(s[:end])
	if !ok {
		return nil, "", &strconv.NumError{Func: "parseNestedType", Num: s[:end], Err: strconv.ErrSyntax}
	}
	return t, s[end:], nil
}

// goldenColumn builds a column of type t from Spark's string forms of its values (CAST
// AS STRING for atomic types, to_json for nested ones; nil for NULL).
func goldenColumn(ec *EvalContext, t types.DataType, vals []*string) (arrow.Array, error) {
	b := array.NewBuilder(ec.Mem, types.ToArrow(t, ec.TimeZone))
	defer b.Release()
	for _, v := range vals {
		if v == nil {
			b.AppendNull()
			continue
		}
		switch t.(type) {
		case types.ArrayType, types.MapType, types.StructType:
			dec := json.NewDecoder(bytes.NewReader([]byte(*v)))
			dec.UseNumber()
			if err := appendJSON(b, t, dec); err != nil {
				return nil, err
			}
		default:
			x, err := goldenValue(t, v)
			if err != nil {
				return nil, err
			}
			if err := appendValue(b, x); err != nil {
				return nil, err
			}
		}
	}
	return b.NewArray(), nil
}

// appendJSON appends the next JSON value of dec, of Spark type t, to b.
func appendJSON(b array.Builder, t types.DataType, dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		b.AppendNull()
		return nil
	}
	switch t := t.(type) {
	case types.ArrayType:
		lb := b.(*array.ListBuilder)
		lb.Append(true)
		for dec.More() {
			if err := appendJSON(lb.ValueBuilder(), t.Elem, dec); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	case types.MapType:
		mb := b.(*array.MapBuilder)
		mb.Append(true)
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			k := kt.(string)
			kv, err := goldenValue(t.Key, &k)
			if err != nil {
				return err
			}
			if err := appendValue(mb.KeyBuilder(), kv); err != nil {
				return err
			}
			if err := appendJSON(mb.ItemBuilder(), t.Value, dec); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	case types.StructType:
		sb := b.(*array.StructBuilder)
		sb.Append(true)
		seen := make([]bool, len(t.Fields))
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return err
			}
			for i, f := range t.Fields {
				if f.Name == kt.(string) {
					seen[i] = true
					if err := appendJSON(sb.FieldBuilder(i), f.Type, dec); err != nil {
						return err
					}
				}
			}
		}
		for i, ok := range seen {
			if !ok {
				sb.FieldBuilder(i).AppendNull()
			}
		}
		_, err := dec.Token()
		return err
	}
	var s string
	switch v := tok.(type) {
	case string:
		s = v
	case json.Number:
		s = v.String()
	case bool:
		s = strconv.FormatBool(v)
	default:
		return fmt.Errorf("unexpected JSON token %v", tok)
	}
	x, err := goldenValue(t, &s)
	if err != nil {
		return err
	}
	return appendValue(b, x)
}

// sortGoldenKeys sorts group keys numerically.
func sortGoldenKeys(keys []string) {
	sort.Slice(keys, func(i, j int) bool {
		a, _ := strconv.ParseFloat(keys[i], 64)
		b, _ := strconv.ParseFloat(keys[j], 64)
		return a < b
	})
}
