package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fulgur/fulgur/sql/ast"
)

type tokKind uint8

const (
	tEOF          tokKind = iota
	tWord                 // unquoted identifier or keyword
	tQuotedIdent          // `backquoted`
	tString               // '...' or R'...'
	tDQString             // "..."
	tInteger              // 12
	tBigInt               // 12L
	tSmallInt             // 12S
	tTinyInt              // 12Y
	tExponent             // 1e3, 1.5E-2
	tDecimal              // 1.5, .5, 1.
	tFloat                // 1.5F
	tDouble               // 1.5D
	tBigDecimal           // 1.5BD
	tOp                   // punctuation and operators; op holds the canonical text
	tHintStart            // /*+
	tHintEnd              // */
	tUnrecognized         // any other character, or an unterminated quote
)

func (k tokKind) isNumber() bool { return k >= tInteger && k <= tBigDecimal }

type token struct {
	kind tokKind
	// text is the token's source text.
	text string
	// upper is text upper-cased, for tWord (keyword comparisons).
	upper string
	// op is the canonical operator for tOp ("==" is "=", "!=" is "<>" ...) .
	op string
	// val is the unescaped value of a string or the name of a quoted identifier.
	val string
	pos ast.Pos
	end int // byte offset just past the token
}

// lexer splits SQL text into tokens. Comments and whitespace are dropped; an unclosed
// bracketed comment is remembered so that the parser can report it.
type lexer struct {
	src  string
	off  int
	line int
	col  int

	unclosedComment bool
	unclosedAt      ast.Pos
}

func lex(src string) ([]token, *lexer) {
	lx := &lexer{src: src, line: 1}
	var toks []token
	for {
		t := lx.next()
		toks = append(toks, t)
		if t.kind == tEOF {
			return toks, lx
		}
	}
}

func (lx *lexer) here() ast.Pos { return ast.Pos{Offset: lx.off, Line: lx.line, Col: lx.col} }

// advance moves past n bytes, keeping line and column (in code points) up to date.
func (lx *lexer) advance(n int) {
	end := lx.off + n
	for lx.off < end {
		r, size := utf8.DecodeRuneInString(lx.src[lx.off:])
		lx.off += size
		if r == '\n' {
			lx.line++
			lx.col = 0
		} else {
			lx.col++
		}
	}
}

func (lx *lexer) peekByte(i int) byte {
	if lx.off+i < len(lx.src) {
		return lx.src[lx.off+i]
	}
	return 0
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\f', '\r', '\v', '\u00A0', '\u1680', '\u2028', '\u202F', '\u205F', '\u3000':
		return true
	}
	return r >= '\u2000' && r <= '\u200A'
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isIdentRune(r rune) bool { return r == '_' || isDigitRune(r) || unicode.IsLetter(r) }

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// skipSpaceAndComments skips whitespace and comments before a token.
func (lx *lexer) skipSpaceAndComments() {
	for lx.off < len(lx.src) {
		r, size := utf8.DecodeRuneInString(lx.src[lx.off:])
		switch {
		case isSpace(r):
			lx.advance(size)
		case r == '-' && lx.peekByte(1) == '-':
			// A simple comment runs to the end of the line; a backslash before the
			// newline continues it.
			i := lx.off + 2
			for i < len(lx.src) {
				if lx.src[i] == '\\' && i+1 < len(lx.src) && lx.src[i+1] == '\n' {
					i += 2
					continue
				}
				if lx.src[i] == '\n' || lx.src[i] == '\r' {
					break
				}
				i++
			}
			lx.advance(i - lx.off)
		case r == '/' && lx.peekByte(1) == '*' && lx.peekByte(2) != '+':
			start := lx.here()
			if !lx.skipBracketedComment() {
				lx.unclosedComment = true
				lx.unclosedAt = start
				return
			}
		default:
			return
		}
	}
}

