package function

import (
	"math"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func registerMiscAggregates(r *Registry) {
	r.AddAggregate(&AggregateFunc{Name: "count_if", Bind: func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
		if err := argCount("count_if", args, 1); err != nil {
			return nil, err
		}
		if args[0] != types.Boolean && args[0] != types.Null {
			return nil, typeMismatch(0, types.Boolean, args[0])
		}
		return &BoundAgg{ArgTypes: []types.DataType{types.Boolean}, Result: types.Long, StateTypes: []types.DataType{types.Long},
			New: func(*EvalContext) Accumulator { return &countIfAcc{} }}, nil
	}})
	for _, name := range []string{"bool_and", "bool_or"} {
		name, and := name, name == "bool_and"
		aliases := []string{"some", "any"}
		if and {
			aliases = []string{"every"}
		}
		r.AddAggregate(&AggregateFunc{Name: name, Bind: func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
			if err := argCount(name, args, 1); err != nil {
				return nil, err
			}
			if args[0] != types.Boolean && args[0] != types.Null {
				return nil, typeMismatch(0, types.Boolean, args[0])
			}
			return &BoundAgg{ArgTypes: []types.DataType{types.Boolean}, Result: types.Boolean, Nullable: true,
				StateTypes: []types.DataType{types.Boolean},
				New:        func(*EvalContext) Accumulator { return &boolAcc{and: and} }}, nil
		}}, aliases...)
	}
	for _, name := range []string{"max_by", "min_by"} {
		name, isMax := name, name == "max_by"
		r.AddAggregate(&AggregateFunc{Name: name, Bind: func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
			if err := argCount(name, args, 2); err != nil {
				return nil, err
			}
			if !orderable(args[1]) {
				return nil, sqlerr.New("DATATYPE_MISMATCH.INVALID_ORDERING_TYPE", "sqlExpr", "", "functionName", "`"+name+"`", "dataType", typeSQL(args[1]))
			}
			return &BoundAgg{ArgTypes: args, Result: args[0], Nullable: true, StateTypes: []types.DataType{args[0], args[1]},
				New: func(*EvalContext) Accumulator { return &maxByAcc{max: isMax, t: args[0], ot: args[1]} }}, nil
		}})
	}
	r.AddAggregate(&AggregateFunc{Name: "mode", Bind: func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
		if err := argCount("mode", args, 1, 2); err != nil {
			return nil, err
		}
		at := append([]types.DataType(nil), args...)
		if len(at) == 2 {
			if at[1] != types.Boolean {
				return nil, typeMismatch(1, types.Boolean, at[1])
			}
		}
		t := args[0]
		return &BoundAgg{ArgTypes: at, Result: t, Nullable: true,
			StateTypes: []types.DataType{types.ArrayType{Elem: t}, types.ArrayType{Elem: types.Long}},
			New:        func(*EvalContext) Accumulator { return &modeAcc{t: t} }}, nil
	}})
}

// orderable reports whether values of t can be compared (not maps, nor nested types
// containing maps).
func orderable(t types.DataType) bool {
	switch t := t.(type) {
	case types.MapType:
		return false
	case types.ArrayType:
		return orderable(t.Elem)
	case types.StructType:
		for _, f := range t.Fields {
			if !orderable(f.Type) {
				return false
			}
		}
	}
	return true
}

type countIfAcc struct{ n []int64 }

func (c *countIfAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	c.n = grow(c.n, numGroups)
	if args[0].DataType().ID() == arrow.NULL {
		return nil
	}
	b := args[0].(*array.Boolean)
	for i, g := range groups {
		if b.IsValid(i) && b.Value(i) {
			c.n[g]++
		}
	}
	return nil
}

func (c *countIfAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	c.n = grow(c.n, numGroups)
	s := states[0].(*array.Int64)
	for i, g := range groups {
		c.n[g] += s.Value(i)
	}
	return nil
}

func (c *countIfAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	a, err := c.Final(ec)
	return []arrow.Array{a}, err
}

