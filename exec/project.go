package exec

import (
	"context"
	"fmt"
	"io"
	"math/bits"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/stage"
)

// project computes expressions over each input batch.
type project struct {
	in     Operator
	schema *arrow.Schema
	exprs  []Evaluator
	cols   []arrow.Array
}

func newProject(tc *TaskContext, o *stage.Project, in Operator) (Operator, error) {
	schema := arrowSchema(tc, o.Out)
	if len(o.Exprs) != schema.NumFields() {
		return nil, fmt.Errorf("exec: project of %d expressions into %d columns", len(o.Exprs), schema.NumFields())
	}
	exprs, err := CompileAll(tc, o.Exprs, in.Schema())
	if err != nil {
		return nil, err
	}
	return &project{in: in, schema: schema, exprs: exprs, cols: make([]arrow.Array, len(exprs))}, nil
}

func (p *project) Schema() *arrow.Schema { return p.schema }

func (p *project) Next(ctx context.Context) (arrow.RecordBatch, error) {
	b, err := p.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	defer b.Release()
	cols := p.cols
	defer func() {
		releaseAll(cols)
		clear(cols)
	}()
	for i, e := range p.exprs {
		c, err := e.Eval(b)
		if err != nil {
			return nil, err
		}
		if c, err = conform(c, p.schema.Field(i).Type); err != nil {
			return nil, err
		}
		cols[i] = c
	}
	return array.NewRecordBatch(p.schema, cols, b.NumRows()), nil
}

func (p *project) Close() error { return p.in.Close() }

// filter keeps the rows for which the condition is true (NULL counts as false).
type filter struct {
	in   Operator
	mem  memory.Allocator
	cond Evaluator
	sel  []int32
}

func newFilter(tc *TaskContext, o *stage.Filter, in Operator) (Operator, error) {
	cond, err := Compile(tc, o.Cond, in.Schema())
	if err != nil {
		return nil, err
	}
	if cond.ArrowType().ID() != arrow.BOOL && cond.ArrowType().ID() != arrow.NULL {
		return nil, fmt.Errorf("exec: filter condition of type %s", cond.Type())
	}
	return &filter{in: in, mem: tc.Mem, cond: cond}, nil
}

func (f *filter) Schema() *arrow.Schema { return f.in.Schema() }

func (f *filter) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		b, err := f.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		out, err := f.apply(b)
		if err != nil || out != nil {
			return out, err
		}
	}
}

// apply filters b, taking ownership of it; nil means no row passed.
func (f *filter) apply(b arrow.RecordBatch) (out arrow.RecordBatch, err error) {
	defer func() {
		if out != b {
			b.Release()
		}
	}()
	d, err := f.cond.EvalDatum(b)
	if err != nil {
		return nil, err
	}
	if d.Scalar != nil {
		if datumBool(d.Scalar) {
			return b, nil
		}
		return nil, nil
	}
	mask := d.Array
	defer mask.Release()
	f.sel = selectTrue(mask, f.sel[:0])
	switch len(f.sel) {
	case int(b.NumRows()):
		return b, nil
	case 0:
		return nil, nil
	}
	return takeBatch(f.mem, b, f.sel)
}

func (f *filter) Close() error { return f.in.Close() }

// selectTrue appends to sel the indices of the rows of a boolean (or null) mask that are
// true and not NULL, and returns it.
func selectTrue(mask arrow.Array, sel []int32) []int32 {
	if mask.DataType().ID() == arrow.NULL || mask.Len() == 0 {
		return sel
	}
	d := mask.Data()
	n, off := d.Len(), d.Offset()
	vals := d.Buffers()[1].Bytes()
	var scratch []byte
	if mask.NullN() > 0 {
		scratch = make([]byte, bitutil.BytesForBits(int64(n)))
		bitutil.BitmapAnd(vals, mask.NullBitmapBytes(), int64(off), int64(off), scratch, 0, int64(n))
	} else if off%8 != 0 {
		scratch = make([]byte, bitutil.BytesForBits(int64(n)))
		bitutil.CopyBitmap(vals, off, n, scratch, 0)
	} else {
		scratch = vals[off/8 : off/8+int(bitutil.BytesForBits(int64(n)))]
	}
	for i, by := range scratch {
		base := int32(i * 8)
		for by != 0 {
			t := int32(bits.TrailingZeros8(by))
			if base+t >= int32(n) {
				break
			}
			sel = append(sel, base+t)
			by &= by - 1
		}
	}
	return sel
}

