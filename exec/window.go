package exec

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
	"github.com/fulgur/fulgur/stage"
)

// window evaluates window functions over its task's input, which arrives sorted by the
// partition keys and then the order keys. It materializes the task's input, finds the
// partitions and peer groups (rows with equal order keys), computes one column per call
// and emits the input with those columns appended.
type window struct {
	tc     *TaskContext
	o      *stage.Window
	in     Operator
	schema *arrow.Schema
	part   []Evaluator
	order  []Evaluator
	out    []arrow.RecordBatch
	done   bool
}

func newWindow(tc *TaskContext, o *stage.Window, in Operator) (Operator, error) {
	w := &window{tc: tc, o: o, in: in, schema: arrowSchema(tc, o.Out)}
	var err error
	if w.part, err = CompileAll(tc, o.Partition, in.Schema()); err != nil {
		return nil, err
	}
	orderExprs := make([]plan.Expr, len(o.Order))
	for i, so := range o.Order {
		orderExprs[i] = so.Child
	}
	if w.order, err = CompileAll(tc, orderExprs, in.Schema()); err != nil {
		return nil, err
	}
	for _, c := range o.Calls {
		if wf, ok := c.Func.(*plan.WindowFunc); ok {
			switch wf.Name {
			case "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead":
			default:
				return nil, fmt.Errorf("%w: window function %s", ErrUnsupported, wf.Name)
			}
		}
	}
	return w, nil
}

func (w *window) Schema() *arrow.Schema { return w.schema }

func (w *window) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if !w.done {
		w.done = true
		if err := w.compute(ctx); err != nil {
			return nil, err
		}
	}
	if len(w.out) == 0 {
		return nil, io.EOF
	}
	b := w.out[0]
	w.out = w.out[1:]
	return b, nil
}

// sameRow reports whether rows i and j of a hold the same value (NULL equals NULL).
func sameRow(a arrow.Array, i, j int) bool {
	ni, nj := a.IsNull(i), a.IsNull(j)
	if ni || nj {
		return ni && nj
	}
	switch x := a.(type) {
	case *array.Int8:
		return x.Value(i) == x.Value(j)
	case *array.Int16:
		return x.Value(i) == x.Value(j)
	case *array.Int32:
		return x.Value(i) == x.Value(j)
	case *array.Int64:
		return x.Value(i) == x.Value(j)
	case *array.Float32:
		return x.Value(i) == x.Value(j) || (x.Value(i) != x.Value(i) && x.Value(j) != x.Value(j))
	case *array.Float64:
		return x.Value(i) == x.Value(j) || (x.Value(i) != x.Value(i) && x.Value(j) != x.Value(j))
	case *array.String:
		return x.Value(i) == x.Value(j)
	case *array.Binary:
		return bytes.Equal(x.Value(i), x.Value(j))
	case *array.Boolean:
		return x.Value(i) == x.Value(j)
	case *array.Date32:
		return x.Value(i) == x.Value(j)
	case *array.Timestamp:
		return x.Value(i) == x.Value(j)
	case *array.Decimal128:
		return x.Value(i) == x.Value(j)
	}
	return a.ValueStr(i) == a.ValueStr(j)
}

func sameAll(cols []arrow.Array, i, j int) bool {
	for _, c := range cols {
		if !sameRow(c, i, j) {
			return false
		}
	}
	return true
}

