package exec_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// testdata/range_slices.json records, for spark.range(start, end, step, numSlices) on
// Apache Spark 4.2.0, the [count, min, max] of each partition (see testdata/oracle.py).
func TestRangeScanMatchesSpark(t *testing.T) {
	raw, err := os.ReadFile("testdata/range_slices.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden struct {
		Ranges []struct {
			Start, End, Step int64
			NumSlices        int
			Partitions       [][3]*int64
		}
	}
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	for _, r := range golden.Ranges {
		for _, bs := range []int{1, 3, 1024} {
			t.Run(fmt.Sprintf("range(%d,%d,%d,%d)/batch=%d", r.Start, r.End, r.Step, r.NumSlices, bs), func(t *testing.T) {
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				defer mem.AssertSize(t, 0)
				op := &stage.RangeScan{Start: r.Start, End: r.End, Step: r.Step, NumSlices: r.NumSlices, Out: exectest.Schema("id", types.Long)}
				for p, want := range r.Partitions {
					tc := exectest.TaskContext(mem, bs)
					tc.Partition = p
					ids := rangeIDs(t, tc, op)
					if int64(len(ids)) != *want[0] {
						t.Fatalf("partition %d: %d rows, Spark has %d", p, len(ids), *want[0])
					}
					if len(ids) == 0 {
						continue
					}
					lo, hi := min(ids[0], ids[len(ids)-1]), max(ids[0], ids[len(ids)-1])
					if lo != *want[1] || hi != *want[2] {
						t.Fatalf("partition %d: ids %d..%d, Spark has %d..%d", p, lo, hi, *want[1], *want[2])
					}
					for i := 1; i < len(ids); i++ {
						if ids[i]-ids[i-1] != r.Step {
							t.Fatalf("partition %d: id %d follows %d", p, ids[i], ids[i-1])
						}
					}
				}
			})
		}
	}
}

func rangeIDs(t *testing.T, tc *exec.TaskContext, op stage.Op) []int64 {
	t.Helper()
	o, err := exec.Build(tc, op)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	var ids []int64
	for {
		b, err := o.Next(t.Context())
		if err == io.EOF {
			return ids
		}
		if err != nil {
			t.Fatal(err)
		}
		if int(b.NumRows()) > tc.BatchSize {
			t.Fatalf("batch of %d rows, batch size %d", b.NumRows(), tc.BatchSize)
		}
		ids = append(ids, b.Column(0).(*array.Int64).Int64Values()...)
		b.Release()
	}
}

func TestRangeScanCancel(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	o, err := exec.Build(exectest.TaskContext(mem, 10), &stage.RangeScan{Start: 0, End: 1 << 40, Step: 1, NumSlices: 1, Out: exectest.Schema("id", types.Long)})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	ctx, cancel := context.WithCancel(t.Context())
	b, err := o.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b.Release()
	cancel()
	if _, err := o.Next(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Next after cancel = %v, want context.Canceled", err)
	}
}

func TestLocalScan(t *testing.T) {
	exectest.Run(t, exectest.Case{
		Input: intsAndStrings,
		Op:    func(in stage.Op) stage.Op { return in },
		Want:  intsAndStrings.Rows,
	})
	// Other tasks of a one-slice local relation read nothing.
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	tc := exectest.TaskContext(mem, 10)
	tc.Partition = 3
	rows, err := exectest.Collect(t.Context(), tc, &stage.LocalScan{Out: intsAndStrings.Schema})
	if err != nil || len(rows) != 0 {
		t.Fatalf("rows %v, err %v", rows, err)
	}
}

func TestLocalScanOneRowNoColumns(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	one := array.NewRecordBatch(arrow.NewSchema(nil, nil), nil, 1)
	defer one.Release()
	scan := &stage.LocalScan{Slices: [][]arrow.RecordBatch{{one}}}
	op := &stage.Project{Input: scan, Exprs: []plan.Expr{lit(int32(1), types.Integer), lit("x", types.String)},
		Out: exectest.Schema("1", types.Integer, "x", types.String)}
	rows, err := exectest.Collect(t.Context(), exectest.TaskContext(mem, 10), op)
	if err != nil {
		t.Fatal(err)
	}
	exectest.CompareRows(t, rows, [][]any{{int32(1), "x"}}, false)
}

func TestShuffleRead(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sh := exectest.NewShuffles()
	defer sh.Release()
	st := intsAndStrings.Schema
	for m, rows := range [][][]any{intsAndStrings.Rows[:3], intsAndStrings.Rows[3:]} {
		w, err := sh.Create(t.Context(), 7, m, 0, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range exectest.Batches(mem, st, rows, 2, exectest.Layout{Offset: 1}) {
			if err := w.Write(t.Context(), 1, b); err != nil {
				t.Fatal(err)
			}
			b.Release()
		}
		if err := w.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	tc := exectest.TaskContext(mem, 10)
	tc.Shuffles = sh
	for p, want := range [][][]any{nil, intsAndStrings.Rows} {
		tc.Partition = p
		rows, err := exectest.Collect(t.Context(), tc, &stage.ShuffleRead{ShuffleID: 7, Out: st})
		if err != nil {
			t.Fatal(err)
		}
		exectest.CompareRows(t, rows, exectest.NormalizeRows(st, want), false)
	}
}
