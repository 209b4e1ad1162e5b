package parser_test

import (
	"testing"

	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sql/parser"
)

// TestPositions checks the spans the parser records on nodes: line, column (in code
// points) and the source text each node covers.
func TestPositions(t *testing.T) {
	src := "SELECT `é_col` + 1 AS x,\n  f(a, 'ü') FROM db.t AS s WHERE s.b > -2"
	stmt, err := parser.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	q := stmt.(*ast.Query)
	sel := q.Body.(*ast.Select)
	alias := sel.Items[0].(*ast.Alias)
	call := sel.Items[1].(*ast.FuncCall)
	from := sel.From.(*ast.TableName)
	where := sel.Where.(*ast.Binary)
	tests := []struct {
		node      ast.Node
		line, col int
		text      string
	}{
		{q, 1, 0, src},
		{alias, 1, 7, "`é_col` + 1 AS x"},
		{alias.X, 1, 7, "`é_col` + 1"},
		{alias.X.(*ast.Binary).R, 1, 17, "1"},
		{alias.Name, 1, 22, "x"},
		{call, 2, 2, "f(a, 'ü')"},
		{call.Args[1], 2, 7, "'ü'"},
		{from, 2, 17, "db.t AS s"},
		{from.Name, 2, 17, "db.t"},
		{where, 2, 33, "s.b > -2"},
		{where.R, 2, 39, "-2"},
	}
	for _, tt := range tests {
		p := tt.node.Pos()
		text := src[p.Offset:tt.node.EndOffset()]
		if p.Line != tt.line || p.Col != tt.col || text != tt.text {
			t.Errorf("%T at line %d col %d covering %q, want line %d col %d covering %q",
				tt.node, p.Line, p.Col, text, tt.line, tt.col, tt.text)
		}
	}
}