func (c *countIfAcc) Final(ec *EvalContext) (arrow.Array, error) {
	b := array.NewInt64Builder(ec.Mem)
	defer b.Release()
	b.AppendValues(c.n, nil)
	return b.NewArray(), nil
}

func (c *countIfAcc) Release() { c.n = nil }

// boolAcc is bool_and (min over booleans) or bool_or (max); NULL without input.
type boolAcc struct {
	and       bool
	val, seen []bool
}

func (b *boolAcc) fold(a arrow.Array, groups []uint32, numGroups int) {
	b.val, b.seen = grow(b.val, numGroups), grow(b.seen, numGroups)
	if a.DataType().ID() == arrow.NULL {
		return
	}
	x := a.(*array.Boolean)
	for i, g := range groups {
		if x.IsNull(i) {
			continue
		}
		v := x.Value(i)
		switch {
		case !b.seen[g]:
			b.val[g], b.seen[g] = v, true
		case b.and:
			b.val[g] = b.val[g] && v
		default:
			b.val[g] = b.val[g] || v
		}
	}
}

func (b *boolAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	b.fold(args[0], groups, numGroups)
	return nil
}

func (b *boolAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	b.fold(states[0], groups, numGroups)
	return nil
}

func (b *boolAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	a, err := b.Final(ec)
	return []arrow.Array{a}, err
}

func (b *boolAcc) Final(ec *EvalContext) (arrow.Array, error) {
	bb := array.NewBooleanBuilder(ec.Mem)
	defer bb.Release()
	bb.AppendValues(b.val, b.seen)
	return bb.NewArray(), nil
}

func (b *boolAcc) Release() { b.val, b.seen = nil, nil }

// maxByAcc is max_by/min_by: the value of x at the greatest (least) non-NULL ordering,
// the last one on ties (Spark's MaxMinBy keeps the old value only when it is strictly
// better, in updates and merges alike). x may be NULL.
type maxByAcc struct {
	max    bool
	t, ot  types.DataType
	x, ord []rowRef
}

func (m *maxByAcc) fold(x, ord arrow.Array, groups []uint32, numGroups int) {
	for len(m.x) < numGroups {
		m.x, m.ord = append(m.x, nil), append(m.ord, nil)
	}
	if ord.DataType().ID() == arrow.NULL {
		return
	}
	for i, g := range groups {
		if ord.IsNull(i) {
			continue
		}
		if cur := m.ord[g]; cur != nil {
			c := compareValues(ord, i, cur, 0)
			if (m.max && c < 0) || (!m.max && c > 0) {
				continue
			}
		}
		releaseRef(m.x[g])
		releaseRef(m.ord[g])
		m.x[g], m.ord[g] = refAt(x, i), refAt(ord, i)
	}
}

func (m *maxByAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	m.fold(args[0], args[1], groups, numGroups)
	return nil
}

func (m *maxByAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	m.fold(states[0], states[1], groups, numGroups)
	return nil
}

func (m *maxByAcc) build(ec *EvalContext, t types.DataType, refs []rowRef) arrow.Array {
	b := newBuilder(ec, t)
	defer b.Release()
	for _, r := range refs {
		if r == nil {
			b.AppendNull()
		} else {
			appendAt(b, r, 0)
		}
	}
	return b.NewArray()
}

func (m *maxByAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	return []arrow.Array{m.build(ec, m.t, m.x), m.build(ec, m.ot, m.ord)}, nil
}

func (m *maxByAcc) Final(ec *EvalContext) (arrow.Array, error) { return m.build(ec, m.t, m.x), nil }

func (m *maxByAcc) Release() {
	for g := range m.x {
		releaseRef(m.x[g])
		releaseRef(m.ord[g])
	}
	m.x, m.ord = nil, nil
}

