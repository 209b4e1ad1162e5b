package exec_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/exec/exectest"
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

var idSchema = exectest.Schema("id", types.Long)

func TestRunTaskResultStage(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	st := &stage.Stage{ID: 1, ShuffleID: -1, NumTasks: 2, Root: &stage.Filter{
		Input: &stage.RangeScan{Start: 0, End: 20, Step: 1, NumSlices: 2, Out: idSchema},
		Cond:  call(">", types.Boolean, ref(0, types.Long), lit(int64(12), types.Long)),
	}}
	tc := exectest.TaskContext(mem, 3)
	tc.Partition = 1
	sink := &exectest.Sink{}
	defer sink.Release()
	if err := exec.RunTask(t.Context(), tc, st, nil, sink); err != nil {
		t.Fatal(err)
	}
	exectest.CompareRows(t, exectest.Rows(sink.Batches...), [][]any{{int64(13)}, {int64(14)}, {int64(15)}, {int64(16)}, {int64(17)}, {int64(18)}, {int64(19)}}, false)
	if len(sink.Batches) != 3 {
		t.Errorf("%d batches, want 3 (batch size 3 over ids 10..19, filtered)", len(sink.Batches))
	}
}

// runMap runs every task of a map stage over a LocalScan with one slice per task.
func runMap(t *testing.T, mem memory.Allocator, sh *exectest.Shuffles, st *stage.Stage) {
	t.Helper()
	for p := 0; p < st.NumTasks; p++ {
		tc := exectest.TaskContext(mem, 4)
		tc.Partition = p
		if err := exec.RunTask(t.Context(), tc, st, sh, nil); err != nil {
			t.Fatalf("map task %d: %v", p, err)
		}
	}
}

func TestRunTaskHashPartitioningIsSparks(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sh := exectest.NewShuffles()
	defer sh.Release()
	schema := exectest.Schema("k", types.Integer, "s", types.String)
	var rows [][]any
	for i := 0; i < 50; i++ {
		var s any = string(rune('a' + i%26))
		if i%7 == 0 {
			s = nil
		}
		rows = append(rows, []any{i % 13, s})
	}
	rows = append(rows, []any{nil, "n"})
	slices := [][]arrow.RecordBatch{
		exectest.Batches(mem, schema, rows[:20], 6, exectest.Layout{}),
		exectest.Batches(mem, schema, rows[20:], 6, exectest.Layout{Offset: 2}),
	}
	defer func() {
		for _, s := range slices {
			for _, b := range s {
				b.Release()
			}
		}
	}()
	const n = 200
	keys := []plan.Expr{ref(0, types.Integer), ref(1, types.String)}
	st := &stage.Stage{ID: 0, ShuffleID: 3, NumTasks: 2, Root: &stage.LocalScan{Slices: slices, Out: schema},
		Output: stage.Partitioning{Kind: stage.HashPartition, NumPartitions: n, Keys: keys}}
	runMap(t, mem, sh, st)
	if sh.Committed != 2 || sh.Aborted != 0 {
		t.Fatalf("%d commits, %d aborts", sh.Committed, sh.Aborted)
	}
	total := 0
	for p := 0; p < n; p++ {
		for _, row := range exectest.Rows(sh.Partition(3, p)...) {
			total++
			h := exec.SparkHashSeed
			if row[0] != nil {
				h = exec.HashInt(row[0].(int32), h)
			}
			if row[1] != nil {
				h = exec.HashString(row[1].(string), h)
			}
			if want := exec.Pmod(h, n); want != p {
				t.Errorf("row %v in partition %d, want %d", row, p, want)
			}
		}
	}
	if total != len(rows) {
		t.Fatalf("%d rows shuffled, want %d", total, len(rows))
	}
	// Spark: hash(1) = -559580957 (testdata/murmur3.json), pmod(-559580957, 200) = 43.
	hash1 := int32(-559580957)
	if got := exec.Pmod(uint32(hash1), n); got != 43 {
		t.Fatalf("pmod(hash(1), 200) = %d, want 43", got)
	}
}