func (w *window) compute(ctx context.Context) error {
	all, err := drainAll(ctx, w.tc.Mem, w.in)
	if err != nil {
		return err
	}
	defer all.Release()
	n := int(all.NumRows())
	if n == 0 {
		return nil
	}
	pcols, err := evalAll(w.part, all)
	if err != nil {
		return err
	}
	defer releaseAll(pcols)
	ocols, err := evalAll(w.order, all)
	if err != nil {
		return err
	}
	defer releaseAll(ocols)
	// partStart[i]/partEnd[i] and peerStart[i]/peerEnd[i] bound row i's partition and
	// peer group (end exclusive).
	partStart, partEnd := make([]int, n), make([]int, n)
	peerStart, peerEnd := make([]int, n), make([]int, n)
	for i := 0; i < n; i++ {
		switch {
		case i == 0 || !sameAll(pcols, i, i-1):
			partStart[i], peerStart[i] = i, i
		case !sameAll(ocols, i, i-1):
			partStart[i], peerStart[i] = partStart[i-1], i
		default:
			partStart[i], peerStart[i] = partStart[i-1], peerStart[i-1]
		}
	}
	for i := n - 1; i >= 0; i-- {
		switch {
		case i == n-1 || partStart[i+1] != partStart[i]:
			partEnd[i], peerEnd[i] = i+1, i+1
		case peerStart[i+1] != peerStart[i]:
			partEnd[i], peerEnd[i] = partEnd[i+1], i+1
		default:
			partEnd[i], peerEnd[i] = partEnd[i+1], peerEnd[i+1]
		}
	}
	cols := make([]arrow.Array, 0, int(all.NumCols())+len(w.o.Calls))
	for c := 0; c < int(all.NumCols()); c++ {
		col := all.Column(c)
		col.Retain()
		cols = append(cols, col)
	}
	defer func() { releaseAll(cols) }()
	bounds := frameRows{partStart, partEnd, peerStart, peerEnd}
	for _, c := range w.o.Calls {
		var col arrow.Array
		switch f := c.Func.(type) {
		case *plan.WindowFunc:
			col, err = w.rankOrOffset(f, all, bounds)
		case *plan.AggregateCall:
			col, err = w.aggregate(f, c.Frame, all, bounds)
		default:
			err = fmt.Errorf("%w: window call %T", ErrUnsupported, c.Func)
		}
		if err != nil {
			return err
		}
		cols = append(cols, col)
	}
	out := array.NewRecordBatch(arrow.NewSchema(schemaFieldsLike(w.schema, cols), nil), cols, int64(n))
	adopted, err := adopt(out, w.schema)
	if err != nil {
		out.Release()
		return err
	}
	size := int64(batchSize(w.tc))
	for start := int64(0); start < int64(n); start += size {
		w.out = append(w.out, adopted.NewSlice(start, min(start+size, int64(n))))
	}
	adopted.Release()
	return nil
}

type frameRows struct {
	partStart, partEnd, peerStart, peerEnd []int
}

func (w *window) rankOrOffset(f *plan.WindowFunc, all arrow.RecordBatch, fr frameRows) (arrow.Array, error) {
	n := len(fr.partStart)
	mem := w.tc.Mem
	switch f.Name {
	case "row_number", "rank", "dense_rank", "ntile":
		b := array.NewInt32Builder(mem)
		defer b.Release()
		dense := 0
		buckets := int64(1)
		if f.Name == "ntile" {
			if len(f.Args) != 1 {
				return nil, fmt.Errorf("%w: ntile needs one argument", ErrUnsupported)
			}
			l, ok := f.Args[0].(*plan.Literal)
			if !ok {
				return nil, fmt.Errorf("%w: ntile of a non-literal", ErrUnsupported)
			}
			switch v := l.Value.(type) {
			case int32:
				buckets = int64(v)
			case int64:
				buckets = v
			}
		}
		for i := 0; i < n; i++ {
			if i == fr.partStart[i] {
				dense = 0
			}
			if i == fr.peerStart[i] {
				dense++
			}
			switch f.Name {
			case "row_number":
				b.Append(int32(i - fr.partStart[i] + 1))
			case "rank":
				b.Append(int32(fr.peerStart[i] - fr.partStart[i] + 1))
			case "dense_rank":
				b.Append(int32(dense))
			case "ntile":
				size := int64(fr.partEnd[i] - fr.partStart[i])
				idx := int64(i - fr.partStart[i])
				per, extra := size/buckets, size%buckets
				// The first `extra` buckets hold per+1 rows.
				var bucket int64
				if idx < extra*(per+1) {
					bucket = idx / (per + 1)
				} else {
					bucket = extra + (idx-extra*(per+1))/max(per, 1)
				}
				b.Append(int32(bucket + 1))
			}
		}
		return b.NewArray(), nil
	case "percent_rank", "cume_dist":
		b := array.NewFloat64Builder(mem)
		defer b.Release()
		for i := 0; i < n; i++ {
			size := float64(fr.partEnd[i] - fr.partStart[i])
			if f.Name == "cume_dist" {
				b.Append(float64(fr.peerEnd[i]-fr.partStart[i]) / size)
				continue
			}
			if size <= 1 {
				b.Append(0)
			} else {
				b.Append(float64(fr.peerStart[i]-fr.partStart[i]) / (size - 1))
			}
		}
		return b.NewArray(), nil
	case "lag", "lead":
		input, err := Compile(w.tc, f.Args[0], all.Schema())
		if err != nil {
			return nil, err
		}
		col, err := input.Eval(all)
		if err != nil {
			return nil, err
		}
		defer col.Release()
		offset := int64(1)
		if len(f.Args) > 1 {
			l, ok := f.Args[1].(*plan.Literal)
			if !ok {
				return nil, fmt.Errorf("%w: %s with a non-literal offset", ErrUnsupported, f.Name)
			}
			switch v := l.Value.(type) {
			case int32:
				offset = int64(v)
			case int64:
				offset = v
			}
		}
		if f.Name == "lag" {
			offset = -offset
		}
		src := col
		var dflt arrow.Array
		if len(f.Args) > 2 {
			if l, ok := f.Args[2].(*plan.Literal); !ok || l.Value != nil {
				d, err := Compile(w.tc, &plan.Cast{Child: f.Args[2], To: f.Type, Mode: plan.EvalLegacy}, all.Schema())
				if err != nil {
					return nil, err
				}
				if dflt, err = d.Eval(all); err != nil {
					return nil, err
				}
				defer dflt.Release()
				joined, err := array.Concatenate([]arrow.Array{col, dflt}, mem)
				if err != nil {
					return nil, err
				}
				defer joined.Release()
				src = joined
			}
		}
		idx := make([]int32, n)
		for i := 0; i < n; i++ {
			j := int64(i) + offset
			switch {
			case j >= int64(fr.partStart[i]) && j < int64(fr.partEnd[i]):
				idx[i] = int32(j)
			case dflt != nil:
				idx[i] = int32(n + i)
			default:
				idx[i] = -1
			}
		}
		return takeOrNull(mem, src, idx)
	}
	return nil, fmt.Errorf("%w: window function %s", ErrUnsupported, f.Name)
}

