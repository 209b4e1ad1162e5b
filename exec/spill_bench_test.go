package exec_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

const spillBenchRows = 4 << 20

// spillBenchInput builds spillBenchRows rows of (a bigint random, k bigint in [0, 2^20),
// s string "s-<a mod 2^20>") in batches of 4096.
func spillBenchInput(mem memory.Allocator) (types.StructType, []arrow.RecordBatch) {
	st := exectest.Schema("a", types.Long, "k", types.Long, "s", types.String)
	schema := types.ArrowSchema(st, "UTC")
	rng := rand.New(rand.NewPCG(5, 6))
	var out []arrow.RecordBatch
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()
	for lo := 0; lo < spillBenchRows; lo += 4096 {
		for i := 0; i < 4096; i++ {
			a := rng.Int64()
			b.Field(0).(*array.Int64Builder).Append(a)
			b.Field(1).(*array.Int64Builder).Append(int64(rng.IntN(1 << 20)))
			b.Field(2).(*array.StringBuilder).Append(fmt.Sprintf("s-%d", a&(1<<20-1)))
		}
		out = append(out, b.NewRecordBatch())
	}
	return st, out
}

// BenchmarkSpill sorts 4M rows (by a bigint, and by a string) and aggregates them into
// 1M groups, without a memory limit and with limits that make the operators spill.
func BenchmarkSpill(b *testing.B) {
	mem := memory.NewGoAllocator()
	st, batches := spillBenchInput(mem)
	defer releaseBatches(batches)
	scan := &stage.LocalScan{Slices: [][]arrow.RecordBatch{batches}, Out: st}
	ops := []struct {
		name string
		op   stage.Op
	}{
		{"sort=bigint", &stage.Sort{Input: scan, Orders: []*plan.SortOrder{{Child: ref(0, types.Long), NullsFirst: true}}}},
		{"sort=string", &stage.Sort{Input: scan, Orders: []*plan.SortOrder{{Child: ref(2, types.String), NullsFirst: true}}}},
		{"aggregate", &stage.HashAggregate{Input: scan, Mode: stage.AggComplete, Groups: []plan.Expr{ref(1, types.Long)},
			Aggs: []*plan.AggregateCall{agg("count", types.Long), agg("sum", types.Long, ref(0, types.Long))},
			Out:  exectest.Schema("k", types.Long, "c", types.Long, "s", types.Long)}},
	}
	for _, o := range ops {
		for _, limit := range []int64{0, 64 << 20, 16 << 20} {
			b.Run(fmt.Sprintf("%s/limit=%dMiB", o.name, limit>>20), func(b *testing.B) {
				tc := exectest.TaskContext(mem, 4096)
				tc.MemoryLimit = limit
				tc.SpillDir = b.TempDir()
				b.SetBytes(spillBenchRows * 24)
				b.ReportAllocs()
				for b.Loop() {
					if n := drain(b, tc, o.op); n == 0 {
						b.Fatal("no rows")
					}
				}
			})
		}
	}
}
