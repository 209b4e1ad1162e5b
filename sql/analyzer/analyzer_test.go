package analyzer

import (
	"context"
	"strings"
	"testing"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func attr(parts ...string) plan.Expr { return &plan.UnresolvedAttribute{Parts: parts, PlanID: -1} }
func fn(name string, args ...plan.Expr) plan.Expr {
	return &plan.UnresolvedFunction{Name: name, Args: args}
}
func lit(v any, t types.DataType) plan.Expr { return &plan.Literal{Type: t, Value: v} }

func analyze(t *testing.T, rel plan.Rel) (plan.Rel, error) {
	t.Helper()
	return New(Options{Functions: function.Builtins(), ANSI: true, TimeZone: "UTC"}).Analyze(context.Background(), rel)
}

// TestColumnNames checks Spark's names for unaliased expressions; the expected names were
// read from Apache Spark 4.2 (DataFrame.columns of the same expressions).
func TestColumnNames(t *testing.T) {
	rng := &plan.Range{End: 3, Step: 1}
	tests := []struct {
		expr plan.Expr
		want string
	}{
		{attr("id"), "id"},
		{attr("ID"), "ID"},
		{fn("+", attr("id"), lit(int32(1), types.Integer)), "(id + 1)"},
		{fn("*", attr("id"), lit(2.5, types.Double)), "(id * 2.5)"},
		{fn("==", fn("%", attr("id"), lit(int32(2), types.Integer)), lit(int32(0), types.Integer)), "((id % 2) = 0)"},
		{fn("not", fn("==", attr("id"), lit(int64(1), types.Long))), "(NOT (id = 1))"},
		{fn("count", lit(int32(1), types.Integer)), "count(1)"},
		{fn("sum", attr("id")), "sum(id)"},
		{lit("x", types.String), "x"},
		{lit(nil, types.Null), "NULL"},
		{&plan.Cast{Child: attr("id"), To: types.String}, "id"},
		{&plan.Cast{Child: fn("+", attr("id"), lit(int32(1), types.Integer)), To: types.String}, "CAST((id + 1) AS STRING)"},
		{&plan.Cast{Child: lit(int32(1), types.Integer), To: types.Long}, "CAST(1 AS BIGINT)"},
		{fn("negative", attr("id")), "(- id)"},
		{fn("isnull", attr("id")), "(id IS NULL)"},
	}
	for _, tt := range tests {
		var rel plan.Rel = &plan.Project{Input: rng, List: []plan.Expr{tt.expr}}
		if _, ok := tt.expr.(*plan.UnresolvedFunction); ok && (tt.expr.(*plan.UnresolvedFunction).Name == "count" || tt.expr.(*plan.UnresolvedFunction).Name == "sum") {
			rel = &plan.Aggregate{Input: rng, Aggs: []plan.Expr{tt.expr}}
		}
		r, err := analyze(t, rel)
		if err != nil {
			t.Errorf("%s: %v", tt.want, err)
			continue
		}
		if got := r.Output()[0].Name; got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}

func TestResolutionErrors(t *testing.T) {
	rng := &plan.Range{End: 3, Step: 1}
	tests := []struct {
		rel   plan.Rel
		class string
		text  string
	}{
		{&plan.Project{Input: rng, List: []plan.Expr{attr("idd")}}, "UNRESOLVED_COLUMN.WITH_SUGGESTION", "[`id`]"},
		{&plan.Project{Input: &plan.OneRow{}, List: []plan.Expr{attr("x")}}, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "`x`"},
		{&plan.Project{Input: rng, List: []plan.Expr{fn("nope", attr("id"))}}, "UNRESOLVED_ROUTINE", "`nope`"},
		{&plan.UnresolvedRelation{Parts: []string{"db", "t"}}, "TABLE_OR_VIEW_NOT_FOUND", "`db`.`t`"},
		{&plan.Filter{Input: rng, Cond: attr("id")}, "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", `"BIGINT"`},
		{&plan.Aggregate{Input: rng, Groups: nil, Aggs: []plan.Expr{attr("id"), fn("count", lit(int32(1), types.Integer))}}, "MISSING_AGGREGATION", `"id"`},
		{&plan.Project{Input: &plan.SubqueryAlias{Input: rng, Alias: "a"}, List: []plan.Expr{attr("b", "id")}}, "UNRESOLVED_COLUMN.WITH_SUGGESTION", "`a`.`id`"},
	}
	for _, tt := range tests {
		_, err := analyze(t, tt.rel)
		e, ok := sqlerr.As(err)
		if !ok || e.Class != tt.class || !strings.Contains(e.Error(), tt.text) {
			t.Errorf("%s: got %v", tt.class, err)
		}
	}
}

func TestQualifiedAndPlanIDResolution(t *testing.T) {
	rng := &plan.PlanID{Input: &plan.SubqueryAlias{Input: &plan.Range{End: 3, Step: 1}, Alias: "t"}, ID: 5}
	r, err := analyze(t, &plan.Project{Input: rng, List: []plan.Expr{attr("t", "id"), &plan.UnresolvedAttribute{Parts: []string{"id"}, PlanID: 5}}})
	if err != nil {
		t.Fatal(err)
	}
	out := r.Output()
	if out[0].ID != out[1].ID {
		t.Fatalf("t.id and df.id resolved to different columns: %v", out)
	}
}
