package exec

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
)

// Evaluator is a bound expression compiled for one task: a tree of closures over the
// kernels of its functions, built once and run on every batch. It is not safe for
// concurrent use.
type Evaluator interface {
	// Type returns the Spark type of the result.
	Type() types.DataType
	// ArrowType returns the Arrow type of the result columns.
	ArrowType() arrow.DataType
	// Eval computes the expression over every row of batch and returns a column of
	// batch.NumRows() rows that the caller owns.
	Eval(batch arrow.RecordBatch) (arrow.Array, error)
	// EvalDatum is Eval for callers that accept constants: a constant expression comes
	// back as a Scalar instead of a materialised column. An Array result is owned by the
	// caller.
	EvalDatum(batch arrow.RecordBatch) (function.Datum, error)
}

// evalFn computes an expression over a batch. A returned Array is owned by the caller; a
// Scalar is shared and immutable.
type evalFn func(b arrow.RecordBatch) (function.Datum, error)

type evaluator struct {
	fn  evalFn
	typ types.DataType
	at  arrow.DataType
	ec  *function.EvalContext
}

func (e *evaluator) Type() types.DataType      { return e.typ }
func (e *evaluator) ArrowType() arrow.DataType { return e.at }

func (e *evaluator) EvalDatum(b arrow.RecordBatch) (function.Datum, error) { return e.fn(b) }

func (e *evaluator) Eval(b arrow.RecordBatch) (arrow.Array, error) {
	d, err := e.fn(b)
	if err != nil {
		return nil, err
	}
	if d.Array != nil {
		return conform(d.Array, e.at)
	}
	return materialize(e.ec.Mem, d.Scalar, e.at, int(b.NumRows()))
}

// evalContext returns the kernels' context of a task: tc.Eval with tc.Mem as allocator.
func evalContext(tc *TaskContext) *function.EvalContext {
	if tc.Eval != nil && tc.Eval.Mem == tc.Mem {
		return tc.Eval
	}
	ec := &function.EvalContext{Mem: tc.Mem, TimeZone: timeZone(tc)}
	if tc.Eval != nil {
		ec.ANSI = tc.Eval.ANSI
	}
	return ec
}

// timeZone is the session time zone of the task, used for Arrow timestamp types.
func timeZone(tc *TaskContext) string {
	if tc.Eval != nil && tc.Eval.TimeZone != "" {
		return tc.Eval.TimeZone
	}
	return "UTC"
}

// Compile compiles a bound expression over batches of the given input schema. Column
// references are plan.BoundRef to input columns; functions are bound through
// tc.Functions once here, and casts through the cast kernels.
//
// Every argument is evaluated before a function runs. Conditional functions (CASE WHEN,
// IF, COALESCE, AND/OR) therefore evaluate all branches on all rows; a lazy form that
// evaluates a branch only on the rows that take it, which ANSI errors in untaken
// branches need, is still to come.
func Compile(tc *TaskContext, expr plan.Expr, input *arrow.Schema) (Evaluator, error) {
	c := &compiler{tc: tc, ec: evalContext(tc), input: input, tz: timeZone(tc)}
	fn, t, err := c.compile(expr)
	if err != nil {
		return nil, err
	}
	return &evaluator{fn: fn, typ: t, at: types.ToArrow(t, c.tz), ec: c.ec}, nil
}

