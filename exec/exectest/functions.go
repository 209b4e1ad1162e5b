package exectest

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/sql/types"
)

// Functions returns a tiny registry of test doubles with typed, vectorized kernels, so
// exec's tests and benchmarks do not depend on the real built-ins:
//
//   - int/bigint (int with bigint widens to bigint), wrapping on overflow
//     >, =   int, bigint, double or string → boolean
//     count  count(*) with no arguments, else non-NULL rows of its argument
//     sum    bigint (int arguments are cast to bigint); NULL without non-NULL rows
//     fail   one argument; always fails (for error paths)
func Functions() *function.Registry {
	r := function.NewRegistry()
	r.AddScalar(&function.ScalarFunc{Name: "+", Infix: "+", Bind: bindPlus})
	r.AddScalar(&function.ScalarFunc{Name: ">", Infix: ">", Bind: bindCompare(func(c int) bool { return c > 0 })})
	r.AddScalar(&function.ScalarFunc{Name: "=", Infix: "=", Bind: bindCompare(func(c int) bool { return c == 0 })})
	r.AddScalar(&function.ScalarFunc{Name: "fail", Bind: func(args []types.DataType, _ bool) (*function.Bound, error) {
		return &function.Bound{ArgTypes: args, Result: types.Boolean, Kernel: func(*function.EvalContext, []function.Datum, int) (arrow.Array, error) {
			return nil, ErrFail
		}}, nil
	}})
	r.AddAggregate(&function.AggregateFunc{Name: "count", Bind: func(args []types.DataType, _, _ bool) (*function.BoundAgg, error) {
		return &function.BoundAgg{ArgTypes: args, Result: types.Long, StateTypes: []types.DataType{types.Long},
			New: func(*function.EvalContext) function.Accumulator { return &countAcc{} }}, nil
	}})
	r.AddAggregate(&function.AggregateFunc{Name: "sum", Bind: func(args []types.DataType, _, _ bool) (*function.BoundAgg, error) {
		if len(args) != 1 || !types.IsIntegral(args[0]) {
			return nil, fmt.Errorf("exectest: sum of %v", args)
		}
		return &function.BoundAgg{ArgTypes: []types.DataType{types.Long}, Result: types.Long, Nullable: true,
			StateTypes: []types.DataType{types.Long},
			New:        func(*function.EvalContext) function.Accumulator { return &sumAcc{} }}, nil
	}})
	return r
}

// ErrFail is the error of the "fail" test function.
var ErrFail = fmt.Errorf("exectest: fail() called")

func bindPlus(args []types.DataType, _ bool) (*function.Bound, error) {
	if len(args) != 2 || !types.IsIntegral(args[0]) || !types.IsIntegral(args[1]) {
		return nil, fmt.Errorf("exectest: + of %v", args)
	}
	t := types.Integer
	if args[0] == types.Long || args[1] == types.Long {
		t = types.Long
	}
	b := &function.Bound{ArgTypes: []types.DataType{t, t}, Result: t, NullIntolerant: true}
	if t == types.Long {
		b.Kernel = plusKernel[int64](arrow.PrimitiveTypes.Int64)
	} else {
		b.Kernel = plusKernel[int32](arrow.PrimitiveTypes.Int32)
	}
	return b, nil
}

// operand is one argument of a binary kernel: a column or a constant.
type operand[T any] struct {
	vals   []T
	scalar T
	isScal bool
	null   bool // constant NULL
	arr    arrow.Array
}

func (o *operand[T]) at(i int) T {
	if o.isScal {
		return o.scalar
	}
	return o.vals[i]
}

func makeOperand[T int32 | int64 | float64](d function.Datum) operand[T] {
	if d.Scalar != nil {
		if d.Scalar.Value == nil {
			return operand[T]{isScal: true, null: true}
		}
		var v T
		switch x := d.Scalar.Value.(type) {
		case int32:
			v = T(x)
		case int64:
			v = T(x)
		case float64:
			v = T(x)
		}
		return operand[T]{isScal: true, scalar: v}
	}
	var vals []T
	switch a := d.Array.(type) {
	case *array.Int32:
		vals = any(a.Int32Values()).([]T)
	case *array.Int64:
		vals = any(a.Int64Values()).([]T)
	case *array.Float64:
		vals = any(a.Float64Values()).([]T)
	}
	return operand[T]{vals: vals, arr: d.Array}
}

