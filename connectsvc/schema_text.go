package connectsvc

import (
	"strings"

	"github.com/fulgur/fulgur/sql/types"
)

// typeName is Spark's DataType.typeName, used by treeString.
func typeName(t types.DataType) string {
	switch t := t.(type) {
	case types.ByteType:
		return "byte"
	case types.ShortType:
		return "short"
	case types.IntegerType:
		return "integer"
	case types.LongType:
		return "long"
	case types.NullType:
		return "void"
	case types.ArrayType:
		return "array"
	case types.MapType:
		return "map"
	case types.StructType:
		return "struct"
	case types.DecimalType:
		return t.String()
	}
	return t.String()
}

// TreeString renders a schema as Spark's StructType.treeString(level): level <= 0
// means all levels.
func TreeString(st types.StructType, level int) string {
	var b strings.Builder
	b.WriteString("root\n")
	for _, f := range st.Fields {
		treeField(&b, " |", f.Name, f.Type, "nullable", f.Nullable, 1, level)
	}
	return b.String()
}

func treeField(b *strings.Builder, prefix, name string, t types.DataType, nullWord string, nullable bool, depth, level int) {
	if level > 0 && depth > level {
		return
	}
	b.WriteString(prefix + "-- " + name + ": " + typeName(t))
	if nullWord != "" {
		b.WriteString(" (" + nullWord + " = ")
		if nullable {
			b.WriteString("true)")
		} else {
			b.WriteString("false)")
		}
	}
	b.WriteByte('\n')
	child := prefix + "    |"
	switch t := t.(type) {
	case types.ArrayType:
		treeField(b, child, "element", t.Elem, "containsNull", t.ContainsNull, depth+1, level)
	case types.MapType:
		treeField(b, child, "key", t.Key, "", false, depth+1, level)
		treeField(b, child, "value", t.Value, "valueContainsNull", t.ValueContainsNull, depth+1, level)
	case types.StructType:
		for _, f := range t.Fields {
			treeField(b, child, f.Name, f.Type, "nullable", f.Nullable, depth+1, level)
		}
	}
}

// DDL renders a schema as Spark's StructType.toDDL: `a INT,b STRING NOT NULL`.
func DDL(st types.StructType) string {
	parts := make([]string, len(st.Fields))
	for i, f := range st.Fields {
		s := quoteIdent(f.Name) + " " + sqlType(f.Type)
		if !f.Nullable {
			s += " NOT NULL"
		}
		if c, ok := f.Metadata["comment"].(string); ok {
			s += " COMMENT '" + strings.ReplaceAll(c, "'", "\\'") + "'"
		}
		parts[i] = s
	}
	return strings.Join(parts, ",")
}

func quoteIdent(n string) string {
	ok := n != ""
	for i, r := range n {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			ok = false
		}
	}
	if ok {
		return n
	}
	return "`" + strings.ReplaceAll(n, "`", "``") + "`"
}

func sqlType(t types.DataType) string {
	switch t := t.(type) {
	case types.ArrayType:
		return "ARRAY<" + sqlType(t.Elem) + ">"
	case types.MapType:
		return "MAP<" + sqlType(t.Key) + ", " + sqlType(t.Value) + ">"
	case types.StructType:
		f := make([]string, len(t.Fields))
		for i, x := range t.Fields {
			f[i] = quoteIdent(x.Name) + ": " + sqlType(x.Type)
			if !x.Nullable {
				f[i] += " NOT NULL"
			}
		}
		return "STRUCT<" + strings.Join(f, ", ") + ">"
	}
	return strings.ToUpper(t.String())
}
