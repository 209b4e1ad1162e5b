package parser_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sql/parser"
)

// FuzzParse checks that no input makes the parser panic, that every error is a
// positioned *parser.Error, and that accepted statements print to a canonical form
// that parses back to itself. The seed corpus is every input of the golden files.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for _, block := range strings.Split(string(data), "\n----\n") {
			lines := strings.Split(block, "\n")
			// The input of a case follows its directive line.
			for i, l := range lines {
				if strings.HasPrefix(l, "parse") || strings.HasPrefix(l, "error") {
					f.Add(strings.Join(lines[i+1:], "\n"))
					break
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, sql string) {
		stmt, err := parser.Parse(sql)
		if err != nil {
			pe, ok := err.(*parser.Error)
			if !ok {
				t.Fatalf("error is %T, not *parser.Error: %v", err, err)
			}
			if pe.Line < 0 || pe.Offset < 0 || pe.Offset > len(sql) || pe.Class == "" {
				t.Fatalf("bad error position or class: %+v", pe)
			}
			_ = pe.Error()
			return
		}
		out := ast.Format(stmt)
		again, err := parser.Parse(out)
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", out, sql, err)
		}
		if got := ast.Format(again); got != out {
			t.Fatalf("canonical form of %q is not stable:\n%s\n%s", sql, out, got)
		}
		_, _ = parser.ParseExpr(sql)
		_, _ = parser.ParseDataType(sql)
		_, _ = parser.ParseTableSchema(sql)
	})
}
