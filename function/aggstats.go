package function

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// floatStateAcc is an aggregate whose per-group state is a fixed tuple of doubles, as
// Spark's declarative aggregates keep it (CentralMomentAgg, Covariance,
// PearsonCorrelation). The update, merge and evaluate functions copy Spark's
// expressions operation for operation, so that results match to the last bit.
//
// Spark always aggregates in two phases, merging every partial buffer into a fresh one
// before evaluating. Final of an accumulator that never merged replays that merge into
// an empty state, so that a one-phase aggregation rounds as Spark does.
type floatStateAcc struct {
	spec   *floatStateSpec
	s      [][]float64 // s[field][group]
	merged bool
}

// floatStateSpec describes one floatStateAcc function.
type floatStateSpec struct {
	fields int
	// update folds row i of the (double) arguments into state st.
	update func(st []float64, args []arrow.Array, i int)
	// merge folds state o into st.
	merge func(st, o []float64)
	// eval returns the result, or false for NULL.
	eval func(st []float64) (float64, bool)
}

func (f *floatStateAcc) grow(n int) {
	if f.s == nil {
		f.s = make([][]float64, f.spec.fields)
	}
	for k := range f.s {
		f.s[k] = grow(f.s[k], n)
	}
}

func (f *floatStateAcc) load(g int, st []float64) {
	for k := range st {
		st[k] = f.s[k][g]
	}
}

func (f *floatStateAcc) store(g int, st []float64) {
	for k := range st {
		f.s[k][g] = st[k]
	}
}

func (f *floatStateAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	f.grow(numGroups)
	st := make([]float64, f.spec.fields)
	for i, g := range groups {
		f.load(int(g), st)
		f.spec.update(st, args, i)
		f.store(int(g), st)
	}
	return nil
}

func (f *floatStateAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	f.grow(numGroups)
	f.merged = true
	st := make([]float64, f.spec.fields)
	o := make([]float64, f.spec.fields)
	for i, g := range groups {
		for k := range o {
			o[k] = states[k].(*array.Float64).Value(i)
		}
		f.load(int(g), st)
		f.spec.merge(st, o)
		f.store(int(g), st)
	}
	return nil
}

func (f *floatStateAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	f.grow(0)
	out := make([]arrow.Array, f.spec.fields)
	for k, vals := range f.s {
		b := array.NewFloat64Builder(ec.Mem)
		b.AppendValues(vals, nil)
		out[k] = b.NewArray()
		b.Release()
	}
	return out, nil
}

func (f *floatStateAcc) Final(ec *EvalContext) (arrow.Array, error) {
	f.grow(0)
	b := array.NewFloat64Builder(ec.Mem)
	defer b.Release()
	st := make([]float64, f.spec.fields)
	o := make([]float64, f.spec.fields)
	for g := range f.s[0] {
		f.load(g, o)
		if f.merged {
			copy(st, o)
		} else {
			clear(st)
			f.spec.merge(st, o)
		}
		if v, ok := f.spec.eval(st); ok {
			b.Append(v)
		} else {
			b.AppendNull()
		}
	}
	return b.NewArray(), nil
}

func (f *floatStateAcc) Release() { f.s = nil }

// Central moments: state (n, avg, m2, m3, m4), CentralMomentAgg.
func momentUpdate(order int) func(st []float64, args []arrow.Array, i int) {
	return func(st []float64, args []arrow.Array, i int) {
		if args[0].IsNull(i) {
			return
		}
		x := floatAt(args[0], i)
		n, avg, m2 := st[0], st[1], st[2]
		newN := n + 1.0
		delta := x - avg
		deltaN := delta / newN
		newAvg := avg + deltaN
		newM2 := m2 + delta*(delta-deltaN)
		delta2 := delta * delta
		deltaN2 := deltaN * deltaN
		st[0], st[1], st[2] = newN, newAvg, newM2
		if order >= 3 {
			newM3 := st[3] - 3.0*deltaN*newM2 + delta*(delta2-deltaN2)
			if order >= 4 {
				st[4] = st[4] - 4.0*deltaN*newM3 - 6.0*deltaN2*newM2 + delta*(delta*delta2-deltaN*deltaN2)
			}
			st[3] = newM3
		}
	}
}

func momentMerge(order int) func(st, o []float64) {
	return func(st, o []float64) {
		n1, n2 := st[0], o[0]
		newN := n1 + n2
		delta := o[1] - st[1]
		deltaN := 0.0
		if newN != 0 {
			deltaN = delta / newN
		}
		newAvg := st[1] + deltaN*n2
		newM2 := st[2] + o[2] + delta*deltaN*n1*n2
		if order >= 3 {
			newM3 := st[3] + o[3] + deltaN*deltaN*delta*n1*n2*(n1-n2) + 3.0*deltaN*(n1*o[2]-n2*st[2])
			if order >= 4 {
				st[4] = st[4] + o[4] + deltaN*deltaN*deltaN*delta*n1*n2*(n1*n1-n1*n2+n2*n2) +
					6.0*deltaN*deltaN*(n1*n1*o[2]+n2*n2*st[2]) + 4.0*deltaN*(n1*o[3]-n2*st[3])
			}
			st[3] = newM3
		}
		st[0], st[1], st[2] = newN, newAvg, newM2
	}
}

