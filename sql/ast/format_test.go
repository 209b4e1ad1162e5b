package ast_test

import (
	"testing"

	"github.com/fulgur/fulgur/sql/ast"
)

func TestQuoteIdent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a", "a"},
		{"a_1", "a_1"},
		{"A", "A"},
		{"a b", "`a b`"},
		{"a`b", "`a``b`"},
		{"1a", "`1a`"},
		{"é", "`é`"},
		{"", "``"},
	}
	for _, tt := range tests {
		if got := ast.QuoteIdent(tt.in); got != tt.want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestQuoteString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "'abc'"},
		{"it's", `'it\'s'`},
		{`a\b`, `'a\\b'`},
		{"a\nb\tc", `'a\nb\tc'`},
		{"\x00", `'\u0000'`},
		{"ü", "'ü'"},
	}
	for _, tt := range tests {
		if got := ast.QuoteString(tt.in); got != tt.want {
			t.Errorf("QuoteString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestFormatBuiltTree(t *testing.T) {
	// Trees built by hand (as the plan builder's tests do) format like parsed ones.
	id := func(s string) *ast.Ident { return &ast.Ident{Name: s} }
	q := &ast.Query{Body: &ast.Select{
		Items: []ast.Expr{&ast.Alias{
			X:    &ast.Binary{Op: ast.OpAdd, L: &ast.ColumnRef{Parts: []*ast.Ident{id("a")}}, R: &ast.Literal{Kind: ast.IntLit, Value: "1", Raw: "1"}},
			Name: id("x"),
		}},
		From:  &ast.TableName{Name: &ast.ObjectName{Parts: []*ast.Ident{id("db"), id("t")}}},
		Where: &ast.Is{X: &ast.ColumnRef{Parts: []*ast.Ident{id("from")}}, Not: true, Value: ast.IsNull},
	}, Limit: &ast.Literal{Kind: ast.IntLit, Value: "10", Raw: "10"}}
	want := "SELECT (a + 1) AS x FROM db.t WHERE (`from` IS NOT NULL) LIMIT 10"
	if got := ast.Format(q); got != want {
		t.Errorf("Format = %s\nwant     %s", got, want)
	}
}
