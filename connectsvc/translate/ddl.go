package translate

import (
	"strings"
	"unicode"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// ParseDDL parses a DDL type string: a table schema (`a INT, b STRING NOT NULL`) gives
// a struct, a single type (`array<int>`, `decimal(10,2)`) gives that type.
func ParseDDL(s string) (types.DataType, error) {
	p := &ddlParser{toks: ddlTokens(s), src: s}
	if len(p.toks) == 0 {
		return nil, ddlError(s, "end of input")
	}
	// A single type when the whole string is one type.
	save := p.i
	if t, err := p.dataType(); err == nil && p.i == len(p.toks) {
		return t, nil
	}
	p.i = save
	st, err := p.fields(true)
	if err != nil {
		return nil, err
	}
	if p.i != len(p.toks) {
		return nil, ddlError(s, p.toks[p.i])
	}
	return st, nil
}

type ddlParser struct {
	toks []string
	i    int
	src  string
}

func ddlTokens(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '`':
			j := i + 1
			var b strings.Builder
			b.WriteRune('`')
			for j < len(rs) {
				if rs[j] == '`' {
					if j+1 < len(rs) && rs[j+1] == '`' {
						b.WriteRune('`')
						j += 2
						continue
					}
					break
				}
				b.WriteRune(rs[j])
				j++
			}
			out = append(out, b.String())
			i = j + 1
		case r == '\'' || r == '"':
			j := i + 1
			for j < len(rs) && rs[j] != r {
				if rs[j] == '\\' {
					j++
				}
				j++
			}
			out = append(out, string(rs[i:min(j+1, len(rs))]))
			i = j + 1
		case strings.ContainsRune("<>(),:", r):
			out = append(out, string(r))
			i++
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && !strings.ContainsRune("<>(),:`'\"", rs[j]) {
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		}
	}
	return out
}

func (p *ddlParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *ddlParser) next() string {
	t := p.peek()
	p.i++
	return t
}

func (p *ddlParser) expect(t string) error {
	if !strings.EqualFold(p.peek(), t) {
		return ddlError(p.src, p.peek())
	}
	p.i++
	return nil
}

func ident(t string) string {
	if strings.HasPrefix(t, "`") {
		return t[1:]
	}
	return t
}

// fields parses `name type [NOT NULL] [COMMENT 'x'], ...`; colon optional (struct<a:int>).
func (p *ddlParser) fields(top bool) (types.StructType, error) {
	var st types.StructType
	for {
		name := p.next()
		if name == "" {
			return st, ddlError(p.src, "end of input")
		}
		if p.peek() == ":" {
			p.i++
		}
		t, err := p.dataType()
		if err != nil {
			return st, err
		}
		f := types.StructField{Name: ident(name), Type: t, Nullable: true}
		for {
			switch strings.ToUpper(p.peek()) {
			case "NOT":
				p.i++
				if err := p.expect("NULL"); err != nil {
					return st, err
				}
				f.Nullable = false
				continue
			case "COMMENT":
				p.i++
				c := p.next()
				if len(c) >= 2 {
					c = c[1 : len(c)-1]
				}
				f.Metadata = map[string]any{"comment": c}
				continue
			}
			break
		}
		st.Fields = append(st.Fields, f)
		if p.peek() != "," {
			return st, nil
		}
		p.i++
	}
}

func (p *ddlParser) dataType() (types.DataType, error) {
	name := strings.ToLower(p.next())
	switch name {
	case "array":
		if err := p.expect("<"); err != nil {
			return nil, err
		}
		e, err := p.dataType()
		if err != nil {
			return nil, err
		}
		if err := p.expect(">"); err != nil {
			return nil, err
		}
		return types.ArrayType{Elem: e, ContainsNull: true}, nil
	case "map":
		if err := p.expect("<"); err != nil {
			return nil, err
		}
		k, err := p.dataType()
		if err != nil {
			return nil, err
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
		v, err := p.dataType()
		if err != nil {
			return nil, err
		}
		if err := p.expect(">"); err != nil {
			return nil, err
		}
		return types.MapType{Key: k, Value: v, ValueContainsNull: true}, nil
	case "struct":
		if err := p.expect("<"); err != nil {
			return nil, err
		}
		if p.peek() == ">" {
			p.i++
			return types.StructType{}, nil
		}
		st, err := p.fields(false)
		if err != nil {
			return nil, err
		}
		if err := p.expect(">"); err != nil {
			return nil, err
		}
		return st, nil
	case "decimal", "dec", "numeric", "char", "varchar":
		if p.peek() == "(" {
			p.i++
			a := p.next()
			args := a
			if p.peek() == "," {
				p.i++
				args += "," + p.next()
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			if name == "char" || name == "varchar" {
				return types.String, nil
			}
			return simpleType("decimal(" + args + ")")
		}
	case "":
		return nil, ddlError(p.src, "end of input")
	}
	t, err := simpleType(name)
	if err != nil {
		return nil, err
	}
	return t, nil
}

func ddlError(src, near string) error {
	if near != "end of input" {
		near = "'" + near + "'"
	}
	return sqlerr.New("PARSE_SYNTAX_ERROR", "error", near, "hint", "")
}
