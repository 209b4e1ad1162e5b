package function

import (
	"math"
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func registerAggregates(r *Registry) {
	// DISTINCT is planned as a separate de-duplicating aggregation, so the functions
	// themselves accept it and see distinct values.
	r.AddAggregate(&AggregateFunc{Name: "count", Bind: func(args []types.DataType, distinct, _ bool) (*BoundAgg, error) {
		return &BoundAgg{ArgTypes: args, Result: types.Long, Nullable: false, StateTypes: []types.DataType{types.Long},
			New: func(*EvalContext) Accumulator { return &countAcc{} }}, nil
	}})
	r.AddAggregate(&AggregateFunc{Name: "sum", Bind: func(args []types.DataType, distinct, _ bool) (*BoundAgg, error) {
		if err := oneNumeric("sum", args, distinct); err != nil {
			return nil, err
		}
		if dt, ok := args[0].(types.DecimalType); ok {
			rt := types.DecimalType{Precision: min(dt.Precision+10, maxPrecision), Scale: dt.Scale}
			return &BoundAgg{ArgTypes: args, Result: rt, Nullable: true, StateTypes: []types.DataType{rt},
				New: func(*EvalContext) Accumulator { return &decimalSumAcc{in: dt, out: rt} }}, nil
		}
		t := types.DataType(types.Double)
		if types.IsIntegral(args[0]) {
			t = types.Long
		}
		return &BoundAgg{ArgTypes: []types.DataType{t}, Result: t, Nullable: true, StateTypes: []types.DataType{t},
			New: func(*EvalContext) Accumulator { return &sumAcc{integral: t == types.Long} }}, nil
	}})
	r.AddAggregate(&AggregateFunc{Name: "avg", Bind: func(args []types.DataType, distinct, _ bool) (*BoundAgg, error) {
		if err := oneNumeric("avg", args, distinct); err != nil {
			return nil, err
		}
		if dt, ok := args[0].(types.DecimalType); ok {
			st := types.DecimalType{Precision: min(dt.Precision+10, maxPrecision), Scale: dt.Scale}
			rt := adjust(dt.Precision+4, dt.Scale+4)
			return &BoundAgg{ArgTypes: args, Result: rt, Nullable: true, StateTypes: []types.DataType{st, types.Long},
				New: func(*EvalContext) Accumulator { return &decimalSumAcc{in: dt, out: st, avg: &rt} }}, nil
		}
		return &BoundAgg{ArgTypes: []types.DataType{types.Double}, Result: types.Double, Nullable: true,
			StateTypes: []types.DataType{types.Double, types.Long},
			New:        func(*EvalContext) Accumulator { return &avgAcc{} }}, nil
	}}, "mean")
	for _, name := range []string{"min", "max"} {
		isMax := name == "max"
		r.AddAggregate(&AggregateFunc{Name: name, Bind: func(args []types.DataType, distinct, _ bool) (*BoundAgg, error) {
			if len(args) != 1 {
				return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+name+"`", "expectedNum", "1", "actualNum", itoa(len(args)), "docroot", docroot)
			}
			t := args[0]
			return &BoundAgg{ArgTypes: args, Result: t, Nullable: true, StateTypes: []types.DataType{t},
				New: func(*EvalContext) Accumulator { return &extremeAcc{max: isMax, t: t} }}, nil
		}})
	}
}

func oneNumeric(name string, args []types.DataType, distinct bool) error {
	if len(args) != 1 {
		return sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+name+"`", "expectedNum", "1", "actualNum", itoa(len(args)), "docroot", docroot)
	}
	if !types.IsNumeric(args[0]) && args[0] != types.Null {
		return sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", "", "paramIndex", "first", "requiredType", `"NUMERIC" or "ANSI INTERVAL"`, "inputSql", "", "inputType", typeSQL(args[0]))
	}
	return nil
}

func grow[T any](s []T, n int) []T {
	for len(s) < n {
		var zero T
		s = append(s, zero)
	}
	return s
}

type countAcc struct{ n []int64 }

func (c *countAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	c.n = grow(c.n, numGroups)
	for i, g := range groups {
		if !anyNull(args, i) {
			c.n[g]++
		}
	}
	return nil
}

func (c *countAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	c.n = grow(c.n, numGroups)
	s := states[0].(*array.Int64)
	for i, g := range groups {
		c.n[g] += s.Value(i)
	}
	return nil
}

func (c *countAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	a, err := c.Final(ec)
	return []arrow.Array{a}, err
}

func (c *countAcc) Final(ec *EvalContext) (arrow.Array, error) {
	b := array.NewInt64Builder(ec.Mem)
	defer b.Release()
	b.AppendValues(c.n, nil)
	return b.NewArray(), nil
}

func (c *countAcc) Release() { c.n = nil }

type sumAcc struct {
	integral bool
	i        []int64
	f        []float64
	seen     []bool
}

func (s *sumAcc) grow(n int) {
	s.i, s.f, s.seen = grow(s.i, n), grow(s.f, n), grow(s.seen, n)
}

