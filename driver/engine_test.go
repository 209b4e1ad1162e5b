package driver

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/executor"
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/shuffle"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

type testSession map[string]string

func (testSession) SessionID() string { return "test" }
func (s testSession) Conf(k string) (string, bool) {
	v, ok := s[k]
	return v, ok
}

func newTestEngine(t *testing.T, slots int) (*Engine, *memory.CheckedAllocator) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	funcs := function.Builtins()
	ex := executor.NewLocal(executor.Options{Slots: slots, Mem: mem, Functions: funcs, Store: shuffle.NewMemStore(), BatchSize: 7})
	t.Cleanup(func() {
		ex.Close()
		mem.AssertSize(t, 0)
	})
	return NewEngine(ex, funcs), mem
}

func collect(t *testing.T, e *Engine, sess testSession, rel plan.Rel) ([][]any, types.StructType, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	res, err := e.Execute(ctx, sess, rel)
	if err != nil {
		return nil, types.StructType{}, err
	}
	defer res.Close()
	var rows [][]any
	for {
		b, err := res.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, types.StructType{}, err
		}
		for i := 0; i < int(b.NumRows()); i++ {
			row := make([]any, b.NumCols())
			for j := range row {
				row[j] = value(b.Column(j), i)
			}
			rows = append(rows, row)
		}
		b.Release()
	}
	return rows, res.Schema(), nil
}

func value(a arrow.Array, i int) any {
	if a.IsNull(i) {
		return nil
	}
	switch a := a.(type) {
	case *array.Int64:
		return a.Value(i)
	case *array.Int32:
		return int64(a.Value(i))
	case *array.String:
		return a.Value(i)
	case *array.Boolean:
		return a.Value(i)
	case *array.Float64:
		return a.Value(i)
	}
	return a.ValueStr(i)
}

func attr(name string) plan.Expr { return &plan.UnresolvedAttribute{Parts: []string{name}, PlanID: -1} }
func call(name string, args ...plan.Expr) plan.Expr {
	return &plan.UnresolvedFunction{Name: name, Args: args}
}
func lit(v int32) plan.Expr { return &plan.Literal{Type: types.Integer, Value: v} }

func TestEngineQueries(t *testing.T) {
	tests := []struct {
		name string
		rel  plan.Rel
		want [][]any
		cols []string
	}{
		{
			name: "range count",
			rel:  &plan.Aggregate{Input: &plan.Range{Start: 0, End: 10, Step: 1}, Aggs: []plan.Expr{call("count", lit(1))}},
			want: [][]any{{int64(10)}},
			cols: []string{"count(1)"},
		},
		{
			name: "empty range count",
			rel:  &plan.Aggregate{Input: &plan.Range{Start: 0, End: 0, Step: 1}, Aggs: []plan.Expr{call("count", lit(1))}},
			want: [][]any{{int64(0)}},
			cols: []string{"count(1)"},
		},
		{
			name: "filter project limit",
			rel: &plan.Limit{N: 3, Input: &plan.Project{
				Input: &plan.Filter{Input: &plan.Range{Start: 0, End: 100, Step: 3, NumPartitions: 4}, Cond: call(">", attr("id"), lit(10))},
				List:  []plan.Expr{attr("id"), call("+", attr("id"), lit(1))},
			}},
			want: [][]any{{int64(12), int64(13)}, {int64(15), int64(16)}, {int64(18), int64(19)}},
			cols: []string{"id", "(id + 1)"},
		},
		{
			name: "group by",
			rel: &plan.Sort{Global: true, Orders: []*plan.SortOrder{{Child: attr("k")}}, Input: &plan.Aggregate{
				Input:  &plan.Project{Input: &plan.Range{Start: 0, End: 10, Step: 1, NumPartitions: 3}, List: []plan.Expr{&plan.Alias{Child: call("%", attr("id"), lit(3)), Name: "k"}}},
				Groups: []plan.Expr{attr("k")},
				Aggs:   []plan.Expr{attr("k"), call("count", lit(1))},
			}},
			want: [][]any{{int64(0), int64(4)}, {int64(1), int64(3)}, {int64(2), int64(3)}},
			cols: []string{"k", "count(1)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, _ := newTestEngine(t, 2)
			rows, schema, err := collect(t, e, testSession{"spark.sql.shuffle.partitions": "3"}, tt.rel)
			if err != nil {
				t.Fatal(err)
			}
			if got := schema.FieldNames(); len(got) != len(tt.cols) || got[0] != tt.cols[0] || got[len(got)-1] != tt.cols[len(got)-1] {
				t.Errorf("columns = %v, want %v", got, tt.cols)
			}
			if len(rows) != len(tt.want) {
				t.Fatalf("rows = %v, want %v", rows, tt.want)
			}
			for i := range rows {
				for j := range rows[i] {
					if rows[i][j] != tt.want[i][j] {
						t.Fatalf("rows = %v, want %v", rows, tt.want)
					}
				}
			}
		})
	}
}