// valueKey is a comparable key of row i of a for counting equal values.
func valueKey(a arrow.Array, i int) any {
	switch x := a.(type) {
	case *array.Boolean:
		return x.Value(i)
	case *array.Float32, *array.Float64:
		f := floatAt(a, i)
		if f != f {
			return uint64(0x7ff8000000000000)
		}
		return math.Float64bits(f)
	case *array.String:
		return x.Value(i)
	case *array.Binary:
		return string(x.Value(i))
	case *array.Decimal128:
		return x.Value(i)
	case *array.Int8, *array.Int16, *array.Int32, *array.Int64, *array.Date32, *array.Timestamp, *array.Duration, *array.MonthInterval:
		return intAt(a, i)
	}
	return a.ValueStr(i)
}

// modeAcc counts the non-NULL values of each group; the result is the most frequent,
// the least value among equally frequent ones (what Spark's mode(col, true) returns;
// without the flag Spark's choice among ties follows its hash table's order).
type modeAcc struct {
	t      types.DataType
	groups []*modeGroup
}

type modeGroup struct {
	index  map[any]int
	vals   []rowRef
	counts []int64
}

func (m *modeAcc) add(a arrow.Array, i int, g uint32, n int64) {
	mg := m.groups[g]
	if mg == nil {
		mg = &modeGroup{index: map[any]int{}}
		m.groups[g] = mg
	}
	k := valueKey(a, i)
	if j, ok := mg.index[k]; ok {
		mg.counts[j] += n
		return
	}
	mg.index[k] = len(mg.vals)
	mg.vals = append(mg.vals, refAt(a, i))
	mg.counts = append(mg.counts, n)
}

func (m *modeAcc) grow(n int) {
	for len(m.groups) < n {
		m.groups = append(m.groups, nil)
	}
}

func (m *modeAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	m.grow(numGroups)
	if args[0].DataType().ID() == arrow.NULL {
		return nil
	}
	for i, g := range groups {
		if !args[0].IsNull(i) {
			m.add(args[0], i, g, 1)
		}
	}
	return nil
}

func (m *modeAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	m.grow(numGroups)
	vl, cl := states[0].(*array.List), states[1].(*array.List)
	vals, counts := vl.ListValues(), cl.ListValues().(*array.Int64)
	for i, g := range groups {
		start, end := vl.ValueOffsets(i)
		cs, _ := cl.ValueOffsets(i)
		for j := start; j < end; j++ {
			m.add(vals, int(j), g, counts.Value(int(cs+j-start)))
		}
	}
	return nil
}

func (m *modeAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	vb := newBuilder(ec, types.ArrayType{Elem: m.t}).(*array.ListBuilder)
	defer vb.Release()
	cb := array.NewListBuilder(ec.Mem, arrow.PrimitiveTypes.Int64)
	defer cb.Release()
	for _, mg := range m.groups {
		vb.Append(true)
		cb.Append(true)
		if mg == nil {
			continue
		}
		for j, v := range mg.vals {
			appendAt(vb.ValueBuilder(), v, 0)
			cb.ValueBuilder().(*array.Int64Builder).Append(mg.counts[j])
		}
	}
	return []arrow.Array{vb.NewArray(), cb.NewArray()}, nil
}

func (m *modeAcc) Final(ec *EvalContext) (arrow.Array, error) {
	b := newBuilder(ec, m.t)
	defer b.Release()
	for _, mg := range m.groups {
		if mg == nil || len(mg.vals) == 0 {
			b.AppendNull()
			continue
		}
		order := make([]int, len(mg.vals))
		for j := range order {
			order[j] = j
		}
		sort.SliceStable(order, func(x, y int) bool {
			a, c := order[x], order[y]
			if mg.counts[a] != mg.counts[c] {
				return mg.counts[a] > mg.counts[c]
			}
			return compareValues(mg.vals[a], 0, mg.vals[c], 0) < 0
		})
		appendAt(b, mg.vals[order[0]], 0)
	}
	return b.NewArray(), nil
}

func (m *modeAcc) Release() {
	for _, mg := range m.groups {
		if mg != nil {
			for _, v := range mg.vals {
				v.Release()
			}
		}
	}
	m.groups = nil
}
