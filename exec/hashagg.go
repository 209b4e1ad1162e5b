package exec

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// hashAgg groups its whole input in a hash table and folds rows into the accumulators
// of its aggregate functions, then emits one row per group:
//
//	Partial:  raw rows      → keys, state columns of each aggregate (Accumulator.State)
//	Final:    keys + states → keys, result of each aggregate (Merge, then Final)
//	Complete: raw rows      → keys, result of each aggregate (Update, then Final)
//
// Without grouping keys there is exactly one group, even for empty input, so a global
// aggregate returns one row (count 0, sum NULL) as in Spark.
//
// With a memory limit, a grouped aggregation whose table and accumulators outgrow the
// operator's share spills them: it writes the partial state of every group, with its
// keys, into spill partitions by the hash of the keys, starts over with an empty table,
// and at the end aggregates each partition on its own by merging the states (aggspill.go).
type hashAgg struct {
	in     Operator
	mem    memory.Allocator
	ec     *function.EvalContext
	mode   stage.AggMode
	schema *arrow.Schema
	batch  int

	keys     []Evaluator
	keyTypes []arrow.DataType
	aggs     []*aggregate
	table    groupTable

	groups    []uint32 // per-batch group ids
	sel       []int32  // per-batch FILTER selection
	subGroups []uint32 // groups of the selected rows
	seen      int      // groups the accumulators know about

	consumed bool
	out      arrow.RecordBatch // the result (of a spill partition), emitted in slices
	pos      int64

	budget *memBudget
	spill  *aggSpill // nil without a memory limit or grouping keys
}

// aggregate is one aggregate call bound to its function.
type aggregate struct {
	bound  *function.BoundAgg
	acc    function.Accumulator
	args   []Evaluator // raw-row modes
	filter Evaluator   // raw-row modes; nil without FILTER
	states []int       // Final: input columns holding the partial states
	// argTypes are the Arrow types of args, for empty inputs.
	argTypes []arrow.DataType
}

func newHashAggregate(tc *TaskContext, o *stage.HashAggregate, in Operator) (op Operator, err error) {
	h := &hashAgg{in: in, mem: tc.Mem, ec: evalContext(tc), mode: o.Mode, schema: arrowSchema(tc, o.Out), batch: batchSize(tc)}
	h.budget = newBudget(tc)
	defer func() {
		if err != nil {
			h.releaseState()
			h.budget.close()
		}
	}()
	if h.keys, err = CompileAll(tc, o.Groups, in.Schema()); err != nil {
		return nil, err
	}
	h.keyTypes = make([]arrow.DataType, len(h.keys))
	for i, k := range h.keys {
		h.keyTypes[i] = k.ArrowType()
	}
	if h.table, err = newGroupTable(tc.Mem, h.keyTypes); err != nil {
		return nil, err
	}
	next := len(o.Groups) // Final: first state column
	for _, call := range o.Aggs {
		a, err := h.bindAggregate(tc, call, in.Schema(), &next)
		if err != nil {
			return nil, err
		}
		h.aggs = append(h.aggs, a)
	}
	width := len(o.Groups)
	for _, a := range h.aggs {
		if h.mode == stage.AggPartial {
			width += len(a.bound.StateTypes)
		} else {
			width++
		}
	}
	if width != h.schema.NumFields() {
		return nil, fmt.Errorf("exec: aggregate produces %d columns, its schema has %d", width, h.schema.NumFields())
	}
	if h.budget.limited() && len(h.keys) > 0 {
		h.spill = newAggSpill(tc, h)
	}
	return h, nil
}

func bindAgg(tc *TaskContext, call *plan.AggregateCall) (*function.BoundAgg, error) {
	if tc.Functions == nil {
		return nil, fmt.Errorf("exec: no function registry for %s", call.Name)
	}
	f, ok := tc.Functions.Aggregate(call.Name)
	if !ok {
		return nil, fmt.Errorf("exec: unknown aggregate function %q", call.Name)
	}
	argTypes := make([]types.DataType, len(call.Args))
	for i, a := range call.Args {
		argTypes[i] = plan.TypeOf(a)
	}
	return f.Bind(argTypes, call.Distinct, evalContext(tc).ANSI)
}