func (s *sumAcc) add(ec *EvalContext, a arrow.Array, groups []uint32) error {
	for i, g := range groups {
		if a.IsNull(i) {
			continue
		}
		s.seen[g] = true
		if s.integral {
			v, of := addOverflow(s.i[g], intAt(a, i))
			if of {
				if ec.ANSI {
					return overflowError("+", types.Long)
				}
			}
			s.i[g] = v
		} else {
			s.f[g] += floatAt(a, i)
		}
	}
	return nil
}

func (s *sumAcc) Update(ec *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	s.grow(numGroups)
	return s.add(ec, args[0], groups)
}

func (s *sumAcc) Merge(ec *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	s.grow(numGroups)
	return s.add(ec, states[0], groups)
}

func (s *sumAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	a, err := s.Final(ec)
	return []arrow.Array{a}, err
}

func (s *sumAcc) Final(ec *EvalContext) (arrow.Array, error) {
	if s.integral {
		b := array.NewInt64Builder(ec.Mem)
		defer b.Release()
		b.AppendValues(s.i, s.seen)
		return b.NewArray(), nil
	}
	b := array.NewFloat64Builder(ec.Mem)
	defer b.Release()
	b.AppendValues(s.f, s.seen)
	return b.NewArray(), nil
}

func (s *sumAcc) Release() { s.i, s.f, s.seen = nil, nil, nil }

type avgAcc struct {
	sum []float64
	n   []int64
}

func (a *avgAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	a.sum, a.n = grow(a.sum, numGroups), grow(a.n, numGroups)
	for i, g := range groups {
		if !args[0].IsNull(i) {
			a.sum[g] += floatAt(args[0], i)
			a.n[g]++
		}
	}
	return nil
}

func (a *avgAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	a.sum, a.n = grow(a.sum, numGroups), grow(a.n, numGroups)
	sums, ns := states[0].(*array.Float64), states[1].(*array.Int64)
	for i, g := range groups {
		a.sum[g] += sums.Value(i)
		a.n[g] += ns.Value(i)
	}
	return nil
}

func (a *avgAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	sb := array.NewFloat64Builder(ec.Mem)
	defer sb.Release()
	sb.AppendValues(a.sum, nil)
	nb := array.NewInt64Builder(ec.Mem)
	defer nb.Release()
	nb.AppendValues(a.n, nil)
	return []arrow.Array{sb.NewArray(), nb.NewArray()}, nil
}

func (a *avgAcc) Final(ec *EvalContext) (arrow.Array, error) {
	b := array.NewFloat64Builder(ec.Mem)
	defer b.Release()
	for g := range a.sum {
		if a.n[g] == 0 {
			b.AppendNull()
		} else {
			b.Append(a.sum[g] / float64(a.n[g]))
		}
	}
	return b.NewArray(), nil
}

func (a *avgAcc) Release() { a.sum, a.n = nil, nil }

// extremeAcc is min or max over any orderable type; it keeps the winning value of each
// group as a one-row slice of the input.
type extremeAcc struct {
	max  bool
	t    types.DataType
	ints []int64
	flts []float64
	strs []string
	bool []bool
	decs []decimal128.Num
	seen []bool
}

