package parser

import (
	"strconv"
	"strings"

	"github.com/fulgur/fulgur/sql/ast"
)

// primitiveTypes maps each type keyword to the number of parameters it accepts
// (min, max).
var primitiveTypes = map[string][2]int{
	"BOOLEAN": {0, 0}, "TINYINT": {0, 0}, "BYTE": {0, 0}, "SMALLINT": {0, 0}, "SHORT": {0, 0},
	"INT": {0, 0}, "INTEGER": {0, 0}, "BIGINT": {0, 0}, "LONG": {0, 0}, "FLOAT": {0, 0},
	"REAL": {0, 0}, "DOUBLE": {0, 0}, "DATE": {0, 0}, "TIMESTAMP": {0, 0},
	"TIMESTAMP_NTZ": {0, 0}, "TIMESTAMP_LTZ": {0, 0}, "STRING": {0, 0}, "BINARY": {0, 0},
	"VOID": {0, 0}, "VARIANT": {0, 0}, "TIME": {0, 1},
	"CHAR": {1, 1}, "CHARACTER": {1, 1}, "VARCHAR": {1, 1},
	"DECIMAL": {0, 2}, "DEC": {0, 2}, "NUMERIC": {0, 2},
}

// parseDataType parses Spark's dataType rule and the checks its AST builder applies.
// Spark reports a syntax error inside ARRAY<...>, MAP<...> or STRUCT<...> at the
// opening '<', which is done here too.
func (p *parser) parseDataType() (ast.DataType, error) {
	start := p.cur()
	t, err := p.parseDataTypeInner()
	if e, ok := err.(*Error); ok && e.Class == "PARSE_SYNTAX_ERROR" && start.kind == tWord && (start.upper == "ARRAY" || start.upper == "MAP" || start.upper == "STRUCT") {
		k := p.indexOf(start) + 1
		if k < len(p.toks) && isOpTok(p.toks[k], "<") {
			return nil, p.syntaxErrorAt(p.toks[k], "")
		}
	}
	return t, err
}