// skipBracketedComment skips a /* ... */ comment, which may nest; it reports false,
// having consumed the rest of the input, when the comment is not closed.
func (lx *lexer) skipBracketedComment() bool {
	i := lx.off + 2
	depth := 1
	for i < len(lx.src) {
		switch {
		case lx.src[i] == '*' && i+1 < len(lx.src) && lx.src[i+1] == '/':
			depth--
			i += 2
			if depth == 0 {
				lx.advance(i - lx.off)
				return true
			}
		case lx.src[i] == '/' && i+2 < len(lx.src) && lx.src[i+1] == '*' && lx.src[i+2] != '+':
			depth++
			i += 2
		default:
			i++
		}
	}
	lx.advance(len(lx.src) - lx.off)
	return false
}

// operators maps operator text to its canonical form; longer operators come before
// their prefixes.
var operators = []struct{ text, op string }{
	{"<=>", "<=>"}, {"/*+", "/*+"},
	{"==", "="}, {"<>", "<>"}, {"!=", "<>"}, {"<=", "<="}, {"!>", "<="}, {">=", ">="}, {"!<", ">="},
	{"<<", "<<"}, {"||", "||"}, {"::", "::"}, {"->", "->"}, {"=>", "=>"}, {"*/", "*/"},
	{"=", "="}, {"<", "<"}, {">", ">"}, {"!", "!"}, {"+", "+"}, {"-", "-"}, {"*", "*"}, {"/", "/"},
	{"%", "%"}, {"~", "~"}, {"&", "&"}, {"|", "|"}, {"^", "^"}, {":", ":"}, {"?", "?"},
	{"(", "("}, {")", ")"}, {",", ","}, {".", "."}, {"[", "["}, {"]", "]"}, {";", ";"},
}

func (lx *lexer) next() token {
	lx.skipSpaceAndComments()
	start := lx.here()
	if lx.off >= len(lx.src) {
		return token{kind: tEOF, pos: start, end: lx.off}
	}
	tok := func(kind tokKind, n int) token {
		text := lx.src[lx.off : lx.off+n]
		lx.advance(n)
		return token{kind: kind, text: text, pos: start, end: lx.off}
	}
	c := lx.src[lx.off]
	r, size := utf8.DecodeRuneInString(lx.src[lx.off:])
	switch {
	case c == '\'' || c == '"':
		if n, ok := lx.scanQuoted(lx.off, c, true); ok {
			t := tok(tString, n)
			if c == '"' {
				t.kind = tDQString
			}
			t.val = unescapeString(t.text)
			return t
		}
		return tok(tUnrecognized, 1)
	case (c == 'r' || c == 'R') && (lx.peekByte(1) == '\'' || lx.peekByte(1) == '"'):
		// A raw string R'...' has no escapes; it wins over the identifier R by length.
		q := lx.peekByte(1)
		if end := strings.IndexByte(lx.src[lx.off+2:], q); end >= 0 {
			t := tok(tString, end+3)
			t.val = t.text[2 : len(t.text)-1]
			return t
		}
	case c == '`':
		if n, ok := lx.scanQuoted(lx.off, '`', false); ok {
			t := tok(tQuotedIdent, n)
			t.val = strings.ReplaceAll(t.text[1:len(t.text)-1], "``", "`")
			return t
		}
		return tok(tUnrecognized, 1)
	case isDigit(c) || c == '.' && isDigit(lx.peekByte(1)):
		// A '.' that starts no valid number is the dot operator (a.0x).
		if kind, n := lx.scanNumberOrWord(); n > 0 {
			t := tok(kind, n)
			if kind == tWord {
				t.upper = strings.ToUpper(t.text)
			}
			return t
		}
	case isIdentRune(r):
		n := lx.scanWord()
		t := tok(tWord, n)
		t.upper = strings.ToUpper(t.text)
		return t
	}
	for _, o := range operators {
		if strings.HasPrefix(lx.src[lx.off:], o.text) {
			t := tok(tOp, len(o.text))
			switch o.op {
			case "/*+":
				t.kind = tHintStart
			case "*/":
				t.kind = tHintEnd
			default:
				t.op = o.op
			}
			return t
		}
	}
	return tok(tUnrecognized, size)
}

