package function

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// firstAcc keeps, per group, the first (or last) value seen (skipping NULLs when
// ignoreNulls) as a one-row slice of the input. Partial states are the values plus a
// "seen" flag, so that merging keeps the first map task's value.
type firstAcc struct {
	last, ignoreNulls bool
	t                 types.DataType
	vals              []arrow.Array // one-row slices; nil when unset
}

func (f *firstAcc) set(a arrow.Array, i int, g uint32) {
	if f.ignoreNulls && a.IsNull(i) {
		return
	}
	if f.vals[g] != nil && !f.last {
		return
	}
	if f.vals[g] != nil {
		f.vals[g].Release()
	}
	f.vals[g] = array.NewSlice(a, int64(i), int64(i+1))
}

func (f *firstAcc) grow(n int) {
	for len(f.vals) < n {
		f.vals = append(f.vals, nil)
	}
}

func (f *firstAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	f.grow(numGroups)
	if len(args) > 1 && args[1].Len() > 0 && !args[1].IsNull(0) {
		f.ignoreNulls = args[1].(*array.Boolean).Value(0)
	}
	for i, g := range groups {
		f.set(args[0], i, g)
	}
	return nil
}

func (f *firstAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	f.grow(numGroups)
	seen := states[1].(*array.Boolean)
	for i, g := range groups {
		if seen.Value(i) {
			f.set(states[0], i, g)
		}
	}
	return nil
}

func (f *firstAcc) Final(ec *EvalContext) (arrow.Array, error) {
	at := types.ToArrow(f.t, ec.TimeZone)
	if len(f.vals) == 0 {
		return array.MakeArrayOfNull(ec.Mem, at, 0), nil
	}
	parts := make([]arrow.Array, len(f.vals))
	for i, v := range f.vals {
		if v == nil {
			parts[i] = array.MakeArrayOfNull(ec.Mem, at, 1)
		} else {
			v.Retain()
			parts[i] = v
		}
	}
	defer releaseAll(parts)
	return array.Concatenate(parts, ec.Mem)
}

func (f *firstAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	v, err := f.Final(ec)
	if err != nil {
		return nil, err
	}
	b := array.NewBooleanBuilder(ec.Mem)
	defer b.Release()
	for _, x := range f.vals {
		b.Append(x != nil)
	}
	return []arrow.Array{v, b.NewArray()}, nil
}

func (f *firstAcc) Release() {
	for _, v := range f.vals {
		if v != nil {
			v.Release()
		}
	}
	f.vals = nil
}

func registerFirst(r *Registry) {
	for _, name := range []string{"first", "last", "any_value"} {
		last := name == "last"
		r.AddAggregate(&AggregateFunc{Name: name, Bind: func(args []types.DataType, distinct, _ bool) (*BoundAgg, error) {
			if len(args) != 1 && len(args) != 2 {
				return nil, wrongArgs(name, "[1, 2]", len(args))
			}
			if distinct {
				return nil, sqlerr.Unsupported(name + "(DISTINCT ...)")
			}
			t := args[0]
			at := []types.DataType{t}
			if len(args) == 2 {
				at = append(at, types.Boolean)
			}
			return &BoundAgg{ArgTypes: at, Result: t, Nullable: true, StateTypes: []types.DataType{t, types.Boolean},
				New: func(*EvalContext) Accumulator { return &firstAcc{last: last, t: t} }}, nil
		}})
	}
	r.aggregates["first_value"] = r.aggregates["first"]
	r.aggregates["last_value"] = r.aggregates["last"]
}
