package parser

import (
	"testing"
)

func TestLexNumbers(t *testing.T) {
	tests := []struct {
		in   string
		kind tokKind
		text string
	}{
		{"1", tInteger, "1"},
		{"12L", tBigInt, "12L"},
		{"12l", tBigInt, "12l"},
		{"12S", tSmallInt, "12S"},
		{"12Y", tTinyInt, "12Y"},
		{"1.5", tDecimal, "1.5"},
		{".5", tDecimal, ".5"},
		{"1.", tDecimal, "1."},
		{"1e3", tExponent, "1e3"},
		{"1.5E-3", tExponent, "1.5E-3"},
		{"1.e3", tExponent, "1.e3"},
		{"1.5D", tDouble, "1.5D"},
		{"1d", tDouble, "1d"},
		{"1.5F", tFloat, "1.5F"},
		{"1e3f", tFloat, "1e3f"},
		{"1.5BD", tBigDecimal, "1.5BD"},
		{"1bd", tBigDecimal, "1bd"},
		// The identifier rule wins when it matches more characters.
		{"1a", tWord, "1a"},
		{"1L2", tWord, "1L2"},
		{"123_456", tWord, "123_456"},
		{"1e3x", tWord, "1e3x"},
		// 1.5x is not a valid decimal: the integer 1 comes first.
		{"1.5x", tInteger, "1"},
		{"1E", tWord, "1E"},
	}
	for _, tt := range tests {
		toks, _ := lex(tt.in)
		if got := toks[0]; got.kind != tt.kind || got.text != tt.text {
			t.Errorf("lex(%q) = kind %d %q, want kind %d %q", tt.in, got.kind, got.text, tt.kind, tt.text)
		}
	}
}

func TestLexTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string // token texts, EOF excluded
	}{
		{"a<=>b", []string{"a", "<=>", "b"}},
		{"a<>b!=c", []string{"a", "<>", "b", "!=", "c"}},
		{"a!<b!>c", []string{"a", "!<", "b", "!>", "c"}},
		{"a==b", []string{"a", "==", "b"}},
		{"a||b|c", []string{"a", "||", "b", "|", "c"}},
		{"a::int", []string{"a", "::", "int"}},
		{"x->x", []string{"x", "->", "x"}},
		{"k=>v", []string{"k", "=>", "v"}},
		{"a>>1", []string{"a", ">", ">", "1"}},
		{"/*+ hint */", []string{"/*+", "hint", "*/"}},
		{"a /* c /* nested */ c */ b", []string{"a", "b"}},
		{"a -- comment\nb", []string{"a", "b"}},
		{"a -- comment \\\n continued\nb", []string{"a", "b"}},
		{"'it''s' 'x'", []string{"'it''s'", "'x'"}},
		{"`a``b`.c", []string{"`a``b`", ".", "c"}},
		{"r'\\d' R\"x\"", []string{"r'\\d'", "R\"x\""}},
		{"file:///tmp/x.csv", []string{"file:///tmp/x.csv"}},
		{"a $ b", []string{"a", "$", "b"}},
		{"'unterminated", []string{"'", "unterminated"}},
		{"t.0a", []string{"t", ".", "0a"}},
	}
	for _, tt := range tests {
		toks, _ := lex(tt.in)
		var got []string
		for _, tok := range toks[:len(toks)-1] {
			got = append(got, tok.text)
		}
		if len(got) != len(tt.want) {
			t.Errorf("lex(%q) = %q, want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("lex(%q) = %q, want %q", tt.in, got, tt.want)
				break
			}
		}
	}
}

func TestLexPositions(t *testing.T) {
	toks, _ := lex("SELECT é,\n\t `x` -- c\n  z")
	want := []struct{ line, col, off int }{{1, 0, 0}, {1, 7, 7}, {1, 8, 9}, {2, 2, 13}, {3, 2, 24}}
	for i, w := range want {
		p := toks[i].pos
		if p.Line != w.line || p.Col != w.col || p.Offset != w.off {
			t.Errorf("token %d (%q) at %+v, want line %d col %d offset %d", i, toks[i].text, p, w.line, w.col, w.off)
		}
	}
}

func TestUnescapeString(t *testing.T) {
	tests := []struct{ in, want string }{
		{`'abc'`, "abc"},
		{`'a''b'`, "a'b"},
		{`"a""b"`, `a"b`},
		{`'a\'b'`, "a'b"},
		{`'\n\t\r\b\0\Z'`, "\n\t\r\b\x00\x1a"},
		{`'\u0041\U0001F600'`, "A\U0001F600"},
		{`'\101'`, "A"},
		{`'\%\_'`, `\%\_`},
		{`'\q'`, "q"},
		{`'\u00'`, "u00"},
	}
	for _, tt := range tests {
		if got := unescapeString(tt.in); got != tt.want {
			t.Errorf("unescapeString(%s) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDecimalPrecision(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"1", 1}, {"1.5", 2}, {"0.00001", 5}, {"123.4500", 7}, {"1.5e400", 401},
		{"1E-3", 3}, {"000", 1}, {"12345678901234567890123456789012345678901.5", 42},
	}
	for _, tt := range tests {
		if got := decimalPrecision(tt.in); got != tt.want {
			t.Errorf("decimalPrecision(%s) = %d, want %d", tt.in, got, tt.want)
		}
	}
}