func TestRunTaskRoundRobinAndSingle(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sh := exectest.NewShuffles()
	defer sh.Release()
	range10 := &stage.RangeScan{Start: 0, End: 10, Step: 1, NumSlices: 1, Out: idSchema}
	runMap(t, mem, sh, &stage.Stage{ShuffleID: 1, NumTasks: 1, Root: range10,
		Output: stage.Partitioning{Kind: stage.RoundRobinPartition, NumPartitions: 3}})
	counts := []int{}
	for p := 0; p < 3; p++ {
		counts = append(counts, len(exectest.Rows(sh.Partition(1, p)...)))
	}
	if counts[0] != 4 || counts[1] != 3 || counts[2] != 3 {
		t.Errorf("round robin counts %v, want [4 3 3]", counts)
	}
	runMap(t, mem, sh, &stage.Stage{ShuffleID: 2, NumTasks: 1, Root: range10,
		Output: stage.Partitioning{Kind: stage.SinglePartition, NumPartitions: 1}})
	if got := len(exectest.Rows(sh.Partition(2, 0)...)); got != 10 {
		t.Errorf("single partition has %d rows, want 10", got)
	}
}

// TestTwoStageAggregation runs partial aggregation, a hash shuffle and final
// aggregation as the physical planner lays them out.
func TestTwoStageAggregation(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sh := exectest.NewShuffles()
	defer sh.Release()
	// Group range(0, 100) in 3 tasks by id + zero (an expression over a cast column).
	aggs := []*plan.AggregateCall{agg("count", types.Long), agg("sum", types.Long, ref(0, types.Long))}
	partialOut := exectest.Schema("_g0", types.Long, "_a0_s0", types.Long, "_a1_s0", types.Long)
	mod := &stage.Project{
		Input: &stage.RangeScan{Start: 0, End: 100, Step: 1, NumSlices: 3, Out: idSchema},
		Exprs: []plan.Expr{ref(0, types.Long), &plan.Cast{Child: call("+", types.Integer, lit(int32(0), types.Integer), lit(int32(0), types.Integer)), To: types.Long}},
		Out:   exectest.Schema("id", types.Long, "zero", types.Long),
	}
	partial := &stage.HashAggregate{Input: mod, Mode: stage.AggPartial,
		Groups: []plan.Expr{call("+", types.Long, ref(1, types.Long), ref(0, types.Long))}, Aggs: aggs, Out: partialOut}
	mapStage := &stage.Stage{ID: 0, ShuffleID: 9, NumTasks: 3, Root: partial,
		Output: stage.Partitioning{Kind: stage.HashPartition, NumPartitions: 4, Keys: []plan.Expr{ref(0, types.Long)}}}
	runMap(t, mem, sh, mapStage)
	final := &stage.HashAggregate{Input: &stage.ShuffleRead{ShuffleID: 9, Out: partialOut}, Mode: stage.AggFinal,
		Groups: []plan.Expr{ref(0, types.Long)}, Aggs: aggs, Out: exectest.Schema("k", types.Long, "c", types.Long, "s", types.Long)}
	resultStage := &stage.Stage{ID: 1, ShuffleID: -1, NumTasks: 4, Root: final}
	var got [][]any
	for p := 0; p < 4; p++ {
		tc := exectest.TaskContext(mem, 7)
		tc.Partition, tc.Shuffles = p, sh
		sink := &exectest.Sink{}
		if err := exec.RunTask(t.Context(), tc, resultStage, nil, sink); err != nil {
			t.Fatal(err)
		}
		got = append(got, exectest.Rows(sink.Batches...)...)
		sink.Release()
	}
	var want [][]any
	for i := int64(0); i < 100; i++ {
		want = append(want, []any{i, int64(1), i})
	}
	exectest.CompareRows(t, got, want, true)
}

