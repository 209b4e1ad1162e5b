package exectest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// Case is one operator test for Run.
type Case struct {
	Name string
	// Input is the schema and rows of the operator's input, fed through a LocalScan.
	Input Table
	// Op builds the operator under test over its input (the LocalScan of Input).
	Op func(input stage.Op) stage.Op
	// Want are the expected output rows. Plain Go ints match any integer type.
	Want [][]any
	// Unordered compares the output as a multiset of rows.
	Unordered bool
	// WantErr, when set, must match the error Next (or Build) returns; Want is ignored.
	WantErr func(error) bool
	// Functions is the registry; nil means Functions().
	Functions *function.Registry
	// ANSI sets spark.sql.ansi.enabled.
	ANSI bool
	// BatchSizes overrides the batch sizes the case runs with.
	BatchSizes []int
}

// Table is a schema with rows of Go values.
type Table struct {
	Schema types.StructType
	Rows   [][]any
}

// BatchSizes are the batch sizes every case runs with by default: one row per batch,
// a few rows per batch (batches end in the middle of groups and runs), and one batch.
var BatchSizes = []int{1, 3, 1024}

// Run runs c once per combination of batch size (both the size of the input batches and
// TaskContext.BatchSize), slice offset (input arrays at offset 0, or sliced out of a
// larger array with junk rows around them) and validity layout (all-set bitmaps, or
// none when a column has no NULL), each as a subtest with a fresh checked allocator
// that must be back to zero at the end.
func Run(t *testing.T, c Case) {
	t.Helper()
	sizes := c.BatchSizes
	if len(sizes) == 0 {
		sizes = BatchSizes
	}
	for _, bs := range sizes {
		for _, off := range []int{0, 5} {
			for _, noValid := range []bool{false, true} {
				name := fmt.Sprintf("batch=%d/offset=%d/validity=%v", bs, off, !noValid)
				t.Run(name, func(t *testing.T) {
					runOnce(t, c, bs, Layout{Offset: off, NoValidity: noValid})
				})
			}
		}
	}
}

func runOnce(t *testing.T, c Case, bs int, l Layout) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	input := Batches(mem, c.Input.Schema, c.Input.Rows, bs, l)
	defer func() {
		for _, b := range input {
			b.Release()
		}
	}()
	scan := &stage.LocalScan{Slices: [][]arrow.RecordBatch{input}, Out: c.Input.Schema}
	op := c.Op(scan)
	tc := TaskContext(mem, bs)
	if c.Functions != nil {
		tc.Functions = c.Functions
	}
	tc.Eval.ANSI = c.ANSI
	got, err := Collect(t.Context(), tc, op)
	if c.WantErr != nil {
		if err == nil || !c.WantErr(err) {
			t.Fatalf("error = %v, want a matching error", err)
		}
		return
	}
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	want := NormalizeRows(op.Schema(), c.Want)
	CompareRows(t, got, want, c.Unordered)
}

// TaskContext returns a context for task 0 of stage 0 with the test registry.
func TaskContext(mem memory.Allocator, batchSize int) *exec.TaskContext {
	return &exec.TaskContext{
		Mem:       mem,
		Eval:      &function.EvalContext{Mem: mem, TimeZone: "UTC"},
		Functions: Functions(),
		BatchSize: batchSize,
	}
}

// Collect builds op for tc, drains it and returns its rows as Go values. It checks the
// Operator contract on the way: batches are non-empty and carry the operator's schema,
// and Close is called once.
func Collect(ctx context.Context, tc *exec.TaskContext, op stage.Op) (rows [][]any, err error) {
	o, err := exec.Build(tc, op)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := o.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	for {
		b, err := o.Next(ctx)
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, err
		}
		if b.NumRows() == 0 {
			b.Release()
			return nil, errors.New("exectest: operator returned an empty batch")
		}
		if !b.Schema().Equal(o.Schema()) {
			s := b.Schema()
			b.Release()
			return nil, fmt.Errorf("exectest: batch schema %s differs from operator schema %s", s, o.Schema())
		}
		rows = append(rows, Rows(b)...)
		b.Release()
	}
}

// CompareRows fails t unless got equals want (as multisets when unordered).
func CompareRows(t testing.TB, got, want [][]any, unordered bool) {
	t.Helper()
	if unordered {
		got, want = sortedRows(got), sortedRows(want)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d\ngot:  %v\nwant: %v", len(got), len(want), brief(got), brief(want))
	}
	for i := range got {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("row %d: got %v, want %v", i, got[i], want[i])
		}
		for j := range got[i] {
			if !EqualValues(got[i][j], want[i][j]) {
				t.Fatalf("row %d column %d: got %#v, want %#v\ngot:  %v\nwant: %v", i, j, got[i][j], want[i][j], brief(got), brief(want))
			}
		}
	}
}

func sortedRows(rows [][]any) [][]any {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b []any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	return out
}

func brief(rows [][]any) string {
	if len(rows) > 20 {
		return fmt.Sprint(rows[:20]) + fmt.Sprintf(" ... (%d rows)", len(rows))
	}
	return fmt.Sprint(rows)
}