func (e *extremeAcc) fold(a arrow.Array, groups []uint32, numGroups int) {
	e.seen = grow(e.seen, numGroups)
	better := func(c int) bool { return (e.max && c > 0) || (!e.max && c < 0) }
	switch a := a.(type) {
	case *array.String:
		e.strs = grow(e.strs, numGroups)
		for i, g := range groups {
			if a.IsNull(i) {
				continue
			}
			v := a.Value(i)
			if !e.seen[g] || better(compareStrings(v, e.strs[g])) {
				e.strs[g] = v
				e.seen[g] = true
			}
		}
	case *array.Boolean:
		e.bool = grow(e.bool, numGroups)
		for i, g := range groups {
			if a.IsNull(i) {
				continue
			}
			v := a.Value(i)
			if !e.seen[g] || (e.max && v && !e.bool[g]) || (!e.max && !v && e.bool[g]) {
				e.bool[g] = v
				e.seen[g] = true
			}
		}
	case *array.Float32, *array.Float64:
		e.flts = grow(e.flts, numGroups)
		for i, g := range groups {
			if a.IsNull(i) {
				continue
			}
			v := floatAt(a, i)
			if !e.seen[g] || better(compareFloat(v, e.flts[g])) {
				e.flts[g] = v
				e.seen[g] = true
			}
		}
	case *array.Decimal128:
		e.decs = grow(e.decs, numGroups)
		for i, g := range groups {
			if a.IsNull(i) {
				continue
			}
			v := a.Value(i)
			if c := v.Cmp(e.decs[g]); !e.seen[g] || (e.max && c > 0) || (!e.max && c < 0) {
				e.decs[g] = v
				e.seen[g] = true
			}
		}
	default:
		e.ints = grow(e.ints, numGroups)
		for i, g := range groups {
			if a.IsNull(i) {
				continue
			}
			v := intAt(a, i)
			if !e.seen[g] || (e.max && v > e.ints[g]) || (!e.max && v < e.ints[g]) {
				e.ints[g] = v
				e.seen[g] = true
			}
		}
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (e *extremeAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	e.fold(args[0], groups, numGroups)
	return nil
}

func (e *extremeAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	e.fold(states[0], groups, numGroups)
	return nil
}

func (e *extremeAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	a, err := e.Final(ec)
	return []arrow.Array{a}, err
}

func (e *extremeAcc) Final(ec *EvalContext) (arrow.Array, error) {
	b := array.NewBuilder(ec.Mem, types.ToArrow(e.t, ec.TimeZone))
	defer b.Release()
	for g, ok := range e.seen {
		if !ok {
			b.AppendNull()
			continue
		}
		switch bb := b.(type) {
		case *array.StringBuilder:
			bb.Append(e.strs[g])
		case *array.BooleanBuilder:
			bb.Append(e.bool[g])
		case *array.Float32Builder:
			bb.Append(float32(e.flts[g]))
		case *array.Float64Builder:
			bb.Append(e.flts[g])
		case *array.Date32Builder:
			bb.Append(arrow.Date32(e.ints[g]))
		case *array.TimestampBuilder:
			bb.Append(arrow.Timestamp(e.ints[g]))
		case *array.Decimal128Builder:
			bb.Append(e.decs[g])
		default:
			appendInt(b, e.ints[g])
		}
	}
	return b.NewArray(), nil
}

func (e *extremeAcc) Release() {}

var _ = math.MaxInt64

// decimalSumAcc sums decimals exactly; with avg set it is the average, whose state is
// the sum and the count.
type decimalSumAcc struct {
	in, out types.DecimalType
	avg     *types.DecimalType
	sum     []*big.Int
	n       []int64
}

func (d *decimalSumAcc) grow(n int) {
	for len(d.sum) < n {
		d.sum = append(d.sum, nil)
		d.n = append(d.n, 0)
	}
}

func (d *decimalSumAcc) add(a arrow.Array, scale int32, groups []uint32, counts arrow.Array) {
	for i, g := range groups {
		if a.IsNull(i) {
			continue
		}
		v := rescaleBig(a.(*array.Decimal128).Value(i).BigInt(), scale, d.out.Scale)
		if d.sum[g] == nil {
			d.sum[g] = new(big.Int)
		}
		d.sum[g].Add(d.sum[g], v)
		if counts != nil {
			d.n[g] += counts.(*array.Int64).Value(i)
		} else {
			d.n[g]++
		}
	}
}

func (d *decimalSumAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	d.grow(numGroups)
	d.add(args[0], d.in.Scale, groups, nil)
	return nil
}

func (d *decimalSumAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	d.grow(numGroups)
	var counts arrow.Array
	if len(states) > 1 {
		counts = states[1]
	}
	d.add(states[0], d.out.Scale, groups, counts)
	return nil
}

func (d *decimalSumAcc) build(ec *EvalContext, t types.DecimalType, value func(g int) *big.Int) (arrow.Array, error) {
	b := array.NewDecimal128Builder(ec.Mem, &arrow.Decimal128Type{Precision: t.Precision, Scale: t.Scale})
	defer b.Release()
	for g := range d.sum {
		v := value(g)
		if v == nil {
			b.AppendNull()
			continue
		}
		if !fits(v, t.Precision) {
			if ec.ANSI {
				return nil, outOfRange(v, t)
			}
			b.AppendNull()
			continue
		}
		b.Append(decimal128.FromBigInt(v))
	}
	return b.NewArray(), nil
}

func (d *decimalSumAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	s, err := d.build(ec, d.out, func(g int) *big.Int { return d.sum[g] })
	if err != nil {
		return nil, err
	}
	if d.avg == nil {
		return []arrow.Array{s}, nil
	}
	nb := array.NewInt64Builder(ec.Mem)
	defer nb.Release()
	nb.AppendValues(d.n, nil)
	return []arrow.Array{s, nb.NewArray()}, nil
}

func (d *decimalSumAcc) Final(ec *EvalContext) (arrow.Array, error) {
	if d.avg == nil {
		return d.build(ec, d.out, func(g int) *big.Int { return d.sum[g] })
	}
	rt := *d.avg
	return d.build(ec, rt, func(g int) *big.Int {
		if d.sum[g] == nil || d.n[g] == 0 {
			return nil
		}
		// sum/n at the result scale, HALF_UP.
		num := rescaleBig(d.sum[g], d.out.Scale, rt.Scale+1)
		q := new(big.Int).Quo(num, big.NewInt(d.n[g]))
		return rescaleBig(q, rt.Scale+1, rt.Scale)
	})
}

func (d *decimalSumAcc) Release() { d.sum, d.n = nil, nil }