// scanQuoted returns the length of the quoted token starting at off, whose quote
// character is q. A doubled quote stands for one; with escapes, a backslash also
// escapes the next character.
func (lx *lexer) scanQuoted(off int, q byte, escapes bool) (int, bool) {
	i := off + 1
	for i < len(lx.src) {
		switch b := lx.src[i]; {
		case escapes && b == '\\':
			if i+1 >= len(lx.src) {
				return 0, false
			}
			_, size := utf8.DecodeRuneInString(lx.src[i+1:])
			i += 1 + size
		case b == q:
			if i+1 < len(lx.src) && lx.src[i+1] == q {
				i += 2
				continue
			}
			return i + 1 - off, true
		default:
			i++
		}
	}
	return 0, false
}

// scanWord returns the length of an identifier: letters, digits and underscores, or a
// URI such as file:///tmp/x (letters, then ://, then path characters).
func (lx *lexer) scanWord() int {
	s := lx.src[lx.off:]
	n, letters := 0, 0
	allLetters := true
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:])
		if !isIdentRune(r) {
			break
		}
		if allLetters && unicode.IsLetter(r) {
			letters += size
		} else {
			allLetters = false
		}
		n += size
	}
	if letters > 0 && strings.HasPrefix(s[letters:], "://") {
		m := letters + 3
		for m < len(s) {
			r, size := utf8.DecodeRuneInString(s[m:])
			if !(isIdentRune(r) || strings.ContainsRune("/-.?=&#%", r)) {
				break
			}
			m += size
		}
		if m > letters+3 && m > n {
			return m
		}
	}
	return n
}

// scanNumberOrWord applies Spark's lexer rules at a digit (or a '.' before a digit):
// the longest of the numeric literal rules and the identifier rule wins, and on equal
// length the numeric rule declared first in Spark's lexer.
func (lx *lexer) scanNumberOrWord() (tokKind, int) {
	s := lx.src[lx.off:]
	at := func(i int) byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	upperAt := func(i int) byte {
		b := at(i)
		if b >= 'a' && b <= 'z' {
			b -= 'a' - 'A'
		}
		return b
	}
	digits := func(i int) int {
		j := i
		for isDigit(at(j)) {
			j++
		}
		return j - i
	}
	// validAfter is Spark's isValidDecimal: the next character is not a letter, digit
	// or underscore.
	validAfter := func(i int) bool {
		if i >= len(s) {
			return true
		}
		r, _ := utf8.DecodeRuneInString(s[i:])
		return !(r == '_' || isDigitRune(r) || unicode.IsLetter(r))
	}
	exponent := func(i int) int { // 'E' [+-]? DIGIT+
		if upperAt(i) != 'E' {
			return 0
		}
		j := i + 1
		if at(j) == '+' || at(j) == '-' {
			j++
		}
		if d := digits(j); d > 0 {
			return j + d - i
		}
		return 0
	}

	bestKind, best := tokKind(0), 0
	try := func(kind tokKind, n int) {
		if n > best {
			bestKind, best = kind, n
		}
	}
	intLen := digits(0)
	decLen := 0 // DECIMAL_DIGITS: DIGIT+ '.' DIGIT* | '.' DIGIT+
	if intLen > 0 && at(intLen) == '.' {
		decLen = intLen + 1 + digits(intLen+1)
	} else if intLen == 0 && at(0) == '.' {
		decLen = 1 + digits(1)
	}
	// In Spark's rule order, so that ties go to the earlier rule.
	if intLen > 0 {
		switch upperAt(intLen) {
		case 'L':
			try(tBigInt, intLen+1)
		case 'S':
			try(tSmallInt, intLen+1)
		case 'Y':
			try(tTinyInt, intLen+1)
		}
		try(tInteger, intLen)
		if e := exponent(intLen); e > 0 {
			try(tExponent, intLen+e)
		}
	}
	if decLen > 0 {
		if e := exponent(decLen); e > 0 && validAfter(decLen+e) {
			try(tExponent, decLen+e)
		}
		if validAfter(decLen) {
			try(tDecimal, decLen)
		}
	}
	for _, suffix := range []struct {
		kind tokKind
		s    string
	}{{tFloat, "F"}, {tDouble, "D"}, {tBigDecimal, "BD"}} {
		match := func(i int) bool {
			for k := 0; k < len(suffix.s); k++ {
				if upperAt(i+k) != suffix.s[k] {
					return false
				}
			}
			return true
		}
		if intLen > 0 {
			e := exponent(intLen)
			if match(intLen + e) {
				try(suffix.kind, intLen+e+len(suffix.s))
			}
		}
		if decLen > 0 {
			e := exponent(decLen)
			if n := decLen + e + len(suffix.s); match(decLen+e) && validAfter(n) {
				try(suffix.kind, n)
			}
		}
	}
	if intLen > 0 {
		if n := lx.scanWord(); n > best {
			return tWord, n
		}
	}
	return bestKind, best
}