func (h *hashAgg) bindAggregate(tc *TaskContext, call *plan.AggregateCall, input *arrow.Schema, next *int) (*aggregate, error) {
	b, err := bindAgg(tc, call)
	if err != nil {
		return nil, err
	}
	a := &aggregate{bound: b}
	if h.mode == stage.AggFinal {
		for range b.StateTypes {
			if *next >= input.NumFields() {
				return nil, fmt.Errorf("exec: final aggregate %s: input has no state column %d", call.Name, *next)
			}
			a.states = append(a.states, *next)
			*next++
		}
	} else {
		for i, arg := range call.Args {
			if i < len(b.ArgTypes) && b.ArgTypes[i] != nil && !types.Equal(b.ArgTypes[i], plan.TypeOf(arg)) {
				arg = &plan.Cast{Child: arg, To: b.ArgTypes[i], Implicit: true}
			}
			ev, err := Compile(tc, arg, input)
			if err != nil {
				return nil, err
			}
			a.args = append(a.args, ev)
			a.argTypes = append(a.argTypes, ev.ArrowType())
		}
		if call.Filter != nil {
			if a.filter, err = Compile(tc, call.Filter, input); err != nil {
				return nil, err
			}
		}
	}
	a.acc = b.New(h.ec)
	return a, nil
}

func (h *hashAgg) Schema() *arrow.Schema { return h.schema }