func TestEngineErrors(t *testing.T) {
	e, _ := newTestEngine(t, 2)
	_, _, err := collect(t, e, testSession{}, &plan.Project{Input: &plan.Range{End: 3, Step: 1}, List: []plan.Expr{attr("nope")}})
	if !sqlerr.HasClass(err, "UNRESOLVED_COLUMN.WITH_SUGGESTION") {
		t.Fatalf("err = %v", err)
	}
	_, _, err = collect(t, e, testSession{}, &plan.Project{Input: &plan.Range{End: 3, Step: 1}, List: []plan.Expr{call("nope", attr("id"))}})
	if !sqlerr.HasClass(err, "UNRESOLVED_ROUTINE") {
		t.Fatalf("err = %v", err)
	}
	// A runtime error in a task fails the query with the task's error class.
	_, _, err = collect(t, e, testSession{}, &plan.Project{Input: &plan.Range{End: 3, Step: 1}, List: []plan.Expr{call("/", attr("id"), lit(0))}})
	if !sqlerr.HasClass(err, "DIVIDE_BY_ZERO") {
		t.Fatalf("err = %v", err)
	}
}

func TestEngineCancel(t *testing.T) {
	e, _ := newTestEngine(t, 2)
	ctx, cancel := context.WithCancel(t.Context())
	res, err := e.Execute(ctx, testSession{}, &plan.Range{End: 1 << 40, Step: 1, NumPartitions: 4})
	if err != nil {
		t.Fatal(err)
	}
	b, err := res.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.Release()
	cancel()
	done := make(chan struct{})
	go func() {
		res.Close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("cancel did not stop the job")
	}
}

func TestEngineShowString(t *testing.T) {
	e, _ := newTestEngine(t, 2)
	rel := &plan.ShowString{Input: &plan.Project{Input: &plan.Range{Start: 0, End: 3, Step: 1, NumPartitions: 2},
		List: []plan.Expr{attr("id"), call("*", attr("id"), lit(1000))}}, NumRows: 2, Truncate: 20}
	rows, schema, err := collect(t, e, testSession{}, rel)
	if err != nil {
		t.Fatal(err)
	}
	// From Spark 4.2: spark.range(3).selectExpr("id", "id * 1000")._jdf.showString(2, 20, False)
	want := "+---+-----------+\n| id|(id * 1000)|\n+---+-----------+\n|  0|          0|\n|  1|       1000|\n+---+-----------+\nonly showing top 2 rows"
	if len(rows) != 1 || rows[0][0] != want || schema.FieldNames()[0] != "show_string" {
		t.Fatalf("got %q (%v), want %q", rows, schema.FieldNames(), want)
	}
}

