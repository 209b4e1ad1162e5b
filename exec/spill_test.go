package exec_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// spillTable returns n rows of (i int, s string, d double, g bigint, id bigint) with
// NULLs, many duplicates, strings with bytes above 0x7f, and NaNs and zeros of both
// signs; id is the row number, so that stability shows in sorted output.
func spillTable(n int) exectest.Table {
	rng := rand.New(rand.NewPCG(7, 11))
	specials := []float64{math.NaN(), math.Copysign(0, -1), 0, math.Inf(1), math.Inf(-1)}
	rows := make([][]any, n)
	for r := range rows {
		var i, s, d, g any
		if rng.IntN(10) != 0 {
			i = int32(rng.IntN(100) - 50)
		}
		switch rng.IntN(12) {
		case 0:
		case 1:
			s = ""
		case 2:
			s = fmt.Sprintf("é%d", rng.IntN(20))
		default:
			s = fmt.Sprintf("key-%03d", rng.IntN(500))
		}
		switch rng.IntN(10) {
		case 0:
		case 1, 2:
			d = specials[rng.IntN(len(specials))]
		default:
			d = float64(rng.IntN(200)) / 4
		}
		if rng.IntN(20) != 0 {
			g = int64(rng.IntN(8000))
		}
		rows[r] = []any{i, s, d, g, int64(r)}
	}
	return exectest.Table{
		Schema: exectest.Schema("i", types.Integer, "s", types.String, "d", types.Double, "g", types.Long, "id", types.Long),
		Rows:   rows,
	}
}

// runSpilling builds op over the rows of in (in batches of bs rows) with the given
// memory limit and a fresh spill directory, and drains it. It reports the rows and
// whether spill files existed after the first batch. It checks that the spill
// directory is empty after Close and that no Arrow memory leaked.
func runSpilling(t *testing.T, in exectest.Table, bs int, limit int64, op func(stage.Op) stage.Op) (rows [][]any, spilled bool) {
	t.Helper()
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	input := exectest.Batches(mem, in.Schema, in.Rows, bs, exectest.Layout{Offset: 3})
	defer releaseBatches(input)
	tc := exectest.TaskContext(mem, bs)
	tc.MemoryLimit = limit
	tc.SpillDir = filepath.Join(t.TempDir(), "spill")
	o, err := exec.Build(tc, op(&stage.LocalScan{Slices: [][]arrow.RecordBatch{input}, Out: in.Schema}))
	if err != nil {
		t.Fatal(err)
	}
	for {
		b, err := o.Next(t.Context())
		if err == io.EOF {
			break
		}
		if err != nil {
			_ = o.Close()
			t.Fatal(err)
		}
		if rows == nil {
			spilled = len(spillFiles(t, tc.SpillDir)) > 0
		}
		rows = append(rows, exectest.Rows(b)...)
		b.Release()
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}
	if left := spillFiles(t, tc.SpillDir); len(left) > 0 {
		t.Fatalf("spill files left after Close: %v", left)
	}
	return rows, spilled
}

