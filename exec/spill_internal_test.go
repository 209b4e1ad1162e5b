package exec

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// peakAllocator tracks the bytes allocated through it and their peak.
type peakAllocator struct {
	memory.Allocator
	mu        sync.Mutex
	cur, peak int64
}

func (a *peakAllocator) add(n int64) {
	a.mu.Lock()
	a.cur += n
	a.peak = max(a.peak, a.cur)
	a.mu.Unlock()
}

func (a *peakAllocator) Allocate(n int) []byte {
	a.add(int64(n))
	return a.Allocator.Allocate(n)
}

func (a *peakAllocator) Reallocate(n int, b []byte) []byte {
	a.add(int64(n - len(b)))
	return a.Allocator.Reallocate(n, b)
}

func (a *peakAllocator) Free(b []byte) {
	a.add(-int64(len(b)))
	a.Allocator.Free(b)
}

// genOp generates batches of (k bigint, s string, x bigint) on the fly, so that the
// input never sits in memory: k is random in [0, card) with some NULLs, s = "value-<k>".
type genOp struct {
	mem           memory.Allocator
	schema        *arrow.Schema
	batches, rows int
	card          int
	rng           *rand.Rand
	done          int
}

func newGenOp(mem memory.Allocator, batches, rows, card int) *genOp {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "k", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
		{Name: "s", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "x", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	return &genOp{mem: mem, schema: schema, batches: batches, rows: rows, card: card, rng: rand.New(rand.NewPCG(3, 4))}
}

func (g *genOp) Schema() *arrow.Schema { return g.schema }

func (g *genOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if g.done == g.batches {
		return nil, io.EOF
	}
	g.done++
	b := array.NewRecordBuilder(g.mem, g.schema)
	defer b.Release()
	kb := b.Field(0).(*array.Int64Builder)
	sb := b.Field(1).(*array.StringBuilder)
	xb := b.Field(2).(*array.Int64Builder)
	for i := 0; i < g.rows; i++ {
		k := g.rng.IntN(g.card)
		if k%97 == 0 {
			kb.AppendNull()
		} else {
			kb.Append(int64(k))
		}
		sb.Append(fmt.Sprintf("value-%d", k))
		xb.Append(int64(i))
	}
	return b.NewRecordBatch(), nil
}

func (g *genOp) Close() error { return nil }

// TestSpillHonoursBudget sorts and aggregates inputs 40 times the memory limit and
// checks that both the bytes the operators account for and the bytes they allocate stay
// within the limit plus about a batch.
func TestSpillHonoursBudget(t *testing.T) {
	const (
		limit   = 256 << 10
		batches = 400
		rows    = 1024
	)
	newTC := func(t *testing.T, mem memory.Allocator) *TaskContext {
		return &TaskContext{Mem: mem, Eval: &function.EvalContext{Mem: mem, TimeZone: "UTC"}, Functions: function.Builtins(),
			BatchSize: rows, MemoryLimit: limit, SpillDir: t.TempDir()}
	}
	t.Run("sort", func(t *testing.T) {
		checked := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer checked.AssertSize(t, 0)
		mem := &peakAllocator{Allocator: checked}
		tc := newTC(t, mem)
		gen := newGenOp(mem, batches, rows, 1<<30)
		first, _ := gen.Next(context.Background())
		batch := batchBytes(first)
		first.Release()
		gen.done = 0
		op, err := newSort(tc, &stage.Sort{Orders: []*plan.SortOrder{
			{Child: &plan.BoundRef{Index: 1, Type: types.String, Nullable: true}, Descending: true},
			{Child: &plan.BoundRef{Index: 0, Type: types.Long, Nullable: true}, NullsFirst: true},
		}}, gen)
		if err != nil {
			t.Fatal(err)
		}
		defer op.Close()
		n, prev := 0, ""
		for {
			b, err := op.Next(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			s := b.Column(1).(*array.String)
			for i := 0; i < s.Len(); i++ {
				if n > 0 && s.Value(i) > prev {
					t.Fatalf("row %d: %q after %q", n, s.Value(i), prev)
				}
				prev = s.Value(i)
				n++
			}
			b.Release()
		}
		if n != batches*rows {
			t.Fatalf("%d rows, want %d", n, batches*rows)
		}
		t.Logf("input %d KiB, limit %d KiB, batch %d KiB: accounted peak %d KiB, allocated peak %d KiB",
			batches*batch>>10, limit>>10, batch>>10, tc.pool.peak>>10, mem.peak>>10)
		if tc.pool.peak > limit {
			t.Errorf("accounted peak %d > limit %d", tc.pool.peak, limit)
		}
		// One input batch in flight and one output batch come on top of the budget.
		if bound := limit + 3*batch; mem.peak > bound {
			t.Errorf("allocated peak %d > %d", mem.peak, bound)
		}
	})
	t.Run("aggregate", func(t *testing.T) {
		checked := memory.NewCheckedAllocator(memory.NewGoAllocator())
		defer checked.AssertSize(t, 0)
		mem := &peakAllocator{Allocator: checked}
		tc := newTC(t, mem)
		gen := newGenOp(mem, batches, rows, 100000)
		k := &plan.BoundRef{Index: 0, Type: types.Long, Nullable: true}
		x := &plan.BoundRef{Index: 2, Type: types.Long, Nullable: true}
		op, err := newHashAggregate(tc, &stage.HashAggregate{Mode: stage.AggComplete, Groups: []plan.Expr{k},
			Aggs: []*plan.AggregateCall{{Name: "count", Type: types.Long}, {Name: "sum", Args: []plan.Expr{x}, Type: types.Long, Nullable: true}},
			Out: types.StructType{Fields: []types.StructField{{Name: "k", Type: types.Long, Nullable: true},
				{Name: "c", Type: types.Long}, {Name: "s", Type: types.Long, Nullable: true}}}}, gen)
		if err != nil {
			t.Fatal(err)
		}
		defer op.Close()
		groups, total := 0, int64(0)
		seen := map[int64]bool{}
		for {
			b, err := op.Next(context.Background())
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			keys, counts := b.Column(0).(*array.Int64), b.Column(1).(*array.Int64)
			for i := 0; i < keys.Len(); i++ {
				key := int64(-1)
				if keys.IsValid(i) {
					key = keys.Value(i)
				}
				if seen[key] {
					t.Fatalf("group %d twice", key)
				}
				seen[key] = true
				total += counts.Value(i)
				groups++
			}
			b.Release()
		}
		if total != batches*rows {
			t.Fatalf("counts add up to %d, want %d", total, batches*rows)
		}
		h := op.(*hashAgg)
		if !h.spill.spilled() {
			t.Fatal("did not spill")
		}
		t.Logf("%d groups, limit %d KiB: accounted peak %d KiB, allocated peak %d KiB", groups, limit>>10, tc.pool.peak>>10, mem.peak>>10)
		// The table is checked after each batch, which may add a batch of new groups.
		if bound := int64(limit + 2*rows*64); tc.pool.peak > bound {
			t.Errorf("accounted peak %d > %d", tc.pool.peak, bound)
		}
		if bound := int64(limit + 2*rows*64); mem.peak > bound {
			t.Errorf("allocated peak %d > %d", mem.peak, bound)
		}
	})
}

// TestBudgetShares: the consumers of a task share its limit equally, and closing them
// returns their reservations.
func TestBudgetShares(t *testing.T) {
	tc := &TaskContext{MemoryLimit: 1000}
	a, b := newBudget(tc), newBudget(tc)
	if a.share() != 500 {
		t.Fatalf("share %d, want 500", a.share())
	}
	if !a.grow(500) || a.grow(1) {
		t.Fatal("share not enforced")
	}
	if b.fits(600) || !b.fits(499) {
		t.Fatal("fits disagrees with the share")
	}
	a.close()
	if tc.pool.used != 0 || !b.fits(1000) {
		t.Fatalf("after close: used %d", tc.pool.used)
	}
	b.close()
	if unl := newBudget(&TaskContext{}); unl.limited() || !unl.grow(1<<40) {
		t.Fatal("a task without a limit has a limited budget")
	}
}

// TestBatchBytesNestedTypes: nested columns (lists, structs, maps) and dictionaries are
// measured without tripping over their absent dictionaries.
func TestBatchBytesNestedTypes(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	lb := array.NewListBuilder(mem, arrow.PrimitiveTypes.Int32)
	defer lb.Release()
	vb := lb.ValueBuilder().(*array.Int32Builder)
	for i := 0; i < 100; i++ {
		lb.Append(true)
		vb.AppendValues([]int32{1, 2, 3}, nil)
	}
	list := lb.NewArray()
	defer list.Release()
	db := array.NewDictionaryBuilder(mem, &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.BinaryTypes.String})
	defer db.Release()
	for i := 0; i < 100; i++ {
		if err := db.(*array.BinaryDictionaryBuilder).AppendString(fmt.Sprint(i % 3)); err != nil {
			t.Fatal(err)
		}
	}
	dict := db.NewArray()
	defer dict.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "l", Type: list.DataType()}, {Name: "d", Type: dict.DataType()}}, nil)
	b := array.NewRecordBatch(schema, []arrow.Array{list, dict}, 100)
	defer b.Release()
	if n := batchBytes(b); n < 100*3*4 {
		t.Fatalf("batchBytes = %d, want at least the 1200 bytes of list values", n)
	}
}