// CompileAll compiles a list of expressions over the same input.
func CompileAll(tc *TaskContext, exprs []plan.Expr, input *arrow.Schema) ([]Evaluator, error) {
	out := make([]Evaluator, len(exprs))
	for i, e := range exprs {
		ev, err := Compile(tc, e, input)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

type compiler struct {
	tc    *TaskContext
	ec    *function.EvalContext
	input *arrow.Schema
	tz    string
}

func (c *compiler) compile(e plan.Expr) (evalFn, types.DataType, error) {
	switch e := e.(type) {
	case *plan.Alias:
		return c.compile(e.Child)
	case *plan.BoundRef:
		return c.boundRef(e)
	case *plan.Literal:
		s := &function.Scalar{Type: e.Type, Value: e.Value}
		return func(arrow.RecordBatch) (function.Datum, error) {
			return function.Datum{Scalar: s}, nil
		}, e.Type, nil
	case *plan.Cast:
		child, from, err := c.compile(e.Child)
		if err != nil {
			return nil, nil, err
		}
		fn, err := c.cast(child, from, e.To, castModeOf(e.Mode, c.ec.ANSI))
		return fn, e.To, err
	case *plan.Call:
		return c.call(e)
	}
	return nil, nil, fmt.Errorf("%w: expression %T in an executable plan", ErrUnsupported, e)
}

func (c *compiler) boundRef(e *plan.BoundRef) (evalFn, types.DataType, error) {
	if c.input == nil || e.Index < 0 || e.Index >= c.input.NumFields() {
		return nil, nil, fmt.Errorf("exec: column reference %d (%s) out of range of the input", e.Index, e.Name)
	}
	want := types.ToArrow(e.Type, c.tz)
	if got := c.input.Field(e.Index).Type; !sameLayout(got, want) {
		return nil, nil, fmt.Errorf("exec: column %d (%s) is %s in the input but bound as %s", e.Index, e.Name, got, e.Type)
	}
	i := e.Index
	return func(b arrow.RecordBatch) (function.Datum, error) {
		col := b.Column(i)
		col.Retain()
		return function.Datum{Array: col}, nil
	}, e.Type, nil
}

func (c *compiler) cast(child evalFn, from, to types.DataType, mode function.CastMode) (evalFn, error) {
	if types.Equal(from, to) {
		return child, nil
	}
	k, err := function.Cast(from, to, mode, c.tz)
	if err != nil {
		return nil, err
	}
	return c.apply(k, []evalFn{child}), nil
}

func (c *compiler) call(e *plan.Call) (evalFn, types.DataType, error) {
	if c.tc.Functions == nil {
		return nil, nil, fmt.Errorf("exec: no function registry for %s", e.Name)
	}
	f, ok := c.tc.Functions.Scalar(e.Name)
	if !ok {
		return nil, nil, fmt.Errorf("exec: unknown function %q", e.Name)
	}
	args := make([]evalFn, len(e.Args))
	argTypes := make([]types.DataType, len(e.Args))
	for i, a := range e.Args {
		fn, t, err := c.compile(a)
		if err != nil {
			return nil, nil, err
		}
		args[i], argTypes[i] = fn, t
	}
	ansi := c.ec.ANSI
	switch e.Mode {
	case plan.EvalANSI:
		ansi = true
	case plan.EvalLegacy, plan.EvalTry:
		ansi = false
	}
	bound, err := f.Bind(argTypes, ansi)
	if err != nil {
		return nil, nil, err
	}
	// Implicit coercions the function asks for.
	for i, want := range bound.ArgTypes {
		if i < len(args) && want != nil && !types.Equal(want, argTypes[i]) {
			fn, err := c.cast(args[i], argTypes[i], want, castModeOf(e.Mode, c.ec.ANSI))
			if err != nil {
				return nil, nil, err
			}
			args[i] = fn
		}
	}
	t := e.Type
	if t == nil {
		t = bound.Result
	}
	return c.apply(bound.Kernel, args), t, nil
}

// apply calls kernel k on the values of args.
func (c *compiler) apply(k function.Kernel, args []evalFn) evalFn {
	ec := c.ec
	ds := make([]function.Datum, len(args))
	return func(b arrow.RecordBatch) (function.Datum, error) {
		// Deferred so that a panicking kernel does not leak its arguments either.
		defer func() {
			for _, d := range ds {
				releaseDatum(d)
			}
			clear(ds)
		}()
		for i, a := range args {
			d, err := a(b)
			if err != nil {
				return function.Datum{}, err
			}
			ds[i] = d
		}
		out, err := k(ec, ds, int(b.NumRows()))
		if err != nil {
			return function.Datum{}, err
		}
		return function.Datum{Array: out}, nil
	}
}

// sameLayout reports whether arrays of type got can stand for type want: the same type,
// or the same physical layout differing only in names or time zone metadata.
func sameLayout(got, want arrow.DataType) bool {
	if arrow.TypeEqual(got, want) {
		return true
	}
	if got.ID() != want.ID() {
		return false
	}
	switch g := got.(type) {
	case *arrow.TimestampType:
		return g.Unit == want.(*arrow.TimestampType).Unit
	case arrow.NestedType:
		w := want.(arrow.NestedType)
		gf, wf := g.Fields(), w.Fields()
		if len(gf) != len(wf) {
			return false
		}
		for i := range gf {
			if !sameLayout(gf[i].Type, wf[i].Type) {
				return false
			}
		}
		return true
	}
	return false
}

// conform returns arr typed as want, taking ownership of arr: arr itself when the types
// are equal, a zero-copy relabelling when they differ only in metadata.
func conform(arr arrow.Array, want arrow.DataType) (arrow.Array, error) {
	if arrow.TypeEqual(arr.DataType(), want) {
		return arr, nil
	}
	if !sameLayout(arr.DataType(), want) {
		got := arr.DataType()
		arr.Release()
		return nil, fmt.Errorf("exec: kernel produced %s where %s was expected", got, want)
	}
	out := relabel(arr, want)
	arr.Release()
	return out, nil
}

// relabel returns a new array over the data of arr with type want (same layout).
func relabel(arr arrow.Array, want arrow.DataType) arrow.Array {
	d := arr.Data()
	nd := relabelData(d, want)
	out := arrayFromData(nd)
	nd.Release()
	return out
}

func relabelData(d arrow.ArrayData, want arrow.DataType) arrow.ArrayData {
	var kids []arrow.ArrayData
	if nt, ok := want.(arrow.NestedType); ok {
		fs := nt.Fields()
		for i, c := range d.Children() {
			if i < len(fs) {
				kids = append(kids, relabelData(c, fs[i].Type))
			} else {
				c.Retain()
				kids = append(kids, c)
			}
		}
	}
	nd := array.NewData(want, d.Len(), d.Buffers(), kids, d.NullN(), d.Offset())
	for _, k := range kids {
		k.Release()
	}
	return nd
}

func arrayFromData(d arrow.ArrayData) arrow.Array { return array.MakeFromData(d) }