// validity combines the validity of two operands into a new bitmap (nil: no NULLs).
func validity(mem memory.Allocator, a, b arrow.Array, aNull, bNull bool, n int) (*memory.Buffer, int) {
	if aNull || bNull {
		buf := memory.NewResizableBuffer(mem)
		buf.Resize(int(bitutil.BytesForBits(int64(n))))
		clear(buf.Bytes())
		return buf, n
	}
	hasA := a != nil && a.NullN() > 0
	hasB := b != nil && b.NullN() > 0
	switch {
	case hasA && hasB:
		buf := bitutil.BitmapAndAlloc(mem, a.NullBitmapBytes(), b.NullBitmapBytes(), int64(a.Data().Offset()), int64(b.Data().Offset()), int64(n), 0)
		return buf, n - bitutil.CountSetBits(buf.Bytes(), 0, n)
	case hasA || hasB:
		x := a
		if !hasA {
			x = b
		}
		buf := memory.NewResizableBuffer(mem)
		buf.Resize(int(bitutil.BytesForBits(int64(n))))
		bitutil.CopyBitmap(x.NullBitmapBytes(), x.Data().Offset(), n, buf.Bytes(), 0)
		return buf, x.NullN()
	}
	return nil, 0
}

func plusKernel[T int32 | int64](at arrow.DataType) function.Kernel {
	return func(ec *function.EvalContext, args []function.Datum, n int) (arrow.Array, error) {
		x, y := makeOperand[T](args[0]), makeOperand[T](args[1])
		valid, nulls := validity(ec.Mem, x.arr, y.arr, x.null, y.null, n)
		buf := memory.NewResizableBuffer(ec.Mem)
		var zero T
		switch any(zero).(type) {
		case int32:
			buf.Resize(4 * n)
		default:
			buf.Resize(8 * n)
		}
		out := arrow.GetData[T](buf.Bytes())[:n]
		switch {
		case !x.isScal && !y.isScal:
			xs, ys := x.vals[:n], y.vals[:n]
			for i := range out {
				out[i] = xs[i] + ys[i]
			}
		case x.isScal && !y.isScal:
			xs, ys := x.scalar, y.vals[:n]
			for i := range out {
				out[i] = xs + ys[i]
			}
		case !x.isScal && y.isScal:
			xs, ys := x.vals[:n], y.scalar
			for i := range out {
				out[i] = xs[i] + ys
			}
		default:
			for i := range out {
				out[i] = x.scalar + y.scalar
			}
		}
		return newArray(at, n, valid, buf, nulls), nil
	}
}

func newArray(at arrow.DataType, n int, valid, vals *memory.Buffer, nulls int) arrow.Array {
	d := array.NewData(at, n, []*memory.Buffer{valid, vals}, nil, nulls, 0)
	if valid != nil {
		valid.Release()
	}
	vals.Release()
	a := array.MakeFromData(d)
	d.Release()
	return a
}

func bindCompare(ok func(int) bool) func([]types.DataType, bool) (*function.Bound, error) {
	return func(args []types.DataType, _ bool) (*function.Bound, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("exectest: comparison of %v", args)
		}
		t := args[0]
		if types.IsIntegral(args[0]) && types.IsIntegral(args[1]) && args[0] != args[1] {
			t = types.Long
		}
		b := &function.Bound{ArgTypes: []types.DataType{t, t}, Result: types.Boolean, NullIntolerant: true}
		switch t {
		case types.Integer:
			b.Kernel = compareKernel[int32](ok)
		case types.Long:
			b.Kernel = compareKernel[int64](ok)
		case types.Double:
			b.Kernel = compareKernel[float64](ok)
		case types.String:
			b.Kernel = compareStrings(ok)
		default:
			return nil, fmt.Errorf("exectest: comparison of %v", args)
		}
		return b, nil
	}
}

func compareKernel[T int32 | int64 | float64](ok func(int) bool) function.Kernel {
	return func(ec *function.EvalContext, args []function.Datum, n int) (arrow.Array, error) {
		x, y := makeOperand[T](args[0]), makeOperand[T](args[1])
		valid, nulls := validity(ec.Mem, x.arr, y.arr, x.null, y.null, n)
		buf := memory.NewResizableBuffer(ec.Mem)
		buf.Resize(int(bitutil.BytesForBits(int64(n))))
		out := buf.Bytes()
		clear(out)
		if !x.isScal && y.isScal { // the common column-op-constant case
			xs, c := x.vals[:n], y.scalar
			for i, v := range xs {
				r := 0
				if v < c {
					r = -1
				} else if v > c {
					r = 1
				}
				if ok(r) {
					out[i>>3] |= 1 << (i & 7)
				}
			}
			return newArray(arrow.FixedWidthTypes.Boolean, n, valid, buf, nulls), nil
		}
		for i := 0; i < n; i++ {
			a, b := x.at(i), y.at(i)
			c := 0
			if a < b {
				c = -1
			} else if a > b {
				c = 1
			}
			if ok(c) {
				bitutil.SetBit(out, i)
			}
		}
		return newArray(arrow.FixedWidthTypes.Boolean, n, valid, buf, nulls), nil
	}
}

