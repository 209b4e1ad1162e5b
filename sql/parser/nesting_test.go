package parser_test

import (
	"strings"
	"testing"

	"github.com/fulgur/fulgur/sql/parser"
)

// TestDeepNesting parses deeply nested inputs whose parse involves backtracking;
// it guards against exponential re-parsing (it would time out) and checks that
// errors deep inside are still reported.
func TestDeepNesting(t *testing.T) {
	const n = 200
	nest := func(open, mid, close string) string {
		return strings.Repeat(open, n) + mid + strings.Repeat(close, n)
	}
	ok := []string{
		"SELECT " + nest("(", "1", ")"),
		"SELECT " + nest("trim(", "x", ")"),
		"SELECT " + nest("substring(", "x", ", 1)"),
		"SELECT " + nest("((SELECT ", "1", ") + 1)"),
		"SELECT * FROM " + nest("(", "t", ")"),
		"SELECT * FROM " + nest("(", "SELECT 1", ")"),
		nest("(", "SELECT 1", ")"),
		"SELECT " + nest("f(", "1", ")"),
		"SELECT " + nest("CASE WHEN a THEN ", "1", " END"),
	}
	for _, sql := range ok {
		if _, err := parser.Parse(sql); err != nil {
			t.Errorf("Parse(%.40q...) = %v", sql, err)
		}
	}
	bad := []string{
		"SELECT " + nest("(", "1 +", ")"),
		"SELECT " + nest("trim(", "x FROM", ")"),
		"SELECT " + nest("((SELECT ", "1 FROM", ") + 1)"),
	}
	for _, sql := range bad {
		if _, err := parser.Parse(sql); err == nil {
			t.Errorf("Parse(%.40q...) succeeded, want an error", sql)
		}
	}
}