// TestEngineOperatorsReleaseMemory runs joins, unions, windows and tails through the
// engine with a checked allocator (asserted empty at cleanup) and checks row counts.
func TestEngineOperatorsReleaseMemory(t *testing.T) {
	rng := func(end int64, parts int) plan.Rel {
		return &plan.Range{Start: 0, End: end, Step: 1, NumPartitions: parts}
	}
	keyed := func(end int64, parts int, mod int32, name string) plan.Rel {
		return &plan.Project{Input: rng(end, parts), List: []plan.Expr{attr("id"), &plan.Alias{Child: call("%", attr("id"), lit(mod)), Name: name}}}
	}
	count := func(in plan.Rel) plan.Rel {
		return &plan.Aggregate{Input: in, Aggs: []plan.Expr{call("count", lit(1))}}
	}
	tests := []struct {
		name string
		rel  plan.Rel
		want int64
	}{
		{"inner join", count(&plan.Join{Left: rng(1000, 3), Right: rng(500, 2), Type: plan.InnerJoin, Using: []string{"id"}}), 500},
		{"left join", count(&plan.Join{Left: rng(1000, 3), Right: rng(500, 2), Type: plan.LeftOuterJoin, Using: []string{"id"}}), 1000},
		{"full join", count(&plan.Join{Left: rng(100, 2), Right: &plan.Range{Start: 50, End: 150, Step: 1, NumPartitions: 3}, Type: plan.FullOuterJoin, Using: []string{"id"}}), 150},
		{"anti join", count(&plan.Join{Left: rng(100, 2), Right: rng(30, 1), Type: plan.LeftAntiJoin, Using: []string{"id"}}), 70},
		{"many to many", count(&plan.Join{Left: keyed(100, 2, 10, "a"), Right: keyed(50, 2, 10, "b"), Type: plan.InnerJoin,
			Cond: call("==", attr("a"), attr("b"))}), 500},
		{"cross", count(&plan.Join{Left: rng(20, 2), Right: rng(30, 2), Type: plan.CrossJoin}), 600},
		{"union", count(&plan.Union{Inputs: []plan.Rel{rng(10, 2), rng(15, 3)}}), 25},
		{"tail", count(&plan.Tail{Input: rng(100, 4), N: 7}), 7},
		{"window", count(&plan.Filter{Input: &plan.Project{Input: keyed(100, 3, 7, "k"), List: []plan.Expr{attr("id"),
			&plan.Alias{Name: "rn", Child: &plan.WindowExpr{Func: &plan.UnresolvedFunction{Name: "row_number"},
				Partition: []plan.Expr{attr("k")}, Order: []*plan.SortOrder{{Child: attr("id"), NullsFirst: true}}}}}},
			Cond: call("==", attr("rn"), lit(1))}), 7},
		{"scalar subquery", count(&plan.Filter{Input: rng(100, 3), Cond: call(">", attr("id"),
			&plan.Subquery{Kind: plan.ScalarSubquery, Plan: &plan.Aggregate{Input: rng(10, 2), Aggs: []plan.Expr{call("max", attr("id"))}}})}), 90},
		{"in subquery", count(&plan.Filter{Input: rng(100, 3), Cond: &plan.Subquery{Kind: plan.InSubquery, Values: []plan.Expr{attr("id")}, Plan: rng(30, 2)}}), 30},
		{"not in subquery", count(&plan.Filter{Input: rng(100, 3), Cond: call("not", &plan.Subquery{Kind: plan.InSubquery, Values: []plan.Expr{attr("id")}, Plan: rng(30, 2)})}), 70},
		{"sliding rows frame", count(&plan.Filter{Input: &plan.Project{Input: rng(100, 3), List: []plan.Expr{attr("id"),
			&plan.Alias{Name: "s", Child: &plan.WindowExpr{Func: call("sum", attr("id")),
				Order: []*plan.SortOrder{{Child: attr("id"), NullsFirst: true}},
				Frame: &plan.WindowFrame{Rows: true, Lower: plan.FrameBound{Kind: plan.OffsetBound, Offset: -1}, Upper: plan.FrameBound{Kind: plan.OffsetBound, Offset: 1}}}}}},
			Cond: call("==", attr("s"), call("*", attr("id"), lit(3)))}), 98},
		{"range offset frame", count(&plan.Filter{Input: &plan.Project{Input: rng(100, 3), List: []plan.Expr{attr("id"),
			&plan.Alias{Name: "c", Child: &plan.WindowExpr{Func: call("count", lit(1)),
				Order: []*plan.SortOrder{{Child: attr("id"), NullsFirst: true}},
				Frame: &plan.WindowFrame{Lower: plan.FrameBound{Kind: plan.OffsetBound, Offset: -2}, Upper: plan.FrameBound{Kind: plan.CurrentRowBound}}}}}},
			Cond: call("==", attr("c"), lit(3))}), 98},
	}
	for _, broadcast := range []string{"10m", "-1"} {
		for _, tt := range tests {
			t.Run(tt.name+"/broadcast="+broadcast, func(t *testing.T) {
				e, _ := newTestEngine(t, 2)
				sess := testSession{"spark.sql.shuffle.partitions": "4", "spark.sql.autoBroadcastJoinThreshold": broadcast}
				rows, _, err := collect(t, e, sess, tt.rel)
				if err != nil {
					t.Fatal(err)
				}
				if len(rows) != 1 || rows[0][0] != tt.want {
					t.Fatalf("rows = %v, want %d", rows, tt.want)
				}
			})
		}
	}
}
