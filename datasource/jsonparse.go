package datasource

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonValue is one parsed JSON value. Numbers keep their text.
type jsonValue struct {
	kind   jsonKind
	text   string // string contents or number text
	float  bool   // a number with a fraction, an exponent or a non-numeric name
	fields []jsonField
	elems  []*jsonValue
}

type jsonKind uint8

const (
	jsonNull jsonKind = iota
	jsonTrue
	jsonFalse
	jsonNumber
	jsonString
	jsonObject
	jsonArray
)

type jsonField struct {
	name  string
	value *jsonValue
}

var errJSONSyntax = errors.New("malformed JSON")

// jsonParser parses JSON text with the leniencies of Spark's Jackson configuration:
// non-numeric numbers (NaN, Infinity) always, and comments, unquoted field names and
// single quotes when enabled.
type jsonParser struct {
	s                                         string
	pos                                       int
	allowComments, allowUnquoted, allowSingle bool
}

func (p *jsonParser) skipSpace() error {
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			p.pos++
		case c == '/' && p.allowComments && p.pos+1 < len(p.s) && p.s[p.pos+1] == '/':
			for p.pos < len(p.s) && p.s[p.pos] != '\n' && p.s[p.pos] != '\r' {
				p.pos++
			}
		case c == '/' && p.allowComments && p.pos+1 < len(p.s) && p.s[p.pos+1] == '*':
			end := strings.Index(p.s[p.pos+2:], "*/")
			if end < 0 {
				return errJSONSyntax
			}
			p.pos += end + 4
		default:
			return nil
		}
	}
	return nil
}

// atEnd reports whether only whitespace (and comments) remain.
func (p *jsonParser) atEnd() bool {
	if err := p.skipSpace(); err != nil {
		return false
	}
	return p.pos >= len(p.s)
}