func (h *hashAgg) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for h.out == nil {
		if err := h.produce(ctx); err != nil {
			if err != io.EOF {
				h.spill.abort()
			}
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := h.out.NumRows()
	if h.pos >= n {
		if !h.spill.spilled() {
			return nil, io.EOF
		}
		// The result of one spill partition is done: on to the next.
		h.out.Release()
		h.out, h.pos = nil, 0
		return h.Next(ctx)
	}
	end := min(h.pos+int64(h.batch), n)
	var b arrow.RecordBatch
	if h.pos == 0 && end == n {
		h.out.Retain()
		b = h.out
	} else {
		b = h.out.NewSlice(h.pos, end)
	}
	h.pos = end
	return b, nil
}

// produce makes the next result: the whole result when nothing was spilled, else the
// result of the next spill partition (or nothing, when that partition spilled again).
// It returns io.EOF when there is nothing left.
func (h *hashAgg) produce(ctx context.Context) error {
	if !h.consumed {
		h.consumed = true
		return h.consume(ctx)
	}
	if h.spill.spilled() {
		return h.spill.aggregateNext(ctx)
	}
	return io.EOF
}

// consume folds the whole input and builds the result batch, or, when it spilled,
// leaves the whole input in spill partitions.
func (h *hashAgg) consume(ctx context.Context) error {
	for {
		b, err := h.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := h.foldAndRelease(b); err != nil {
			return err
		}
		if err := h.spill.check(); err != nil {
			return err
		}
	}
	if h.spill.spilled() {
		return h.spill.flush()
	}
	if err := h.finish(); err != nil {
		return err
	}
	h.budget.set(batchBytes(h.out))
	return nil
}

func (h *hashAgg) foldAndRelease(b arrow.RecordBatch) error {
	defer b.Release()
	return h.fold(b)
}

// fold assigns the rows of b to groups and folds them into the accumulators.
func (h *hashAgg) fold(b arrow.RecordBatch) error {
	n := int(b.NumRows())
	keys := make([]arrow.Array, len(h.keys))
	defer func() { releaseAll(keys) }()
	for i, k := range h.keys {
		col, err := k.Eval(b)
		if err != nil {
			return err
		}
		keys[i] = col
	}
	if cap(h.groups) < n {
		h.groups = make([]uint32, n)
	}
	groups := h.groups[:n]
	if err := h.table.assign(keys, n, groups); err != nil {
		return err
	}
	numGroups := h.table.numGroups()
	h.seen = numGroups
	for _, a := range h.aggs {
		var err error
		if h.mode == stage.AggFinal {
			err = h.merge(a, b, groups, numGroups)
		} else {
			err = h.update(a, b, groups, numGroups)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (h *hashAgg) merge(a *aggregate, b arrow.RecordBatch, groups []uint32, numGroups int) error {
	states := make([]arrow.Array, len(a.states))
	for i, c := range a.states {
		states[i] = b.Column(c)
	}
	return a.acc.Merge(h.ec, states, groups, numGroups)
}

func (h *hashAgg) update(a *aggregate, b arrow.RecordBatch, groups []uint32, numGroups int) error {
	args := make([]arrow.Array, len(a.args))
	defer func() { releaseAll(args) }()
	for i, ev := range a.args {
		col, err := ev.Eval(b)
		if err != nil {
			return err
		}
		args[i] = col
	}
	if a.filter == nil {
		return a.acc.Update(h.ec, args, groups, numGroups)
	}
	mask, err := a.filter.Eval(b)
	if err != nil {
		return err
	}
	h.sel = selectTrue(mask, h.sel[:0])
	mask.Release()
	switch len(h.sel) {
	case len(groups):
		return a.acc.Update(h.ec, args, groups, numGroups)
	case 0:
		// Nothing to fold, but the accumulator still learns about new groups.
		empty := emptyArrays(h.mem, a.argTypes)
		defer releaseAll(empty)
		return a.acc.Update(h.ec, empty, nil, numGroups)
	}
	sub := make([]arrow.Array, len(args))
	defer func() { releaseAll(sub) }()
	for i, c := range args {
		t, err := take(h.mem, c, h.sel)
		if err != nil {
			return err
		}
		sub[i] = t
	}
	h.subGroups = h.subGroups[:0]
	for _, r := range h.sel {
		h.subGroups = append(h.subGroups, groups[r])
	}
	return a.acc.Update(h.ec, sub, h.subGroups, numGroups)
}

func emptyArrays(mem memory.Allocator, ts []arrow.DataType) []arrow.Array {
	out := make([]arrow.Array, len(ts))
	for i, t := range ts {
		out[i] = array.MakeArrayOfNull(mem, t, 0)
	}
	return out
}

// finish builds the result, h.out, and frees the table and the accumulators.
func (h *hashAgg) finish() error {
	out, err := h.result()
	if err != nil {
		return err
	}
	h.out = out
	h.releaseState()
	return nil
}

// result returns the result of the groups in the table: key columns, then the states or
// results of the aggregates.
func (h *hashAgg) result() (arrow.RecordBatch, error) {
	numGroups := h.table.numGroups()
	if h.seen < numGroups {
		// A global aggregate over no rows: tell the accumulators about its one group.
		for _, a := range h.aggs {
			var err error
			if h.mode == stage.AggFinal {
				st := make([]arrow.DataType, len(a.bound.StateTypes))
				for i, t := range a.bound.StateTypes {
					st[i] = types.ToArrow(t, h.ec.TimeZone)
				}
				empty := emptyArrays(h.mem, st)
				err = a.acc.Merge(h.ec, empty, nil, numGroups)
				releaseAll(empty)
			} else {
				empty := emptyArrays(h.mem, a.argTypes)
				err = a.acc.Update(h.ec, empty, nil, numGroups)
				releaseAll(empty)
			}
			if err != nil {
				return nil, err
			}
		}
		h.seen = numGroups
	}
	cols := make([]arrow.Array, 0, h.schema.NumFields())
	defer func() { releaseAll(cols) }()
	if numGroups == 0 {
		for _, f := range h.schema.Fields() {
			cols = append(cols, array.MakeArrayOfNull(h.mem, f.Type, 0))
		}
	} else {
		keys, err := h.table.keys()
		if err != nil {
			return nil, err
		}
		cols = append(cols, keys...)
		for _, a := range h.aggs {
			if h.mode == stage.AggPartial {
				st, err := a.acc.State(h.ec)
				if err != nil {
					return nil, err
				}
				cols = append(cols, st...)
			} else {
				r, err := a.acc.Final(h.ec)
				if err != nil {
					return nil, err
				}
				cols = append(cols, r)
			}
		}
	}
	if len(cols) != h.schema.NumFields() {
		return nil, fmt.Errorf("exec: aggregate produced %d columns, its schema has %d", len(cols), h.schema.NumFields())
	}
	for i, c := range cols {
		if c.Len() != numGroups && numGroups > 0 {
			return nil, fmt.Errorf("exec: aggregate column %d has %d rows for %d groups", i, c.Len(), numGroups)
		}
		conformed, err := conform(c, h.schema.Field(i).Type)
		if err != nil {
			cols[i] = nil
			return nil, err
		}
		cols[i] = conformed
	}
	return array.NewRecordBatch(h.schema, cols, int64(numGroups)), nil
}

// resetState replaces the table and the accumulators with empty ones.
func (h *hashAgg) resetState() error {
	h.releaseState()
	t, err := newGroupTable(h.mem, h.keyTypes)
	if err != nil {
		return err
	}
	h.table = t
	for _, a := range h.aggs {
		a.acc = a.bound.New(h.ec)
	}
	h.seen = 0
	return nil
}

// releaseState frees the table and the accumulators.
func (h *hashAgg) releaseState() {
	if h.table != nil {
		h.table.release()
		h.table = nil
	}
	for _, a := range h.aggs {
		if a.acc != nil {
			a.acc.Release()
			a.acc = nil
		}
	}
}

func (h *hashAgg) Close() error {
	h.spill.abort()
	h.budget.close()
	h.releaseState()
	if h.out != nil {
		h.out.Release()
		h.out = nil
	}
	return h.in.Close()
}
