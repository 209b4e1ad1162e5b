package function

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// collectAcc gathers the non-NULL values of each group into an array (collect_list),
// or only their first occurrences (collect_set). Values are kept as one-row slices.
type collectAcc struct {
	set  bool
	t    types.DataType
	vals [][]arrow.Array
	seen []map[string]bool
}

func (c *collectAcc) grow(n int) {
	for len(c.vals) < n {
		c.vals = append(c.vals, nil)
		c.seen = append(c.seen, nil)
	}
}

func (c *collectAcc) add(a arrow.Array, i int, g uint32) {
	if a.IsNull(i) {
		return
	}
	if c.set {
		k := a.ValueStr(i)
		if c.seen[g] == nil {
			c.seen[g] = map[string]bool{}
		}
		if c.seen[g][k] {
			return
		}
		c.seen[g][k] = true
	}
	c.vals[g] = append(c.vals[g], array.NewSlice(a, int64(i), int64(i+1)))
}

func (c *collectAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	c.grow(numGroups)
	for i, g := range groups {
		c.add(args[0], i, g)
	}
	return nil
}

func (c *collectAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	c.grow(numGroups)
	l := states[0].(*array.List)
	vals := l.ListValues()
	for i, g := range groups {
		if l.IsNull(i) {
			continue
		}
		start, end := l.ValueOffsets(i)
		for j := start; j < end; j++ {
			c.add(vals, int(j), g)
		}
	}
	return nil
}

func (c *collectAcc) Final(ec *EvalContext) (arrow.Array, error) {
	lt := types.ToArrow(types.ArrayType{Elem: c.t, ContainsNull: false}, ec.TimeZone).(*arrow.ListType)
	b := array.NewListBuilderWithField(ec.Mem, lt.ElemField())
	defer b.Release()
	vb := b.ValueBuilder()
	for _, vs := range c.vals {
		b.Append(true)
		for _, v := range vs {
			copyValue(vb, v, 0)
		}
	}
	return b.NewArray(), nil
}

func (c *collectAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	a, err := c.Final(ec)
	return []arrow.Array{a}, err
}

func (c *collectAcc) Release() {
	for _, vs := range c.vals {
		for _, v := range vs {
			v.Release()
		}
	}
	c.vals, c.seen = nil, nil
}

func registerCollect(r *Registry) {
	for _, name := range []string{"collect_list", "collect_set"} {
		set := name == "collect_set"
		r.AddAggregate(&AggregateFunc{Name: name, Bind: func(args []types.DataType, distinct, _ bool) (*BoundAgg, error) {
			if len(args) != 1 {
				return nil, wrongArgs(name, "1", len(args))
			}
			switch args[0].(type) {
			case types.ArrayType, types.MapType, types.StructType:
				return nil, sqlerr.Unsupported(name + " of nested values")
			}
			t := types.ArrayType{Elem: args[0], ContainsNull: false}
			return &BoundAgg{ArgTypes: args, Result: t, Nullable: false, StateTypes: []types.DataType{t},
				New: func(*EvalContext) Accumulator { return &collectAcc{set: set || distinct, t: args[0]} }}, nil
		}})
	}
	r.aggregates["array_agg"] = r.aggregates["collect_list"]
}

func registerArrayFunctions(r *Registry) {
	r.AddScalar(&ScalarFunc{Name: "size", Bind: func(args []types.DataType, _ bool) (*Bound, error) {
		if len(args) != 1 {
			return nil, wrongArgs("size", "1", len(args))
		}
		switch args[0].(type) {
		case types.ArrayType, types.MapType:
		default:
			return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", "first", "requiredType", `("ARRAY" or "MAP")`, "inputSql", "", "inputType", typeSQL(args[0]))
		}
		return &Bound{ArgTypes: args, Result: types.Integer, Kernel: func(ec *EvalContext, a []Datum, n int) (arrow.Array, error) {
			arr, err := Materialize(ec, a[0], n)
			if err != nil {
				return nil, err
			}
			defer arr.Release()
			b := array.NewInt32Builder(ec.Mem)
			defer b.Release()
			for i := 0; i < n; i++ {
				if arr.IsNull(i) {
					// size(NULL) is -1 with spark.sql.legacy.sizeOfNull, NULL in ANSI mode.
					if ec.ANSI {
						b.AppendNull()
					} else {
						b.Append(-1)
					}
					continue
				}
				var start, end int64
				switch x := arr.(type) {
				case *array.List:
					start, end = x.ValueOffsets(i)
				case *array.Map:
					start, end = x.ValueOffsets(i)
				}
				b.Append(int32(end - start))
			}
			return b.NewArray(), nil
		}}, nil
	}}, "cardinality")
}
