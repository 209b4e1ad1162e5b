package planbuilder

import (
	"strings"
	"unicode"
)

// This file holds an interim lexer and parser for the SQL subset the foundation needs.
// TODO(sql): replace with sql/parser + sql/ast (the full, golden-tested Spark SQL
// parser) and keep only the AST → plan translation here.

type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tQuoted // `backquoted identifier`
	tNumber
	tString
	tOp
	tParam // :name or ?
)

type token struct {
	kind tokKind
	text string // identifiers keep their case; strings are unescaped
	pos  int    // byte offset in the statement
}

func (t token) is(kw string) bool {
	return t.kind == tIdent && strings.EqualFold(t.text, kw)
}

func lex(src string) ([]token, error) {
	var out []token
	rs := []rune(src)
	i := 0
	byteOff := func(ri int) int { return len(string(rs[:ri])) }
	for i < len(rs) {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r == '-' && i+1 < len(rs) && rs[i+1] == '-':
			for i < len(rs) && rs[i] != '\n' {
				i++
			}
		case r == '/' && i+1 < len(rs) && rs[i+1] == '*':
			depth := 0
			start := i
			for i < len(rs) {
				if rs[i] == '/' && i+1 < len(rs) && rs[i+1] == '*' {
					depth++
					i += 2
					continue
				}
				if rs[i] == '*' && i+1 < len(rs) && rs[i+1] == '/' {
					depth--
					i += 2
					if depth == 0 {
						break
					}
					continue
				}
				i++
			}
			if depth != 0 {
				return nil, unclosedComment(src, byteOff(start))
			}
		case r == '`':
			start := i
			var b strings.Builder
			i++
			closed := false
			for i < len(rs) {
				if rs[i] == '`' {
					if i+1 < len(rs) && rs[i+1] == '`' {
						b.WriteRune('`')
						i += 2
						continue
					}
					closed = true
					i++
					break
				}
				b.WriteRune(rs[i])
				i++
			}
			if !closed {
				return nil, syntaxError(src, byteOff(start), string(rs[start:]), "")
			}
			out = append(out, token{tQuoted, b.String(), byteOff(start)})
		case r == '\'' || r == '"':
			start := i
			var b strings.Builder
			i++
			closed := false
			for i < len(rs) {
				c := rs[i]
				if c == '\\' && i+1 < len(rs) {
					i++
					switch rs[i] {
					case 'n':
						b.WriteRune('\n')
					case 't':
						b.WriteRune('\t')
					case 'r':
						b.WriteRune('\r')
					case '0':
						b.WriteRune(0)
					default:
						b.WriteRune(rs[i])
					}
					i++
					continue
				}
				if c == r {
					closed = true
					i++
					break
				}
				b.WriteRune(c)
				i++
			}
			if !closed {
				return nil, syntaxError(src, byteOff(start), string(rs[start:]), "")
			}
			// Adjacent string literals concatenate.
			if n := len(out); n > 0 && out[n-1].kind == tString {
				out[n-1].text += b.String()
				continue
			}
			out = append(out, token{tString, b.String(), byteOff(start)})
		case unicode.IsDigit(r) || (r == '.' && i+1 < len(rs) && unicode.IsDigit(rs[i+1])):
			start := i
			for i < len(rs) && (unicode.IsDigit(rs[i]) || rs[i] == '.') {
				i++
			}
			if i < len(rs) && (rs[i] == 'e' || rs[i] == 'E') {
				j := i + 1
				if j < len(rs) && (rs[j] == '+' || rs[j] == '-') {
					j++
				}
				if j < len(rs) && unicode.IsDigit(rs[j]) {
					i = j
					for i < len(rs) && unicode.IsDigit(rs[i]) {
						i++
					}
				}
			}
			// Type suffixes: L, S, Y, D, F, BD.
			if i+1 < len(rs) && strings.EqualFold(string(rs[i:i+2]), "bd") && (i+2 == len(rs) || !isIdentRune(rs[i+2])) {
				i += 2
			} else if i < len(rs) && strings.ContainsRune("lLsSyYdDfF", rs[i]) && (i+1 == len(rs) || !isIdentRune(rs[i+1])) {
				i++
			}
			if i < len(rs) && isIdentRune(rs[i]) {
				// 1abc is an identifier in Spark.
				for i < len(rs) && isIdentRune(rs[i]) {
					i++
				}
				out = append(out, token{tIdent, string(rs[start:i]), byteOff(start)})
				continue
			}
			out = append(out, token{tNumber, string(rs[start:i]), byteOff(start)})
		case isIdentRune(r):
			start := i
			for i < len(rs) && isIdentRune(rs[i]) {
				i++
			}
			out = append(out, token{tIdent, string(rs[start:i]), byteOff(start)})
		case r == ':' && i+1 < len(rs) && isIdentRune(rs[i+1]):
			start := i
			i++
			for i < len(rs) && isIdentRune(rs[i]) {
				i++
			}
			out = append(out, token{tParam, string(rs[start+1 : i]), byteOff(start)})
		case r == '?':
			out = append(out, token{tParam, "", byteOff(i)})
			i++
		default:
			start := i
			op := string(r)
			for _, two := range []string{"<=>", "==", "<>", "!=", "<=", ">=", "||", "::", "->"} {
				if strings.HasPrefix(string(rs[i:]), two) {
					op = two
					break
				}
			}
			if !strings.Contains("+-*/%=<>!(),.;|&^~[]:", string(r)) {
				return nil, syntaxError(src, byteOff(start), string(r), "")
			}
			i += len([]rune(op))
			out = append(out, token{tOp, op, byteOff(start)})
		}
	}
	out = append(out, token{tEOF, "", len(src)})
	return out, nil
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
