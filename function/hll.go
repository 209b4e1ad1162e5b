package function

import (
	"math"
	"math/bits"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// hllPlusPlus is Spark's HyperLogLogPlusPlusHelper for one precision p: registers of
// the leading-zero counts of XXH64 hashes (seed 42), estimated with the HLL++ bias
// correction and linear counting for small cardinalities.
type hllPlusPlus struct {
	p int
	m int
}

func newHLL(rsd float64) hllPlusPlus {
	p := int(math.Ceil(2.0 * math.Log(1.106/rsd) / math.Log(2.0)))
	return hllPlusPlus{p: p, m: 1 << p}
}

func (h hllPlusPlus) update(regs []byte, x uint64) {
	idx := x >> (64 - h.p)
	pw := byte(bits.LeadingZeros64(x<<h.p|1<<(h.p-1)) + 1)
	if pw > regs[idx] {
		regs[idx] = pw
	}
}

func (h hllPlusPlus) alphaM2() float64 {
	m := float64(h.m)
	switch h.p {
	case 4:
		return 0.673 * m * m
	case 5:
		return 0.697 * m * m
	case 6:
		return 0.709 * m * m
	}
	return (0.7213 / (1.0 + 1.079/m)) * m * m
}

func (h hllPlusPlus) estimateBias(e float64) float64 {
	estimates := hllRawEstimateData[h.p-4]
	n := len(estimates)
	// java.util.Arrays.binarySearch: the index of e, or its insertion point.
	nearest := sort.SearchFloat64s(estimates, e)
	dist := func(i int) float64 {
		d := e - estimates[i]
		return d * d
	}
	const k = 6
	low := max(nearest-k+1, 0)
	high := min(low+k, n)
	for high < n && dist(high) < dist(low) {
		low++
		high++
	}
	biases := hllBiasData[h.p-4]
	sum := 0.0
	for i := low; i < high; i++ {
		sum += biases[i]
	}
	return sum / float64(high-low)
}

func (h hllPlusPlus) query(regs []byte) int64 {
	zInverse, v := 0.0, 0.0
	for _, r := range regs[:h.m] {
		zInverse += 1.0 / float64(uint64(1)<<r)
		if r == 0 {
			v++
		}
	}
	e := h.alphaM2() / zInverse
	m := float64(h.m)
	corrected := func() float64 {
		if h.p < 19 && e < 5.0*m {
			return e - h.estimateBias(e)
		}
		return e
	}
	var est float64
	if v > 0 {
		hh := m * math.Log(m/v)
		if (h.p < 19 && hh <= hllThresholds[h.p-4]) || e <= 2.5*m {
			est = hh
		} else {
			est = corrected()
		}
	} else {
		est = corrected()
	}
	return javaRound(est)
}

// javaRound is Java's Math.round(double): floor(x + 0.5), saturating.
func javaRound(x float64) int64 {
	if x != x {
		return 0
	}
	return javaDoubleToLong(math.Floor(x + 0.5))
}

func registerApproxCountDistinct(r *Registry) {
	r.AddAggregate(&AggregateFunc{Name: "approx_count_distinct", Bind: func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
		if err := argCount("approx_count_distinct", args, 1, 2); err != nil {
			return nil, err
		}
		at := append([]types.DataType(nil), args...)
		if len(at) == 2 {
			if !types.IsNumeric(at[1]) {
				return nil, typeMismatch(1, types.Double, at[1])
			}
			at[1] = types.Double
		}
		t := args[0]
		return &BoundAgg{ArgTypes: at, Result: types.Long, StateTypes: []types.DataType{types.Binary},
			New: func(*EvalContext) Accumulator { return &hllAcc{t: t} }}, nil
	}})
}

// hllAcc is approx_count_distinct. The state of a group is the precision byte followed
// by one byte per register.
type hllAcc struct {
	t    types.DataType
	h    hllPlusPlus
	regs [][]byte
}

func (a *hllAcc) grow(n int) {
	for len(a.regs) < n {
		a.regs = append(a.regs, nil)
	}
}

func (a *hllAcc) group(g uint32) []byte {
	if a.regs[g] == nil {
		a.regs[g] = make([]byte, a.h.m)
	}
	return a.regs[g]
}

func (a *hllAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	a.grow(numGroups)
	if a.h.p == 0 {
		rsd := 0.05
		if len(args) > 1 && len(groups) > 0 && !args[1].IsNull(0) {
			rsd = floatAt(args[1], 0)
		}
		a.h = newHLL(rsd)
		if a.h.p < 4 || a.h.p > 18 {
			return sparkError("_LEGACY_ERROR_TEMP_3071")
		}
	}
	if args[0].DataType().ID() == arrow.NULL {
		return nil
	}
	for i, g := range groups {
		if args[0].IsNull(i) {
			continue
		}
		a.h.update(a.group(g), xxhashValue(args[0], i, a.t, sparkHashSeed))
	}
	return nil
}

func (a *hllAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	a.grow(numGroups)
	bs := states[0].(*array.Binary)
	for i, g := range groups {
		if bs.IsNull(i) {
			continue
		}
		v := bs.Value(i)
		if a.h.p == 0 {
			a.h = hllPlusPlus{p: int(v[0]), m: 1 << v[0]}
		}
		regs := a.group(g)
		for j, r := range v[1:] {
			regs[j] = max(regs[j], r)
		}
	}
	return nil
}

func (a *hllAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	b := array.NewBinaryBuilder(ec.Mem, arrow.BinaryTypes.Binary)
	defer b.Release()
	for _, regs := range a.regs {
		if regs == nil {
			b.AppendNull()
			continue
		}
		b.Append(append([]byte{byte(a.h.p)}, regs...))
	}
	return []arrow.Array{b.NewArray()}, nil
}

func (a *hllAcc) Final(ec *EvalContext) (arrow.Array, error) {
	b := array.NewInt64Builder(ec.Mem)
	defer b.Release()
	for _, regs := range a.regs {
		if regs == nil {
			b.Append(0)
			continue
		}
		b.Append(a.h.query(regs))
	}
	return b.NewArray(), nil
}

func (a *hllAcc) Release() { a.regs = nil }