func TestRunTaskErrorAbortsShuffle(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sh := exectest.NewShuffles()
	defer sh.Release()
	st := &stage.Stage{ShuffleID: 1, NumTasks: 1,
		Root: &stage.Filter{
			Input: &stage.RangeScan{Start: 0, End: 10, Step: 1, NumSlices: 1, Out: idSchema},
			Cond:  call("fail", types.Boolean, ref(0, types.Long)),
		},
		Output: stage.Partitioning{Kind: stage.SinglePartition, NumPartitions: 1}}
	err := exec.RunTask(t.Context(), exectest.TaskContext(mem, 4), st, sh, nil)
	if !errors.Is(err, exectest.ErrFail) {
		t.Fatalf("err = %v, want ErrFail", err)
	}
	if sh.Aborted != 1 || sh.Committed != 0 {
		t.Fatalf("%d aborts, %d commits; want 1, 0", sh.Aborted, sh.Committed)
	}
}

func TestRunTaskRecoversPanics(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	reg := exectest.Functions()
	reg.AddScalar(&function.ScalarFunc{Name: "boom", Bind: func(args []types.DataType, _ bool) (*function.Bound, error) {
		return &function.Bound{ArgTypes: args, Result: types.Boolean, Kernel: func(*function.EvalContext, []function.Datum, int) (arrow.Array, error) {
			panic("boom")
		}}, nil
	}})
	tc := exectest.TaskContext(mem, 4)
	tc.Functions = reg
	st := &stage.Stage{ShuffleID: -1, NumTasks: 1, Root: &stage.Filter{
		Input: &stage.RangeScan{Start: 0, End: 10, Step: 1, NumSlices: 1, Out: idSchema},
		Cond:  call("boom", types.Boolean, ref(0, types.Long)),
	}}
	sink := &exectest.Sink{}
	defer sink.Release()
	err := exec.RunTask(t.Context(), tc, st, nil, sink)
	if !errors.Is(err, exec.ErrTaskPanic) {
		t.Fatalf("err = %v, want ErrTaskPanic", err)
	}
}

// cancellingSink cancels the task's context when it receives its first batch.
type cancellingSink struct {
	cancel context.CancelFunc
	n      int
}

func (s *cancellingSink) Send(_ context.Context, b arrow.RecordBatch) error {
	b.Release()
	s.n++
	s.cancel()
	return nil
}

func TestRunTaskCancellation(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	st := &stage.Stage{ShuffleID: -1, NumTasks: 1, Root: &stage.Project{
		Input: &stage.RangeScan{Start: 0, End: 1 << 60, Step: 1, NumSlices: 1, Out: idSchema},
		Exprs: []plan.Expr{call("+", types.Long, ref(0, types.Long), lit(int64(1), types.Long))},
		Out:   idSchema,
	}}
	sink := &cancellingSink{cancel: cancel}
	start := time.Now()
	err := exec.RunTask(ctx, exectest.TaskContext(mem, 1024), st, nil, sink)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if sink.n != 1 || time.Since(start) > 5*time.Second {
		t.Fatalf("task ran %d batches (%v) after cancellation", sink.n, time.Since(start))
	}

	// Blocking operators stop too: cancel while a sort consumes its input.
	ctx2, cancel2 := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel2()
	sorted := &stage.Stage{ShuffleID: -1, NumTasks: 1, Root: &stage.Sort{
		Input:  &stage.RangeScan{Start: 0, End: 1 << 60, Step: 1, NumSlices: 1, Out: idSchema},
		Orders: []*plan.SortOrder{{Child: ref(0, types.Long), Descending: true}},
	}}
	err = exec.RunTask(ctx2, exectest.TaskContext(mem, 1024), sorted, nil, &exectest.Sink{})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
}

func TestRunTaskSinkError(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	sinkErr := errors.New("client went away")
	st := &stage.Stage{ShuffleID: -1, NumTasks: 1, Root: &stage.RangeScan{Start: 0, End: 100, Step: 1, NumSlices: 1, Out: idSchema}}
	err := exec.RunTask(t.Context(), exectest.TaskContext(mem, 10), st, nil, &exectest.Sink{Err: sinkErr})
	if !errors.Is(err, sinkErr) {
		t.Fatalf("err = %v, want the sink's error", err)
	}
}