// limit skips Offset rows, then passes at most N rows (N < 0: all) of its input.
type limit struct {
	in   Operator
	skip int64
	left int64
}

func newLimit(o *stage.Limit, in Operator) (Operator, error) {
	return &limit{in: in, skip: max(o.Offset, 0), left: o.N}, nil
}

func (l *limit) Schema() *arrow.Schema { return l.in.Schema() }

func (l *limit) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		if l.left == 0 {
			return nil, io.EOF
		}
		b, err := l.in.Next(ctx)
		if err != nil {
			return nil, err
		}
		n := b.NumRows()
		if l.skip >= n {
			l.skip -= n
			b.Release()
			continue
		}
		start, end := l.skip, n
		l.skip = 0
		if l.left >= 0 && end-start > l.left {
			end = start + l.left
		}
		if l.left > 0 {
			l.left -= end - start
		}
		if start == 0 && end == n {
			return b, nil
		}
		out := b.NewSlice(start, end)
		b.Release()
		return out, nil
	}
}

func (l *limit) Close() error { return l.in.Close() }

// datumBool reports the value of a boolean constant (NULL is false).
func datumBool(s *function.Scalar) bool {
	v, ok := s.Value.(bool)
	return ok && v
}

// expand emits every input row once per projection, row by row as Spark's Expand does
// (row 0 under each projection, then row 1, ...).
type expand struct {
	tc     *TaskContext
	in     Operator
	schema *arrow.Schema
	projs  [][]Evaluator
}

func newExpand(tc *TaskContext, o *stage.Expand, in Operator) (Operator, error) {
	schema := arrowSchema(tc, o.Out)
	projs := make([][]Evaluator, len(o.Projections))
	for i, list := range o.Projections {
		evs, err := CompileAll(tc, list, in.Schema())
		if err != nil {
			return nil, err
		}
		projs[i] = evs
	}
	return &expand{tc: tc, in: in, schema: schema, projs: projs}, nil
}

func (e *expand) Schema() *arrow.Schema { return e.schema }

func (e *expand) Next(ctx context.Context) (arrow.RecordBatch, error) {
	b, err := e.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	defer b.Release()
	n, k := int(b.NumRows()), len(e.projs)
	// per[c][j] is column c under projection j.
	per := make([][]arrow.Array, len(e.schema.Fields()))
	defer func() {
		for _, cs := range per {
			releaseAll(cs)
		}
	}()
	for j, evs := range e.projs {
		for c, ev := range evs {
			col, err := ev.Eval(b)
			if err != nil {
				return nil, err
			}
			if col, err = conform(col, e.schema.Field(c).Type); err != nil {
				return nil, err
			}
			if per[c] == nil {
				per[c] = make([]arrow.Array, k)
			}
			per[c][j] = col
		}
	}
	idx := make([]int32, 0, n*k)
	for i := 0; i < n; i++ {
		for j := 0; j < k; j++ {
			idx = append(idx, int32(j*n+i))
		}
	}
	cols := make([]arrow.Array, len(per))
	defer releaseAll(cols)
	for c, parts := range per {
		all, err := array.Concatenate(parts, e.tc.Mem)
		if err != nil {
			return nil, err
		}
		cols[c], err = take(e.tc.Mem, all, idx)
		all.Release()
		if err != nil {
			return nil, err
		}
	}
	return array.NewRecordBatch(e.schema, cols, int64(n*k)), nil
}

func (e *expand) Close() error { return e.in.Close() }