func spillFiles(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestSortSpill sorts with a tiny memory budget, which spills many runs (and merges
// them in several passes), and with a larger one (a few runs and an in-memory
// remainder), and compares with the in-memory sort row for row: the order, NULL
// placement, NaN and -0.0 handling and stability must all be the same.
func TestSortSpill(t *testing.T) {
	in := spillTable(20000)
	asc := func(e plan.Expr) *plan.SortOrder { return &plan.SortOrder{Child: e, NullsFirst: true} }
	desc := func(e plan.Expr) *plan.SortOrder { return &plan.SortOrder{Child: e, Descending: true} }
	i, s, d := ref(0, types.Integer), ref(1, types.String), ref(2, types.Double)
	cases := []struct {
		name   string
		orders []*plan.SortOrder
	}{
		{"int ascending nulls first", []*plan.SortOrder{asc(i)}},
		{"int descending nulls last", []*plan.SortOrder{desc(i)}},
		{"int ascending nulls last", []*plan.SortOrder{{Child: i}}},
		{"string descending nulls first, int", []*plan.SortOrder{{Child: s, Descending: true, NullsFirst: true}, asc(i)}},
		{"double ascending nulls last", []*plan.SortOrder{{Child: d}}},
		{"double descending", []*plan.SortOrder{desc(d)}},
		{"computed key", []*plan.SortOrder{desc(call("+", types.Integer, i, lit(int32(1), types.Integer)))}},
		{"three keys", []*plan.SortOrder{asc(s), desc(d), {Child: i}}},
	}
	for _, c := range cases {
		op := func(in stage.Op) stage.Op { return &stage.Sort{Input: in, Orders: c.orders} }
		want, _ := runSpilling(t, in, 1000, 0, op)
		for _, bs := range []int{7, 1000} {
			for _, limit := range []int64{64 << 10, 1 << 20} {
				t.Run(fmt.Sprintf("%s/batch=%d/limit=%d", c.name, bs, limit), func(t *testing.T) {
					got, spilled := runSpilling(t, in, bs, limit, op)
					if !spilled {
						t.Error("no spill files while merging")
					}
					exectest.CompareRows(t, got, want, false)
				})
			}
		}
	}
}

// TestHashAggregateSpill aggregates with a tiny memory budget in every mode, grouping by
// one integer, strings, doubles and several keys, and compares with the in-memory
// result as multisets.
func TestHashAggregateSpill(t *testing.T) {
	in := spillTable(30000)
	i, s, d, g, id := ref(0, types.Integer), ref(1, types.String), ref(2, types.Double), ref(3, types.Long), ref(4, types.Long)
	aggs := []*plan.AggregateCall{agg("count", types.Long), agg("sum", types.Long, id), agg("count", types.Long, i)}
	complete := func(groups []plan.Expr, out types.StructType) func(stage.Op) stage.Op {
		return func(in stage.Op) stage.Op {
			return &stage.HashAggregate{Input: in, Mode: stage.AggComplete, Groups: groups, Aggs: aggs, Out: out}
		}
	}
	// Partial then Final over the partial states, as a two-stage plan would do.
	partialFinal := func(in stage.Op) stage.Op {
		partial := &stage.HashAggregate{Input: in, Mode: stage.AggPartial, Groups: []plan.Expr{g}, Aggs: aggs,
			Out: exectest.Schema("g", types.Long, "c", types.Long, "sum", types.Long, "ci", types.Long)}
		return &stage.HashAggregate{Input: partial, Mode: stage.AggFinal, Groups: []plan.Expr{ref(0, types.Long)}, Aggs: aggs,
			Out: exectest.Schema("g", types.Long, "c", types.Long, "sum", types.Long, "ci", types.Long)}
	}
	cases := []struct {
		name string
		op   func(stage.Op) stage.Op
	}{
		{"bigint key", complete([]plan.Expr{g}, exectest.Schema("g", types.Long, "c", types.Long, "sum", types.Long, "ci", types.Long))},
		{"partial", func(in stage.Op) stage.Op {
			return &stage.HashAggregate{Input: in, Mode: stage.AggPartial, Groups: []plan.Expr{g}, Aggs: aggs,
				Out: exectest.Schema("g", types.Long, "c", types.Long, "sum", types.Long, "ci", types.Long)}
		}},
		{"partial then final", partialFinal},
		{"string and double keys", complete([]plan.Expr{s, d},
			exectest.Schema("s", types.String, "d", types.Double, "c", types.Long, "sum", types.Long, "ci", types.Long))},
		{"three keys", complete([]plan.Expr{i, s, g},
			exectest.Schema("i", types.Integer, "s", types.String, "g", types.Long, "c", types.Long, "sum", types.Long, "ci", types.Long))},
	}
	for _, c := range cases {
		want, _ := runSpilling(t, in, 1000, 0, c.op)
		for _, bs := range []int{7, 1000} {
			for _, limit := range []int64{64 << 10, 512 << 10} {
				t.Run(fmt.Sprintf("%s/batch=%d/limit=%d", c.name, bs, limit), func(t *testing.T) {
					got, spilled := runSpilling(t, in, bs, limit, c.op)
					if !spilled && limit == 64<<10 {
						t.Error("no spill partitions while aggregating them")
					}
					sameRowSet(t, got, want)
				})
			}
		}
	}
}

// TestSpillFailure: an unusable spill directory fails the query with ErrSpill, without
// panics or leaks.
func TestSpillFailure(t *testing.T) {
	in := spillTable(5000)
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ops := map[string]func(stage.Op) stage.Op{
		"sort": func(in stage.Op) stage.Op {
			return &stage.Sort{Input: in, Orders: []*plan.SortOrder{{Child: ref(1, types.String)}}}
		},
		"aggregate": func(in stage.Op) stage.Op {
			return &stage.HashAggregate{Input: in, Mode: stage.AggComplete, Groups: []plan.Expr{ref(3, types.Long)},
				Aggs: []*plan.AggregateCall{agg("count", types.Long)}, Out: exectest.Schema("g", types.Long, "c", types.Long)}
		},
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			input := exectest.Batches(mem, in.Schema, in.Rows, 500, exectest.Layout{})
			defer releaseBatches(input)
			tc := exectest.TaskContext(mem, 500)
			tc.MemoryLimit = 32 << 10
			tc.SpillDir = filepath.Join(notDir, "spill")
			_, err := exectest.Collect(context.Background(), tc, op(&stage.LocalScan{Slices: [][]arrow.RecordBatch{input}, Out: in.Schema}))
			if !errors.Is(err, exec.ErrSpill) {
				t.Fatalf("error = %v, want ErrSpill", err)
			}
		})
	}
}

// sameRowSet fails t unless got and want hold the same rows, in any order. It formats
// every row once, which is much faster than exectest.CompareRows on large results.
func sameRowSet(t *testing.T, got, want [][]any) {
	t.Helper()
	format := func(rows [][]any) []string {
		out := make([]string, len(rows))
		for i, r := range rows {
			out[i] = fmt.Sprint(r)
		}
		slices.Sort(out)
		return out
	}
	g, w := format(got), format(want)
	if len(g) != len(w) {
		t.Fatalf("got %d rows, want %d", len(g), len(w))
	}
	for i := range g {
		if g[i] != w[i] {
			t.Fatalf("row %d of the sorted rows: got %s, want %s", i, g[i], w[i])
		}
	}
}