// aggregate evaluates an aggregate over a frame: the whole partition, or a running frame
// from the partition start to the current row (ROWS) or its last peer (RANGE).
func (w *window) aggregate(f *plan.AggregateCall, frame plan.WindowFrame, all arrow.RecordBatch, fr frameRows) (arrow.Array, error) {
	n := len(fr.partStart)
	fn, ok := w.tc.Functions.Aggregate(f.Name)
	if !ok {
		return nil, fmt.Errorf("%w: aggregate %s", ErrUnsupported, f.Name)
	}
	argTypes := make([]types.DataType, len(f.Args))
	for i, a := range f.Args {
		argTypes[i] = plan.TypeOf(a)
	}
	ec := evalContext(w.tc)
	bound, err := fn.Bind(argTypes, f.Distinct, ec.ANSI)
	if err != nil {
		return nil, err
	}
	evs, err := CompileAll(w.tc, f.Args, all.Schema())
	if err != nil {
		return nil, err
	}
	args, err := evalAll(evs, all)
	if err != nil {
		return nil, err
	}
	defer releaseAll(args)
	whole := frame.Lower.Kind == plan.UnboundedBound && frame.Upper.Kind == plan.UnboundedBound
	running := frame.Lower.Kind == plan.UnboundedBound && frame.Upper.Kind == plan.CurrentRowBound
	if !whole && !running {
		lo, hi, err := w.frameBounds(frame, all, fr)
		if err != nil {
			return nil, err
		}
		return w.slidingAggregate(bound, ec, args, lo, hi)
	}
	// step[i] is where the frame of row i ends (exclusive).
	stepEnd := func(i int) int {
		switch {
		case whole:
			return fr.partEnd[i]
		case frame.Rows:
			return i + 1
		}
		return fr.peerEnd[i]
	}
	var results []arrow.Array
	defer func() { releaseAll(results) }()
	idx := make([]int32, n)
	for start := 0; start < n; start = fr.partEnd[start] {
		acc := bound.New(ec)
		fed := start
		for i := start; i < fr.partEnd[start]; {
			end := stepEnd(i)
			if end > fed {
				sl := make([]arrow.Array, len(args))
				for k, a := range args {
					sl[k] = array.NewSlice(a, int64(fed), int64(end))
				}
				groups := make([]uint32, end-fed)
				err := acc.Update(ec, sl, groups, 1)
				releaseAll(sl)
				if err != nil {
					acc.Release()
					return nil, err
				}
				fed = end
			}
			res, err := acc.Final(ec)
			if err != nil {
				acc.Release()
				return nil, err
			}
			results = append(results, res)
			// Every row up to end shares this frame result.
			for ; i < end && i < fr.partEnd[start]; i++ {
				idx[i] = int32(len(results) - 1)
			}
		}
		acc.Release()
	}
	joined, err := array.Concatenate(results, w.tc.Mem)
	if err != nil {
		return nil, err
	}
	defer joined.Release()
	return take(w.tc.Mem, joined, idx)
}

