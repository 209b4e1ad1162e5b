package exec

import (
	"context"
	"errors"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sqlerr"
	"github.com/fulgur/fulgur/stage"
)

// tailOp keeps the last n rows of its input: it holds just enough of the most recent
// batches to cover n rows, then emits them trimmed.
type tailOp struct {
	in    Operator
	n     int64
	kept  []arrow.RecordBatch
	rows  int64
	done  bool
	queue []arrow.RecordBatch
}

func (t *tailOp) Schema() *arrow.Schema { return t.in.Schema() }

func (t *tailOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if !t.done {
		t.done = true
		for {
			b, err := t.in.Next(ctx)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return nil, err
			}
			t.kept = append(t.kept, b)
			t.rows += b.NumRows()
			// Drop leading batches that are no longer needed.
			for len(t.kept) > 1 && t.rows-t.kept[0].NumRows() >= t.n {
				t.rows -= t.kept[0].NumRows()
				t.kept[0].Release()
				t.kept = t.kept[1:]
			}
		}
		skip := t.rows - t.n
		for _, b := range t.kept {
			switch {
			case skip >= b.NumRows():
				skip -= b.NumRows()
				b.Release()
			case skip > 0:
				t.queue = append(t.queue, b.NewSlice(skip, b.NumRows()))
				b.Release()
				skip = 0
			default:
				t.queue = append(t.queue, b)
			}
		}
		t.kept = nil
	}
	if len(t.queue) == 0 {
		return nil, io.EOF
	}
	b := t.queue[0]
	t.queue = t.queue[1:]
	return b, nil
}

func (t *tailOp) Close() error {
	for _, b := range append(t.kept, t.queue...) {
		b.Release()
	}
	t.kept, t.queue = nil, nil
	return t.in.Close()
}

// drainAll drains op into one batch (of op's schema), which the caller owns.
func drainAll(ctx context.Context, mem memory.Allocator, op Operator) (arrow.RecordBatch, error) {
	var batches []arrow.RecordBatch
	defer func() {
		for _, b := range batches {
			b.Release()
		}
	}()
	for {
		b, err := op.Next(ctx)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		batches = append(batches, b)
	}
	return concatBatches(mem, op.Schema(), batches)
}

// maxOneRow is the operator of an uncorrelated scalar subquery: one row out, NULLs for
// no input row, an error for more than one.
type maxOneRow struct {
	tc     *TaskContext
	in     Operator
	schema *arrow.Schema
	done   bool
}

func newMaxOneRow(tc *TaskContext, o *stage.MaxOneRow, in Operator) (Operator, error) {
	return &maxOneRow{tc: tc, in: in, schema: arrowSchema(tc, o.Out)}, nil
}

func (m *maxOneRow) Schema() *arrow.Schema { return m.schema }

func (m *maxOneRow) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if m.done {
		return nil, io.EOF
	}
	m.done = true
	all, err := drainAll(ctx, m.tc.Mem, m.in)
	if err != nil {
		return nil, err
	}
	defer all.Release()
	switch all.NumRows() {
	case 0:
		cols := make([]arrow.Array, len(m.schema.Fields()))
		for i, f := range m.schema.Fields() {
			cols[i] = array.MakeArrayOfNull(m.tc.Mem, f.Type, 1)
		}
		defer releaseAll(cols)
		return array.NewRecordBatch(m.schema, cols, 1), nil
	case 1:
		all.Retain() // adopt takes over one reference
		return adopt(all, m.schema)
	}
	return nil, sqlerr.New("SCALAR_SUBQUERY_TOO_MANY_ROWS")
}

func (m *maxOneRow) Close() error { return m.in.Close() }