func (p *parser) parseDataTypeInner() (ast.DataType, error) {
	start := p.cur()
	if start.kind != tWord && start.kind != tQuotedIdent {
		return nil, p.unexpected()
	}
	switch start.upper {
	case "ARRAY":
		if p.isOpAt(1, "<") {
			p.i += 2
			elem, err := p.parseDataType()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(">"); err != nil {
				return nil, err
			}
			return &ast.ArrayType{Loc: p.loc(start), Elem: elem}, nil
		}
	case "MAP":
		if p.isOpAt(1, "<") {
			p.i += 2
			k, err := p.parseDataType()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
			v, err := p.parseDataType()
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(">"); err != nil {
				return nil, err
			}
			return &ast.MapType{Loc: p.loc(start), Key: k, Value: v}, nil
		}
	case "STRUCT":
		if p.isOpAt(1, "<>") {
			p.i += 2
			return &ast.StructType{Loc: p.loc(start)}, nil
		}
		if p.isOpAt(1, "<") {
			p.i += 2
			st := &ast.StructType{}
			if !p.isOp(">") {
				for {
					f, err := p.parseStructField()
					if err != nil {
						return nil, err
					}
					st.Fields = append(st.Fields, f)
					if !p.acceptOp(",") {
						break
					}
				}
			}
			if err := p.expectOp(">"); err != nil {
				return nil, err
			}
			st.Loc = p.loc(start)
			return st, nil
		}
	case "INTERVAL":
		p.next()
		it := &ast.IntervalType{}
		if p.isAnyWord("YEAR", "MONTH") {
			it.From = p.next().upper
			if p.isWord("TO") && p.isWordAt(1, "MONTH") {
				p.next()
				it.To = p.next().upper
			}
		} else if p.isAnyWord("DAY", "HOUR", "MINUTE", "SECOND") {
			it.From = p.next().upper
			if p.isWord("TO") && p.isAnyWordAt(1, "HOUR", "MINUTE", "SECOND") {
				p.next()
				it.To = p.next().upper
			}
		}
		it.Loc = p.loc(start)
		return it, nil
	}
	// A primitive type, or an unsupported one, with optional integer parameters.
	p.next()
	if start.kind == tWord && !p.isOp("(") {
		switch start.upper {
		case "ARRAY":
			return nil, p.fragmentError("INCOMPLETE_TYPE_DEFINITION.ARRAY", start.pos, "elementType", "<INT>")
		case "MAP", "STRUCT":
			return nil, p.fragmentError("INCOMPLETE_TYPE_DEFINITION."+start.upper, start.pos)
		}
	}
	name := start.upper
	if start.kind == tQuotedIdent {
		name = strings.ToUpper(start.val)
	}
	t := &ast.PrimitiveType{Name: name}
	if p.isOp("(") {
		p.next()
		for {
			n := p.cur()
			if n.kind != tInteger {
				return nil, p.unexpected()
			}
			p.next()
			v, err := strconv.Atoi(n.text)
			if err != nil {
				v = -1
			}
			t.Params = append(t.Params, v)
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	arity, known := primitiveTypes[name]
	if start.kind == tQuotedIdent || !known || len(t.Params) < arity[0] || len(t.Params) > arity[1] {
		if known && len(t.Params) == 0 && arity[0] > 0 {
			return nil, p.fragmentError("DATATYPE_MISSING_SIZE", start.pos, "type", `"`+name+`"`)
		}
		typeName := name
		if len(t.Params) > 0 {
			ps := make([]string, len(t.Params))
			for i, v := range t.Params {
				ps[i] = strconv.Itoa(v)
			}
			typeName += "(" + strings.Join(ps, ",") + ")"
		}
		return nil, p.fragmentError("UNSUPPORTED_DATATYPE", start.pos, "typeName", `"`+typeName+`"`)
	}
	if name == "STRING" && p.isWord("COLLATE") && isIdentTok(p.peek(1)) {
		p.next()
		id, err := p.parseIdent()
		if err != nil {
			return nil, err
		}
		t.Collation = id.Name
	}
	t.Loc = p.loc(start)
	return t, nil
}

// parseStructField parses name[:] type [NOT NULL] [COMMENT 'text'].
func (p *parser) parseStructField() (*ast.StructField, error) {
	start := p.cur()
	name, err := p.parseErrorCapturingIdent()
	if err != nil {
		return nil, err
	}
	p.acceptOp(":")
	f := &ast.StructField{Name: name}
	if f.Type, err = p.parseDataType(); err != nil {
		return nil, err
	}
	if (p.isWord("NOT") || p.isOp("!")) && p.isWordAt(1, "NULL") {
		if err := p.rejectBang(); err != nil {
			return nil, err
		}
		p.i += 2
		f.NotNull = true
	}
	if p.isWord("COMMENT") {
		p.next()
		c, err := p.parseStringLit()
		if err != nil {
			return nil, err
		}
		f.Comment = &c
	}
	f.Loc = p.loc(start)
	return f, nil
}

// parseColumnDefs parses a column list: name type [NOT NULL] [COMMENT '...'], and
// with ddl also DEFAULT expr and GENERATED ALWAYS AS (expr), in any order.
func (p *parser) parseColumnDefs(ddl bool) ([]*ast.ColumnDef, error) {
	var cols []*ast.ColumnDef
	for {
		c, err := p.parseColumnDef(ddl)
		if err != nil {
			return nil, err
		}
		cols = append(cols, c)
		if !p.acceptOp(",") {
			return cols, nil
		}
	}
}

func (p *parser) parseColumnDef(ddl bool) (*ast.ColumnDef, error) {
	start := p.cur()
	name, err := p.parseErrorCapturingIdent()
	if err != nil {
		return nil, err
	}
	c := &ast.ColumnDef{Name: name}
	if c.Type, err = p.parseDataType(); err != nil {
		return nil, err
	}
	for {
		switch {
		case (p.isWord("NOT") || p.isOp("!")) && p.isWordAt(1, "NULL") && !c.NotNull:
			if err := p.rejectBang(); err != nil {
				return nil, err
			}
			p.i += 2
			c.NotNull = true
		case p.isWord("COMMENT") && c.Comment == nil:
			p.next()
			s, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			c.Comment = &s
		case ddl && p.isWord("DEFAULT") && c.Default == nil:
			p.next()
			if c.Default, err = p.parseExpr(); err != nil {
				return nil, err
			}
		case ddl && p.isWord("GENERATED") && c.Generated == nil:
			p.next()
			if err := p.expectWords("ALWAYS", "AS"); err != nil {
				return nil, err
			}
			if err := p.expectOp("("); err != nil {
				return nil, err
			}
			if c.Generated, err = p.parseExpr(); err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
		default:
			c.Loc = p.loc(start)
			return c, nil
		}
	}
}