// frameBounds returns, for every row, the first and the past-the-end row of its frame
// (clamped to the partition; lo >= hi is an empty frame).
func (w *window) frameBounds(frame plan.WindowFrame, all arrow.RecordBatch, fr frameRows) (lo, hi []int, err error) {
	n := len(fr.partStart)
	lo, hi = make([]int, n), make([]int, n)
	if frame.Rows {
		for i := 0; i < n; i++ {
			ps, pe := fr.partStart[i], fr.partEnd[i]
			switch frame.Lower.Kind {
			case plan.UnboundedBound:
				lo[i] = ps
			case plan.CurrentRowBound:
				lo[i] = i
			default:
				lo[i] = min(max(i+int(frame.Lower.Offset), ps), pe)
			}
			switch frame.Upper.Kind {
			case plan.UnboundedBound:
				hi[i] = pe
			case plan.CurrentRowBound:
				hi[i] = i + 1
			default:
				hi[i] = min(max(i+int(frame.Upper.Offset)+1, ps), pe)
			}
		}
		return lo, hi, nil
	}
	// RANGE frames with offsets compare the single order key's values.
	offsets := frame.Lower.Kind == plan.OffsetBound || frame.Upper.Kind == plan.OffsetBound
	var key func(i int) (float64, bool)
	desc := false
	if offsets {
		if len(w.order) != 1 {
			return nil, nil, sqlerr.Unsupported("RANGE window frames with offsets over several order keys")
		}
		cols, err := evalAll(w.order, all)
		if err != nil {
			return nil, nil, err
		}
		defer releaseAll(cols)
		if key, err = numericKey(cols[0]); err != nil {
			return nil, nil, err
		}
		desc = w.o.Order[0].Descending
	}
	// within reports whether row j's key lies within offset d of row i's, in the
	// direction of the order.
	dist := func(i, j int) (float64, bool) {
		vi, okI := key(i)
		vj, okJ := key(j)
		if !okI || !okJ {
			return 0, false
		}
		if desc {
			return vi - vj, true
		}
		return vj - vi, true
	}
	for i := 0; i < n; i++ {
		ps, pe := fr.partStart[i], fr.partEnd[i]
		notNull := true
		if offsets {
			_, notNull = key(i)
		}
		switch {
		case frame.Lower.Kind == plan.UnboundedBound:
			lo[i] = ps
		case frame.Lower.Kind == plan.CurrentRowBound || !notNull:
			lo[i] = fr.peerStart[i]
		default:
			j := ps
			for j < pe {
				if d, ok := dist(i, j); ok && d >= float64(frame.Lower.Offset) {
					break
				}
				j++
			}
			lo[i] = j
		}
		switch {
		case frame.Upper.Kind == plan.UnboundedBound:
			hi[i] = pe
		case frame.Upper.Kind == plan.CurrentRowBound || !notNull:
			hi[i] = fr.peerEnd[i]
		default:
			j := pe
			for j > ps {
				if d, ok := dist(i, j-1); ok && d <= float64(frame.Upper.Offset) {
					break
				}
				j--
			}
			hi[i] = j
		}
	}
	return lo, hi, nil
}

// numericKey reads a numeric or date/time order column as float64 (ok false for NULL).
func numericKey(a arrow.Array) (func(i int) (float64, bool), error) {
	get := func(f func(i int) float64) func(i int) (float64, bool) {
		return func(i int) (float64, bool) {
			if a.IsNull(i) {
				return 0, false
			}
			return f(i), true
		}
	}
	switch c := a.(type) {
	case *array.Int8:
		return get(func(i int) float64 { return float64(c.Value(i)) }), nil
	case *array.Int16:
		return get(func(i int) float64 { return float64(c.Value(i)) }), nil
	case *array.Int32:
		return get(func(i int) float64 { return float64(c.Value(i)) }), nil
	case *array.Int64:
		return get(func(i int) float64 { return float64(c.Value(i)) }), nil
	case *array.Float32:
		return get(func(i int) float64 { return float64(c.Value(i)) }), nil
	case *array.Float64:
		return get(func(i int) float64 { return c.Value(i) }), nil
	case *array.Date32:
		return get(func(i int) float64 { return float64(c.Value(i)) }), nil
	}
	return nil, sqlerr.Unsupported("RANGE window frames with offsets over " + a.DataType().String() + " order keys")
}

// slidingAggregate evaluates an aggregate over arbitrary per-row frames [lo, hi): the
// frame rows of all output rows are gathered into one input in which row i's frame is
// group i, so one Update and one Final compute every result.
func (w *window) slidingAggregate(bound *function.BoundAgg, ec *function.EvalContext, args []arrow.Array, lo, hi []int) (arrow.Array, error) {
	n := len(lo)
	var idx []int32
	var groups []uint32
	for i := 0; i < n; i++ {
		for j := lo[i]; j < hi[i]; j++ {
			idx = append(idx, int32(j))
			groups = append(groups, uint32(i))
		}
	}
	gathered := make([]arrow.Array, len(args))
	defer func() { releaseAll(gathered) }()
	for k, a := range args {
		g, err := take(w.tc.Mem, a, idx)
		if err != nil {
			return nil, err
		}
		gathered[k] = g
	}
	acc := bound.New(ec)
	defer acc.Release()
	if err := acc.Update(ec, gathered, groups, n); err != nil {
		return nil, err
	}
	return acc.Final(ec)
}

func (w *window) Close() error {
	for _, b := range w.out {
		b.Release()
	}
	w.out = nil
	return w.in.Close()
}