func (p *jsonParser) value(depth int) (*jsonValue, error) {
	if depth > 1000 {
		return nil, errJSONSyntax
	}
	if err := p.skipSpace(); err != nil {
		return nil, err
	}
	if p.pos >= len(p.s) {
		return nil, errJSONSyntax
	}
	c := p.s[p.pos]
	switch {
	case c == '{':
		p.pos++
		v := &jsonValue{kind: jsonObject}
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if p.pos < len(p.s) && p.s[p.pos] == '}' {
			p.pos++
			return v, nil
		}
		for {
			if err := p.skipSpace(); err != nil {
				return nil, err
			}
			name, err := p.fieldName()
			if err != nil {
				return nil, err
			}
			if err := p.skipSpace(); err != nil {
				return nil, err
			}
			if p.pos >= len(p.s) || p.s[p.pos] != ':' {
				return nil, errJSONSyntax
			}
			p.pos++
			fv, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.fields = append(v.fields, jsonField{name, fv})
			if err := p.skipSpace(); err != nil {
				return nil, err
			}
			if p.pos >= len(p.s) {
				return nil, errJSONSyntax
			}
			if p.s[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.s[p.pos] == '}' {
				p.pos++
				return v, nil
			}
			return nil, errJSONSyntax
		}
	case c == '[':
		p.pos++
		v := &jsonValue{kind: jsonArray}
		if err := p.skipSpace(); err != nil {
			return nil, err
		}
		if p.pos < len(p.s) && p.s[p.pos] == ']' {
			p.pos++
			return v, nil
		}
		for {
			e, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			v.elems = append(v.elems, e)
			if err := p.skipSpace(); err != nil {
				return nil, err
			}
			if p.pos >= len(p.s) {
				return nil, errJSONSyntax
			}
			if p.s[p.pos] == ',' {
				p.pos++
				continue
			}
			if p.s[p.pos] == ']' {
				p.pos++
				return v, nil
			}
			return nil, errJSONSyntax
		}
	case c == '"' || (c == '\'' && p.allowSingle):
		s, err := p.str(c)
		if err != nil {
			return nil, err
		}
		return &jsonValue{kind: jsonString, text: s}, nil
	case c == '-' || c == '+' || (c >= '0' && c <= '9') || c == 'N' || c == 'I':
		return p.number()
	}
	for _, lit := range []struct {
		word string
		kind jsonKind
	}{{"true", jsonTrue}, {"false", jsonFalse}, {"null", jsonNull}} {
		if strings.HasPrefix(p.s[p.pos:], lit.word) && !p.identAt(p.pos+len(lit.word)) {
			p.pos += len(lit.word)
			return &jsonValue{kind: lit.kind}, nil
		}
	}
	return nil, errJSONSyntax
}

func (p *jsonParser) identAt(i int) bool {
	if i >= len(p.s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(p.s[i:])
	return r == '_' || r == '$' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (p *jsonParser) number() (*jsonValue, error) {
	start := p.pos
	rest := p.s[p.pos:]
	for _, name := range []string{"NaN", "Infinity", "-Infinity", "+Infinity", "-INF", "+INF"} {
		if strings.HasPrefix(rest, name) && !p.identAt(p.pos+len(name)) {
			p.pos += len(name)
			return &jsonValue{kind: jsonNumber, text: name, float: true}, nil
		}
	}
	if p.s[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		st := p.pos
		for p.pos < len(p.s) && p.s[p.pos] >= '0' && p.s[p.pos] <= '9' {
			p.pos++
		}
		return p.pos - st
	}
	intStart := p.pos
	n := digits()
	if n == 0 || (n > 1 && p.s[intStart] == '0') {
		return nil, errJSONSyntax
	}
	float := false
	if p.pos < len(p.s) && p.s[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			return nil, errJSONSyntax
		}
		float = true
	}
	if p.pos < len(p.s) && (p.s[p.pos] == 'e' || p.s[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.s) && (p.s[p.pos] == '+' || p.s[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			return nil, errJSONSyntax
		}
		float = true
	}
	if p.identAt(p.pos) {
		return nil, errJSONSyntax
	}
	return &jsonValue{kind: jsonNumber, text: p.s[start:p.pos], float: float}, nil
}

func (p *jsonParser) fieldName() (string, error) {
	if p.pos >= len(p.s) {
		return "", errJSONSyntax
	}
	c := p.s[p.pos]
	if c == '"' || (c == '\'' && p.allowSingle) {
		return p.str(c)
	}
	if !p.allowUnquoted {
		return "", errJSONSyntax
	}
	st := p.pos
	for p.identAt(p.pos) {
		_, size := utf8.DecodeRuneInString(p.s[p.pos:])
		p.pos += size
	}
	if p.pos == st {
		return "", errJSONSyntax
	}
	return p.s[st:p.pos], nil
}

func (p *jsonParser) str(q byte) (string, error) {
	p.pos++
	var b strings.Builder
	for p.pos < len(p.s) {
		c := p.s[p.pos]
		switch {
		case c == q:
			p.pos++
			return b.String(), nil
		case c < 0x20:
			return "", errJSONSyntax
		case c == '\\':
			if p.pos+1 >= len(p.s) {
				return "", errJSONSyntax
			}
			e := p.s[p.pos+1]
			p.pos += 2
			switch e {
			case '"', '\\', '/':
				b.WriteByte(e)
			case '\'':
				if !p.allowSingle {
					return "", errJSONSyntax
				}
				b.WriteByte(e)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'u':
				r, ok := p.hex4()
				if !ok {
					return "", errJSONSyntax
				}
				if utf16.IsSurrogate(r) && strings.HasPrefix(p.s[p.pos:], `\u`) {
					save := p.pos
					p.pos += 2
					if r2, ok := p.hex4(); ok && utf16.DecodeRune(r, r2) != unicode.ReplacementChar {
						r = utf16.DecodeRune(r, r2)
					} else {
						p.pos = save
					}
				}
				b.WriteRune(r)
			default:
				return "", errJSONSyntax
			}
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	return "", errJSONSyntax
}

func (p *jsonParser) hex4() (rune, bool) {
	if p.pos+4 > len(p.s) {
		return 0, false
	}
	v, err := strconv.ParseUint(p.s[p.pos:p.pos+4], 16, 32)
	if err != nil {
		return 0, false
	}
	p.pos += 4
	return rune(v), true
}

// writeJSON renders v compactly, as Jackson's generator copies a value.
func writeJSON(b *strings.Builder, v *jsonValue) {
	switch v.kind {
	case jsonNull:
		b.WriteString("null")
	case jsonTrue:
		b.WriteString("true")
	case jsonFalse:
		b.WriteString("false")
	case jsonNumber:
		b.WriteString(v.text)
	case jsonString:
		writeJSONString(b, v.text)
	case jsonObject:
		b.WriteByte('{')
		for i, f := range v.fields {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSONString(b, f.name)
			b.WriteByte(':')
			writeJSON(b, f.value)
		}
		b.WriteByte('}')
	case jsonArray:
		b.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, e)
		}
		b.WriteByte(']')
	}
}

func writeJSONString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte("0123456789ABCDEF"[r>>4])
			b.WriteByte("0123456789ABCDEF"[r&0xf])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}
