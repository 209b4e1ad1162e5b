package function

import (
	"math"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// momentsAcc computes variance and standard deviation with Welford's updates and
// Chan's parallel merge; states are (n, mean, m2).
type momentsAcc struct {
	sample, sqrt bool
	n, mean, m2  []float64
}

func (m *momentsAcc) grow(k int) {
	for len(m.n) < k {
		m.n, m.mean, m.m2 = append(m.n, 0), append(m.mean, 0), append(m.m2, 0)
	}
}

func (m *momentsAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	m.grow(numGroups)
	for i, g := range groups {
		if args[0].IsNull(i) {
			continue
		}
		x := floatAt(args[0], i)
		// Spark's CentralMomentAgg update, operation for operation, so that results
		// match to the last bit.
		m.n[g]++
		delta := x - m.mean[g]
		deltaN := delta / m.n[g]
		m.mean[g] += deltaN
		m.m2[g] += delta * (delta - deltaN)
	}
	return nil
}

func (m *momentsAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	m.grow(numGroups)
	ns, means, m2s := states[0].(*array.Float64), states[1].(*array.Float64), states[2].(*array.Float64)
	for i, g := range groups {
		nb := ns.Value(i)
		if nb == 0 {
			continue
		}
		na := m.n[g]
		n := na + nb
		delta := means.Value(i) - m.mean[g]
		deltaN := delta / n
		m.mean[g] += deltaN * nb
		m.m2[g] = m.m2[g] + m2s.Value(i) + delta*deltaN*na*nb
		m.n[g] = n
	}
	return nil
}

func (m *momentsAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	out := make([]arrow.Array, 3)
	for k, vals := range [][]float64{m.n, m.mean, m.m2} {
		b := array.NewFloat64Builder(ec.Mem)
		b.AppendValues(vals, nil)
		out[k] = b.NewArray()
		b.Release()
	}
	return out, nil
}

func (m *momentsAcc) Final(ec *EvalContext) (arrow.Array, error) {
	b := array.NewFloat64Builder(ec.Mem)
	defer b.Release()
	for g := range m.n {
		n := m.n[g]
		switch {
		case n == 0:
			b.AppendNull()
		case m.sample && n == 1:
			// Spark 4 returns NULL for the sample variance of one row.
			b.AppendNull()
		default:
			d := n
			if m.sample {
				d = n - 1
			}
			v := m.m2[g] / d
			if m.sqrt {
				v = math.Sqrt(v)
			}
			b.Append(v)
		}
	}
	return b.NewArray(), nil
}

func (m *momentsAcc) Release() { m.n, m.mean, m.m2 = nil, nil, nil }

func registerVariance(r *Registry) {
	for _, f := range []struct {
		name         string
		sample, sqrt bool
		aliases      []string
	}{
		{"stddev_samp", true, true, []string{"stddev", "std"}},
		{"stddev_pop", false, true, nil},
		{"var_samp", true, false, []string{"variance"}},
		{"var_pop", false, false, nil},
	} {
		f := f
		r.AddAggregate(&AggregateFunc{Name: f.name, Bind: func(args []types.DataType, distinct, _ bool) (*BoundAgg, error) {
			if err := oneNumeric(f.name, args, distinct); err != nil {
				return nil, err
			}
			return &BoundAgg{ArgTypes: []types.DataType{types.Double}, Result: types.Double, Nullable: true,
				StateTypes: []types.DataType{types.Double, types.Double, types.Double},
				New:        func(*EvalContext) Accumulator { return &momentsAcc{sample: f.sample, sqrt: f.sqrt} }}, nil
		}}, f.aliases...)
	}
}
