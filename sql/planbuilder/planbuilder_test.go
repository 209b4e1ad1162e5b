package planbuilder

import (
	"fmt"
	"strings"
	"testing"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sqlerr"
)

func TestStatementErrors(t *testing.T) {
	tests := []struct {
		sql, class, message string
	}{
		{"SELECT * FORM t", "PARSE_SYNTAX_ERROR", "[PARSE_SYNTAX_ERROR] Syntax error at or near 't': extra input 't'. SQLSTATE: 42601 (line 1, pos 14)\n\n== SQL ==\nSELECT * FORM t\n--------------^^^\n"},
		{"", "PARSE_EMPTY_STATEMENT", ""},
		{"SELECT 1 /* open", "UNCLOSED_BRACKETED_COMMENT", ""},
		{"SELECT DATE '2024-02-30'", "INVALID_TYPED_LITERAL", ""},
		{"WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r", "UNSUPPORTED_FEATURE", ""},
		{"SELECT a FROM t GROUP BY ROLLUP(a), 3", "GROUP_BY_POS_OUT_OF_RANGE", ""},
		{"SELECT a FROM t ORDER BY 3", "ORDER_BY_POS_OUT_OF_RANGE", ""},
		{"SELECT a FROM t LIMIT -1", "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", ""},
		{"SELECT sum(a) OVER w FROM t", "MISSING_WINDOW_SPECIFICATION", ""},
		{"SELECT :x", "UNBOUND_SQL_PARAMETER", ""},
		{"ALTER TABLE t ADD COLUMNS (b INT)", "INVALID_SQL_SYNTAX.UNSUPPORTED_SQL_STATEMENT", ""},
		{"SHOW PARTITIONS t", "UNSUPPORTED_FEATURE", ""},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			_, _, err := Statement(tt.sql, Params{})
			e, ok := sqlerr.As(err)
			if !ok || e.Class != tt.class {
				t.Fatalf("err = %v, want class %s", err, tt.class)
			}
			if tt.message != "" && e.Error() != tt.message {
				t.Errorf("message =\n%q\nwant\n%q", e.Error(), tt.message)
			}
		})
	}
}

func TestStatementPlans(t *testing.T) {
	tests := []struct {
		sql  string
		want []string // substrings of the plan printout, in order
	}{
		{"SELECT a, count(*) FROM t GROUP BY 1 HAVING count(*) > 1",
			[]string{"Drop", "Filter", "Aggregate", "UnresolvedRelation"}},
		{"WITH x AS (SELECT 1 AS v) SELECT v FROM x ORDER BY 1 LIMIT 2 OFFSET 1",
			[]string{"Limit 2", "Offset 1", "Sort", "Project", "SubqueryAlias x"}},
		{"SELECT * FROM a NATURAL JOIN b", []string{"Join", "UnresolvedRelation", "UnresolvedRelation"}},
		{"SELECT k FROM t QUALIFY row_number() OVER (ORDER BY k) = 1", []string{"Drop", "Filter", "Project"}},
		{"SELECT a, b, count(*) FROM t GROUP BY a, CUBE(b, c)", []string{"Aggregate", "UnresolvedRelation"}},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			rel, cmd, err := Statement(tt.sql, Params{})
			if err != nil || cmd != nil {
				t.Fatalf("Statement = %v, %v", cmd, err)
			}
			out := plan.Format(rel)
			at := 0
			for _, w := range tt.want {
				i := strings.Index(out[at:], w)
				if i < 0 {
					t.Fatalf("plan lacks %q after offset %d:\n%s", w, at, out)
				}
				at += i + len(w)
			}
		})
	}
}

func TestCommands(t *testing.T) {
	_, cmd, err := Statement("SET TIME ZONE 'Europe/Paris'", Params{})
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := cmd.(*SetCommand); !ok || s.Key != "spark.sql.session.timeZone" || s.Value != "Europe/Paris" {
		t.Errorf("cmd = %#v", cmd)
	}
	_, cmd, err = Statement("CREATE OR REPLACE GLOBAL TEMP VIEW v AS SELECT 1", Params{})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := cmd.(*CreateViewCommand); !ok || !v.Global || !v.Replace || v.Name != "v" {
		t.Errorf("cmd = %#v", cmd)
	}
}

func TestGroupingSets(t *testing.T) {
	tests := []struct {
		sql  string
		sets string
	}{
		{"SELECT 1 FROM t GROUP BY ROLLUP(a, b)", "[[0 1] [0] []]"},
		{"SELECT 1 FROM t GROUP BY CUBE(a, b)", "[[0 1] [0] [1] []]"},
		{"SELECT 1 FROM t GROUP BY a, ROLLUP(b)", "[[0 1] [0]]"},
		{"SELECT 1 FROM t GROUP BY GROUPING SETS ((a), (a, b), ())", "[[0] [0 1] []]"},
		{"SELECT 1 FROM t GROUP BY GROUPING SETS ((a), ROLLUP(b))", "[[0] [1] []]"},
		{"SELECT 1 FROM t GROUP BY a, b WITH ROLLUP", "[[0 1] [0] []]"},
		{"SELECT 1 FROM t GROUP BY a, b GROUPING SETS ((a), (b))", "[[0] [1]]"},
		{"SELECT 1 FROM t GROUP BY ROLLUP((a, b), c)", "[[0 1 2] [0 1] []]"},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			rel, _, err := Statement(tt.sql, Params{})
			if err != nil {
				t.Fatal(err)
			}
			agg, ok := rel.(*plan.Aggregate)
			if !ok {
				t.Fatalf("plan = %s", plan.Format(rel))
			}
			if got := fmt.Sprint(agg.GroupingSets); got != tt.sets {
				t.Errorf("sets = %s, want %s", got, tt.sets)
			}
		})
	}
}