func compareStrings(ok func(int) bool) function.Kernel {
	return func(ec *function.EvalContext, args []function.Datum, n int) (arrow.Array, error) {
		get := func(d function.Datum) (func(int) string, arrow.Array, bool) {
			if d.Scalar != nil {
				if d.Scalar.Value == nil {
					return nil, nil, true
				}
				s := d.Scalar.Value.(string)
				return func(int) string { return s }, nil, false
			}
			a := d.Array.(*array.String)
			return a.Value, a, false
		}
		xf, xa, xn := get(args[0])
		yf, ya, yn := get(args[1])
		valid, nulls := validity(ec.Mem, xa, ya, xn, yn, n)
		buf := memory.NewResizableBuffer(ec.Mem)
		buf.Resize(int(bitutil.BytesForBits(int64(n))))
		out := buf.Bytes()
		clear(out)
		if !xn && !yn {
			for i := 0; i < n; i++ {
				a, b := xf(i), yf(i)
				c := 0
				if a < b {
					c = -1
				} else if a > b {
					c = 1
				}
				if ok(c) {
					bitutil.SetBit(out, i)
				}
			}
		}
		return newArray(arrow.FixedWidthTypes.Boolean, n, valid, buf, nulls), nil
	}
}

type countAcc struct{ n []int64 }

func growTo[T any](s []T, n int) []T {
	if len(s) >= n {
		return s
	}
	return append(s, make([]T, n-len(s))...)
}

func (c *countAcc) Update(_ *function.EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	c.n = growTo(c.n, numGroups)
	if len(args) == 0 || args[0].NullN() == 0 {
		for _, g := range groups {
			c.n[g]++
		}
		return nil
	}
	for i, g := range groups {
		if args[0].IsValid(i) {
			c.n[g]++
		}
	}
	return nil
}

func (c *countAcc) Merge(_ *function.EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	c.n = growTo(c.n, numGroups)
	vs := states[0].(*array.Int64).Int64Values()
	for i, g := range groups {
		c.n[g] += vs[i]
	}
	return nil
}

func (c *countAcc) State(ec *function.EvalContext) ([]arrow.Array, error) {
	a, err := c.Final(ec)
	return []arrow.Array{a}, err
}

func (c *countAcc) Final(ec *function.EvalContext) (arrow.Array, error) {
	b := array.NewInt64Builder(ec.Mem)
	defer b.Release()
	b.AppendValues(c.n, nil)
	return b.NewArray(), nil
}

func (c *countAcc) Release() { c.n = nil }

type sumAcc struct {
	sum  []int64
	seen []bool
}

func (s *sumAcc) fold(a arrow.Array, groups []uint32, numGroups int) {
	s.sum, s.seen = growTo(s.sum, numGroups), growTo(s.seen, numGroups)
	ia := a.(*array.Int64)
	vs := ia.Int64Values()
	if ia.NullN() == 0 {
		for i, g := range groups {
			s.sum[g] += vs[i]
			s.seen[g] = true
		}
		return
	}
	for i, g := range groups {
		if ia.IsValid(i) {
			s.sum[g] += vs[i]
			s.seen[g] = true
		}
	}
}

func (s *sumAcc) Update(_ *function.EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	s.fold(args[0], groups, numGroups)
	return nil
}

func (s *sumAcc) Merge(_ *function.EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	s.fold(states[0], groups, numGroups)
	return nil
}

func (s *sumAcc) State(ec *function.EvalContext) ([]arrow.Array, error) {
	a, err := s.Final(ec)
	return []arrow.Array{a}, err
}

func (s *sumAcc) Final(ec *function.EvalContext) (arrow.Array, error) {
	b := array.NewInt64Builder(ec.Mem)
	defer b.Release()
	b.AppendValues(s.sum, s.seen)
	return b.NewArray(), nil
}

func (s *sumAcc) Release() { s.sum, s.seen = nil, nil }
