package exec_test

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

const benchRows = 1 << 20

// benchInput builds benchRows rows of (a bigint, b bigint, k bigint, s string) in
// batches of 4096: a = i, b = a pseudo-random permutation of 0..2^20-1, k = i % card,
// s = "key-<k>"; every 10th a is NULL when nulls is set.
func benchInput(mem memory.Allocator, card int, nulls bool) (types.StructType, []arrow.RecordBatch) {
	st := exectest.Schema("a", types.Long, "b", types.Long, "k", types.Long, "s", types.String)
	names := make([]string, card)
	for i := range names {
		names[i] = fmt.Sprintf("key-%d", i)
	}
	var batches []arrow.RecordBatch
	const size = 4096
	rows := make([][]any, size)
	for lo := 0; lo < benchRows; lo += size {
		for i := range rows {
			n := lo + i
			var a any = int64(n)
			if nulls && n%10 == 0 {
				a = nil
			}
			rows[i] = []any{a, int64((n * 2654435761) % benchRows), int64(n % card), names[n%card]}
		}
		batches = append(batches, exectest.Batch(mem, st, rows, exectest.Layout{NoValidity: true}))
	}
	return st, batches
}

func drain(b *testing.B, tc *exec.TaskContext, op stage.Op) int {
	o, err := exec.Build(tc, op)
	if err != nil {
		b.Fatal(err)
	}
	defer o.Close()
	n := 0
	for {
		batch, err := o.Next(context.Background())
		if err == io.EOF {
			return n
		}
		if err != nil {
			b.Fatal(err)
		}
		n += int(batch.NumRows())
		batch.Release()
	}
}

// BenchmarkFilterProject: SELECT a + b, s FROM t WHERE b > 2^19 (half the rows, spread
// over every batch) over 1M rows.
func BenchmarkFilterProject(b *testing.B) {
	for _, nulls := range []bool{false, true} {
		b.Run(fmt.Sprintf("hasNulls=%t", nulls), func(b *testing.B) {
			mem := memory.NewGoAllocator()
			st, batches := benchInput(mem, 1000, nulls)
			defer releaseBatches(batches)
			op := &stage.Project{
				Input: &stage.Filter{
					Input: &stage.LocalScan{Slices: [][]arrow.RecordBatch{batches}, Out: st},
					Cond:  call(">", types.Boolean, ref(1, types.Long), lit(int64(benchRows/2), types.Long)),
				},
				Exprs: []plan.Expr{call("+", types.Long, ref(0, types.Long), ref(1, types.Long)), ref(3, types.String)},
				Out:   exectest.Schema("ab", types.Long, "s", types.String),
			}
			tc := exectest.TaskContext(mem, 4096)
			b.SetBytes(benchRows * 16) // the two bigint columns read
			b.ReportAllocs()
			for b.Loop() {
				if n := drain(b, tc, op); n == 0 {
					b.Fatal("no rows")
				}
			}
		})
	}
}

// BenchmarkHashAggregate: SELECT k, count(*), sum(a) FROM t GROUP BY k over 1M rows,
// grouping by a bigint or a string key of various cardinalities.
func BenchmarkHashAggregate(b *testing.B) {
	for _, card := range []int{10, 1000, 100000} {
		for _, key := range []string{"bigint", "string"} {
			b.Run(fmt.Sprintf("key=%s/groups=%d", key, card), func(b *testing.B) {
				mem := memory.NewGoAllocator()
				st, batches := benchInput(mem, card, true)
				defer releaseBatches(batches)
				var group plan.Expr = ref(2, types.Long)
				keyType := types.Long
				if key == "string" {
					group, keyType = ref(3, types.String), types.String
				}
				op := &stage.HashAggregate{
					Input:  &stage.LocalScan{Slices: [][]arrow.RecordBatch{batches}, Out: st},
					Mode:   stage.AggComplete,
					Groups: []plan.Expr{group},
					Aggs:   []*plan.AggregateCall{agg("count", types.Long), agg("sum", types.Long, ref(0, types.Long))},
					Out:    exectest.Schema("k", keyType, "c", types.Long, "s", types.Long),
				}
				tc := exectest.TaskContext(mem, 4096)
				b.SetBytes(benchRows * 16)
				b.ReportAllocs()
				for b.Loop() {
					if n := drain(b, tc, op); n != card {
						b.Fatalf("%d groups, want %d", n, card)
					}
				}
			})
		}
	}
}

// BenchmarkRangeScan produces 16M ids.
func BenchmarkRangeScan(b *testing.B) {
	const n = 1 << 24
	op := &stage.RangeScan{Start: 0, End: n, Step: 1, NumSlices: 1, Out: idSchema}
	tc := exectest.TaskContext(memory.NewGoAllocator(), 4096)
	b.SetBytes(n * 8)
	b.ReportAllocs()
	for b.Loop() {
		if got := drain(b, tc, op); got != n {
			b.Fatalf("%d ids", got)
		}
	}
}

// BenchmarkSort sorts 1M rows by a bigint key descending.
func BenchmarkSort(b *testing.B) {
	mem := memory.NewGoAllocator()
	st, batches := benchInput(mem, 100000, true)
	defer releaseBatches(batches)
	op := &stage.Sort{Input: &stage.LocalScan{Slices: [][]arrow.RecordBatch{batches}, Out: st},
		Orders: []*plan.SortOrder{{Child: ref(2, types.Long), Descending: true}}}
	tc := exectest.TaskContext(mem, 4096)
	b.SetBytes(benchRows * 8)
	b.ReportAllocs()
	for b.Loop() {
		drain(b, tc, op)
	}
}

// discard is a shuffle writer that drops what it is given.
type discard struct{}

func (discard) Create(context.Context, int, int, int, int) (exec.ShuffleWriter, error) {
	return discard{}, nil
}
func (discard) Write(context.Context, int, arrow.RecordBatch) error { return nil }
func (discard) Commit(context.Context) error                        { return nil }
func (discard) Abort()                                              {}

// BenchmarkHashShuffleWrite partitions 1M rows into 200 partitions by a bigint key.
func BenchmarkHashShuffleWrite(b *testing.B) {
	mem := memory.NewGoAllocator()
	st, batches := benchInput(mem, 100000, false)
	defer releaseBatches(batches)
	stg := &stage.Stage{ShuffleID: 1, NumTasks: 1, Root: &stage.LocalScan{Slices: [][]arrow.RecordBatch{batches}, Out: st},
		Output: stage.Partitioning{Kind: stage.HashPartition, NumPartitions: 200, Keys: []plan.Expr{ref(2, types.Long)}}}
	tc := exectest.TaskContext(mem, 4096)
	b.SetBytes(benchRows * 32)
	b.ReportAllocs()
	for b.Loop() {
		if err := exec.RunTask(context.Background(), tc, stg, discard{}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func releaseBatches(bs []arrow.RecordBatch) {
	for _, b := range bs {
		b.Release()
	}
}