// Covariance: state (n, xAvg, yAvg, ck); PearsonCorrelation adds (xMk, yMk).
func covUpdate(corr bool) func(st []float64, args []arrow.Array, i int) {
	return func(st []float64, args []arrow.Array, i int) {
		if args[0].IsNull(i) || args[1].IsNull(i) {
			return
		}
		x, y := floatAt(args[0], i), floatAt(args[1], i)
		n, xAvg, yAvg, ck := st[0], st[1], st[2], st[3]
		newN := n + 1.0
		dx := x - xAvg
		dxN := dx / newN
		dy := y - yAvg
		dyN := dy / newN
		newXAvg := xAvg + dxN
		newYAvg := yAvg + dyN
		st[3] = ck + dx*(y-newYAvg)
		if corr {
			st[4] += dx * (x - newXAvg)
			st[5] += dy * (y - newYAvg)
		}
		st[0], st[1], st[2] = newN, newXAvg, newYAvg
	}
}

func covMerge(corr bool) func(st, o []float64) {
	return func(st, o []float64) {
		n1, n2 := st[0], o[0]
		newN := n1 + n2
		dx := o[1] - st[1]
		dy := o[2] - st[2]
		dxN, dyN := 0.0, 0.0
		if newN != 0 {
			dxN, dyN = dx/newN, dy/newN
		}
		newXAvg := st[1] + dxN*n2
		newYAvg := st[2] + dyN*n2
		st[3] = st[3] + o[3] + dx*dyN*n1*n2
		if corr {
			st[4] = st[4] + o[4] + dx*dxN*n1*n2
			st[5] = st[5] + o[5] + dy*dyN*n1*n2
		}
		st[0], st[1], st[2] = newN, newXAvg, newYAvg
	}
}

// regrSpec is regr_slope and regr_intercept: CovPopulation(x, y) followed by
// VariancePop(x) over the rows where both are non-NULL, whose buffers Spark
// concatenates.
func regrSpec(intercept bool) *floatStateSpec {
	cu, cm := covUpdate(false), covMerge(false)
	vu, vm := momentUpdate(2), momentMerge(2)
	return &floatStateSpec{fields: 7,
		update: func(st []float64, args []arrow.Array, i int) {
			y, x := args[0], args[1]
			if x.IsNull(i) || y.IsNull(i) {
				return
			}
			cu(st[:4], []arrow.Array{x, y}, i)
			vu(st[4:], []arrow.Array{x}, i)
		},
		merge: func(st, o []float64) { cm(st[:4], o[:4]); vm(st[4:], o[4:]) },
		eval: func(st []float64) (float64, bool) {
			m2 := st[6]
			if m2 == 0 {
				return 0, false
			}
			if intercept {
				return st[2] - st[3]/m2*st[1], true
			}
			return st[3] / m2, true
		},
	}
}