// unescapeString turns the text of a quoted string token into its value: a doubled
// quote is one quote, and backslash escapes follow Spark: \0 \b \n \r \t \Z, \uXXXX, \UXXXXXXXX, three-digit octal \[01][0-7][0-7],
// \% and \_ kept with their backslash, and any other escaped character as itself.
func unescapeString(text string) string {
	q := text[:1]
	body := text[1 : len(text)-1]
	if !strings.ContainsRune(body, '\\') {
		return strings.ReplaceAll(body, q+q, q)
	}
	var b strings.Builder
	rs := []rune(body)
	isHex := func(r rune) bool { return r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F' }
	allHex := func(i, n int) bool {
		if i+n > len(rs) {
			return false
		}
		for _, r := range rs[i : i+n] {
			if !isHex(r) {
				return false
			}
		}
		return true
	}
	hexVal := func(i, n int) rune {
		var v rune
		for _, r := range rs[i : i+n] {
			v <<= 4
			switch {
			case r <= '9':
				v |= r - '0'
			case r >= 'a':
				v |= r - 'a' + 10
			default:
				v |= r - 'A' + 10
			}
		}
		return v
	}
	for i := 0; i < len(rs); i++ {
		c := rs[i]
		if string(c) == q && i+1 < len(rs) && rs[i+1] == c {
			b.WriteRune(c)
			i++
			continue
		}
		if c != '\\' || i+1 == len(rs) {
			b.WriteRune(c)
			continue
		}
		i++
		n := rs[i]
		switch {
		case n == 'u' && allHex(i+1, 4):
			b.WriteRune(hexVal(i+1, 4))
			i += 4
		case n == 'U' && allHex(i+1, 8):
			if v := hexVal(i+1, 8); v <= unicode.MaxRune {
				b.WriteRune(v)
			} else {
				b.WriteRune(utf8.RuneError)
			}
			i += 8
		case i+2 < len(rs) && (n == '0' || n == '1') && rs[i+1] >= '0' && rs[i+1] <= '7' && rs[i+2] >= '0' && rs[i+2] <= '7':
			b.WriteRune((n-'0')<<6 | (rs[i+1]-'0')<<3 | (rs[i+2] - '0'))
			i += 2
		default:
			switch n {
			case '0':
				b.WriteRune(0)
			case 'b':
				b.WriteByte('\b')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'Z':
				b.WriteRune('\u001A')
			case '%', '_':
				b.WriteByte('\\')
				b.WriteRune(n)
			default:
				b.WriteRune(n)
			}
		}
	}
	return b.String()
}