func registerStatAggregates(r *Registry) {
	moments := func(order int, eval func(st []float64) (float64, bool)) *floatStateSpec {
		return &floatStateSpec{fields: order + 1, update: momentUpdate(order), merge: momentMerge(order), eval: eval}
	}
	cov := func(corr bool, eval func(st []float64) (float64, bool)) *floatStateSpec {
		f := 4
		if corr {
			f = 6
		}
		return &floatStateSpec{fields: f, update: covUpdate(corr), merge: covMerge(corr), eval: eval}
	}
	// pairsOnly makes a one-argument spec over args[pick] that skips rows where either of
	// two arguments is NULL (Spark's If(isNull(y) || isNull(x), NULL, ...)).
	pairsOnly := func(s *floatStateSpec, pick int) *floatStateSpec {
		u := s.update
		c := *s
		c.update = func(st []float64, args []arrow.Array, i int) {
			if args[0].IsNull(i) || args[1].IsNull(i) {
				return
			}
			u(st, args[pick:pick+1], i)
		}
		return &c
	}
	specs := []struct {
		name string
		args int
		spec *floatStateSpec
	}{
		{"skewness", 1, moments(3, func(st []float64) (float64, bool) {
			n, m2, m3 := st[0], st[2], st[3]
			if n == 0 || m2 == 0 {
				return 0, false
			}
			return math.Sqrt(n) * m3 / math.Sqrt(m2*m2*m2), true
		})},
		{"kurtosis", 1, moments(4, func(st []float64) (float64, bool) {
			n, m2, m4 := st[0], st[2], st[4]
			if n == 0 || m2 == 0 {
				return 0, false
			}
			return n*m4/(m2*m2) - 3.0, true
		})},
		{"covar_pop", 2, cov(false, func(st []float64) (float64, bool) {
			if st[0] == 0 {
				return 0, false
			}
			return st[3] / st[0], true
		})},
		{"covar_samp", 2, cov(false, func(st []float64) (float64, bool) {
			if st[0] == 0 || st[0] == 1 {
				return 0, false
			}
			return st[3] / (st[0] - 1.0), true
		})},
		{"corr", 2, cov(true, func(st []float64) (float64, bool) {
			if st[0] == 0 || st[0] == 1 {
				return 0, false
			}
			return st[3] / math.Sqrt(st[4]*st[5]), true
		})},
		// regr_r2(y, x) is PearsonCorrelation(y, x): xMk belongs to y.
		{"regr_r2", 2, cov(true, func(st []float64) (float64, bool) {
			xMk, yMk := st[4], st[5]
			if xMk == 0 {
				return 0, false
			}
			if yMk == 0 {
				return 1.0, true
			}
			c := st[3] / math.Sqrt(xMk*yMk)
			return c * c, true
		})},
		{"regr_sxy", 2, cov(false, func(st []float64) (float64, bool) {
			if st[0] == 0 {
				return 0, false
			}
			return st[3], true
		})},
		{"regr_sxx", 2, pairsOnly(moments(2, func(st []float64) (float64, bool) {
			if st[0] == 0 {
				return 0, false
			}
			return st[2], true
		}), 1)},
		{"regr_syy", 2, pairsOnly(moments(2, func(st []float64) (float64, bool) {
			if st[0] == 0 {
				return 0, false
			}
			return st[2], true
		}), 0)},
		{"regr_slope", 2, regrSpec(false)},
		{"regr_intercept", 2, regrSpec(true)},
	}
	for _, s := range specs {
		s := s
		r.AddAggregate(&AggregateFunc{Name: s.name, Bind: func(args []types.DataType, _ bool, ansi bool) (*BoundAgg, error) {
			if err := argCount(s.name, args, s.args); err != nil {
				return nil, err
			}
			for i, t := range args {
				if !types.IsNumeric(t) && t != types.Null && !(t == types.String && ansi) {
					return nil, typeMismatch(i, types.Double, t)
				}
			}
			return &BoundAgg{ArgTypes: repeatType(types.Double, s.args), Result: types.Double, Nullable: true,
				StateTypes: repeatType(types.Double, s.spec.fields),
				New:        func(*EvalContext) Accumulator { return &floatStateAcc{spec: s.spec} }}, nil
		}})
	}
	registerRegrAverages(r)
}

// registerRegrAverages adds regr_count, regr_avgx and regr_avgy: count and average over
// the rows where both arguments are non-NULL.
func registerRegrAverages(r *Registry) {
	for _, name := range []string{"regr_count", "regr_avgx", "regr_avgy"} {
		name := name
		r.AddAggregate(&AggregateFunc{Name: name, Bind: func(args []types.DataType, distinct, ansi bool) (*BoundAgg, error) {
			if err := argCount(name, args, 2); err != nil {
				return nil, err
			}
			for i, t := range args {
				if !types.IsNumeric(t) && t != types.Null {
					return nil, typeMismatchNamed(i, `"NUMERIC"`, t)
				}
			}
			if name == "regr_count" {
				return &BoundAgg{ArgTypes: args, Result: types.Long, StateTypes: []types.DataType{types.Long},
					New: func(*EvalContext) Accumulator { return &countAcc{} }}, nil
			}
			pick := 0
			if name == "regr_avgx" {
				pick = 1
			}
			avg, ok := Builtins().Aggregate("avg")
			if !ok {
				return nil, errInternalArgs
			}
			inner, err := avg.Bind(args[pick:pick+1], false, ansi)
			if err != nil {
				return nil, err
			}
			at := append([]types.DataType(nil), args...)
			at[pick] = inner.ArgTypes[0]
			return &BoundAgg{ArgTypes: at, Result: inner.Result, Nullable: true, StateTypes: inner.StateTypes,
				New: func(ec *EvalContext) Accumulator {
					return &pairFilterAcc{inner: inner.New(ec), pick: pick}
				}}, nil
		}})
	}
}

// pairFilterAcc feeds args[pick] of the rows where both arguments are non-NULL to an
// inner one-argument accumulator.
type pairFilterAcc struct {
	inner Accumulator
	pick  int
}

func (p *pairFilterAcc) Update(ec *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	keep := make([]int, 0, len(groups))
	for i := range groups {
		if !args[0].IsNull(i) && !args[1].IsNull(i) {
			keep = append(keep, i)
		}
	}
	if len(keep) == len(groups) {
		return p.inner.Update(ec, args[p.pick:p.pick+1], groups, numGroups)
	}
	col, err := takeRows(ec, args[p.pick], keep)
	if err != nil {
		return err
	}
	defer col.Release()
	gs := make([]uint32, len(keep))
	for j, i := range keep {
		gs[j] = groups[i]
	}
	return p.inner.Update(ec, []arrow.Array{col}, gs, numGroups)
}

func (p *pairFilterAcc) Merge(ec *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	return p.inner.Merge(ec, states, groups, numGroups)
}
func (p *pairFilterAcc) State(ec *EvalContext) ([]arrow.Array, error) { return p.inner.State(ec) }
func (p *pairFilterAcc) Final(ec *EvalContext) (arrow.Array, error)   { return p.inner.Final(ec) }
func (p *pairFilterAcc) Release()                                     { p.inner.Release() }
