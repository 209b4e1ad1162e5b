package function

import (
	"encoding/binary"
	"math"
	"math/big"
	"sort"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/sql/types"
)

// numAt reads a numeric value (decimals too) as a double, as Spark's toDouble does.
func numAt(a arrow.Array, i int) float64 {
	if d, ok := a.(*array.Decimal128); ok {
		scale := d.DataType().(*arrow.Decimal128Type).Scale
		f, _ := new(big.Rat).SetFrac(d.Value(i).BigInt(), pow10(scale)).Float64()
		return f
	}
	return floatAt(a, i)
}

// percentagesAt reads the percentage argument at row i: one double or an array.
func percentagesAt(a arrow.Array, i int) []float64 {
	if a.IsNull(i) {
		return nil
	}
	if l, ok := a.(*array.List); ok {
		start, end := l.ValueOffsets(i)
		out := make([]float64, 0, end-start)
		for j := start; j < end; j++ {
			out = append(out, numAt(l.ListValues(), int(j)))
		}
		return out
	}
	return []float64{numAt(a, i)}
}

func isNumericOrArrayOfNumeric(t types.DataType) bool {
	if at, ok := t.(types.ArrayType); ok {
		return types.IsNumeric(at.Elem)
	}
	return types.IsNumeric(t)
}

func registerPercentiles(r *Registry) {
	bindExact := func(name string, median bool) func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
		return func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
			if median {
				if err := argCount(name, args, 1); err != nil {
					return nil, err
				}
			} else if err := argCount(name, args, 2, 3); err != nil {
				return nil, err
			}
			if !types.IsNumeric(args[0]) && args[0] != types.Null {
				return nil, typeMismatchNamed(0, `("NUMERIC" or "ANSI INTERVAL")`, args[0])
			}
			at := []types.DataType{types.Double}
			var result types.DataType = types.Double
			if !median {
				if !isNumericOrArrayOfNumeric(args[1]) {
					return nil, typeMismatchNamed(1, `("DOUBLE" or "ARRAY<DOUBLE>")`, args[1])
				}
				at = append(at, args[1])
				if _, ok := args[1].(types.ArrayType); ok {
					result = types.ArrayType{Elem: types.Double}
				}
				if len(args) == 3 {
					if !types.IsIntegral(args[2]) && args[2] != types.Null {
						return nil, typeMismatchNamed(2, `"INTEGRAL"`, args[2])
					}
					at = append(at, types.Long)
				}
			}
			_, array := result.(types.ArrayType)
			return &BoundAgg{ArgTypes: at, Result: result, Nullable: true,
				StateTypes: []types.DataType{types.ArrayType{Elem: types.Double}, types.ArrayType{Elem: types.Long}, types.ArrayType{Elem: types.Double}},
				New: func(*EvalContext) Accumulator {
					return &percentileAcc{array: array, median: median}
				}}, nil
		}
	}
	r.AddAggregate(&AggregateFunc{Name: "percentile", Bind: bindExact("percentile", false)})
	r.AddAggregate(&AggregateFunc{Name: "median", Bind: bindExact("median", true)})
	r.AddAggregate(&AggregateFunc{Name: "percentile_approx", Bind: func(args []types.DataType, _, _ bool) (*BoundAgg, error) {
		if err := argCount("percentile_approx", args, 2, 3); err != nil {
			return nil, err
		}
		t := args[0]
		switch t.(type) {
		case types.DateType, types.TimestampType, types.TimestampNTZType, types.DayTimeIntervalType, types.YearMonthIntervalType:
		default:
			if !types.IsNumeric(t) {
				return nil, typeMismatchNamed(0, `("NUMERIC" or "DATE" or "TIMESTAMP" or "TIMESTAMP_NTZ" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH")`, t)
			}
		}
		if !isNumericOrArrayOfNumeric(args[1]) {
			return nil, typeMismatchNamed(1, `("DOUBLE" or "ARRAY<DOUBLE>")`, args[1])
		}
		result := t
		_, isArray := args[1].(types.ArrayType)
		if isArray {
			result = types.ArrayType{Elem: t}
		}
		if len(args) == 3 && !types.IsIntegral(args[2]) {
			return nil, typeMismatchNamed(2, `"INTEGRAL"`, args[2])
		}
		return &BoundAgg{ArgTypes: args, Result: result, Nullable: true, StateTypes: []types.DataType{types.Binary},
			New: func(*EvalContext) Accumulator { return &approxPercentileAcc{t: t, array: isArray} }}, nil
	}}, "approx_percentile")
}

// percentileAcc is Spark's exact Percentile: per group a count of every value (as a
// double, which orders and interpolates as Spark's toDoubleValue does), then linear
// interpolation between the closest ranks. The percentages travel in the state.
type percentileAcc struct {
	array, median bool
	counts        []map[float64]int64
	nan           []int64 // NaN counts (NaN is not a usable map key)
	pcts          []float64
}

func (p *percentileAcc) grow(n int) {
	for len(p.counts) < n {
		p.counts = append(p.counts, nil)
		p.nan = append(p.nan, 0)
	}
}

func (p *percentileAcc) add(g uint32, v float64, n int64) {
	if v != v {
		p.nan[g] += n
		return
	}
	if v == 0 {
		v = 0 // -0.0 and 0.0 order equal; keep one key
	}
	if p.counts[g] == nil {
		p.counts[g] = map[float64]int64{}
	}
	p.counts[g][v] += n
}

func (p *percentileAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	p.grow(numGroups)
	if p.median {
		p.pcts = []float64{0.5}
	} else if p.pcts == nil && len(groups) > 0 {
		p.pcts = percentagesAt(args[1], 0)
	}
	for i, g := range groups {
		if args[0].IsNull(i) {
			continue
		}
		n := int64(1)
		if len(args) > 2 {
			if args[2].IsNull(i) {
				continue
			}
			n = intAt(args[2], i)
			if n < 0 {
				return sparkError("_LEGACY_ERROR_TEMP_2013", "frequencyExpression", "", "frequency", itoa(int(n)))
			}
			if n == 0 {
				continue
			}
		}
		p.add(g, floatAt(args[0], i), n)
	}
	return nil
}

func (p *percentileAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	p.grow(numGroups)
	kl, cl, pl := states[0].(*array.List), states[1].(*array.List), states[2].(*array.List)
	keys, counts := kl.ListValues().(*array.Float64), cl.ListValues().(*array.Int64)
	for i, g := range groups {
		if p.pcts == nil && !pl.IsNull(i) {
			p.pcts = percentagesAt(pl, i)
		}
		start, end := kl.ValueOffsets(i)
		cs, _ := cl.ValueOffsets(i)
		for j := start; j < end; j++ {
			p.add(g, keys.Value(int(j)), counts.Value(int(cs+j-start)))
		}
	}
	return nil
}

func (p *percentileAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	kb := array.NewListBuilder(ec.Mem, arrow.PrimitiveTypes.Float64)
	defer kb.Release()
	cb := array.NewListBuilder(ec.Mem, arrow.PrimitiveTypes.Int64)
	defer cb.Release()
	pb := array.NewListBuilder(ec.Mem, arrow.PrimitiveTypes.Float64)
	defer pb.Release()
	for g := range p.counts {
		kb.Append(true)
		cb.Append(true)
		for k, n := range p.counts[g] {
			kb.ValueBuilder().(*array.Float64Builder).Append(k)
			cb.ValueBuilder().(*array.Int64Builder).Append(n)
		}
		if p.nan[g] > 0 {
			kb.ValueBuilder().(*array.Float64Builder).Append(math.NaN())
			cb.ValueBuilder().(*array.Int64Builder).Append(p.nan[g])
		}
		if p.pcts == nil {
			pb.AppendNull()
		} else {
			pb.Append(true)
			pb.ValueBuilder().(*array.Float64Builder).AppendValues(p.pcts, nil)
		}
	}
	return []arrow.Array{kb.NewArray(), cb.NewArray(), pb.NewArray()}, nil
}

// percentiles computes Spark's Percentile.generateOutput for one group.
func (p *percentileAcc) percentiles(g int) []float64 {
	keys := make([]float64, 0, len(p.counts[g])+1)
	for k := range p.counts[g] {
		keys = append(keys, k)
	}
	sort.Float64s(keys)
	acc := make([]int64, 0, len(keys)+1)
	var total int64
	for _, k := range keys {
		total += p.counts[g][k]
		acc = append(acc, total)
	}
	if p.nan[g] > 0 {
		keys = append(keys, math.NaN())
		total += p.nan[g]
		acc = append(acc, total)
	}
	if total == 0 {
		return nil
	}
	maxPosition := float64(total - 1)
	search := func(v int64) int {
		// java.util.Arrays.binarySearch: the index of v, or its insertion point.
		return sort.Search(len(acc), func(i int) bool { return acc[i] >= v })
	}
	out := make([]float64, len(p.pcts))
	for j, pct := range p.pcts {
		position := maxPosition * pct
		lower, higher := math.Floor(position), math.Ceil(position)
		lowerKey := keys[search(int64(lower)+1)]
		if higher == lower {
			out[j] = lowerKey
			continue
		}
		higherKey := keys[search(int64(higher)+1)]
		if higherKey == lowerKey {
			out[j] = lowerKey
			continue
		}
		out[j] = (higher-position)*lowerKey + (position-lower)*higherKey
	}
	return out
}

func (p *percentileAcc) Final(ec *EvalContext) (arrow.Array, error) {
	if p.array {
		b := array.NewListBuilderWithField(ec.Mem, arrow.Field{Name: "element", Type: arrow.PrimitiveTypes.Float64})
		defer b.Release()
		for g := range p.counts {
			vals := p.percentiles(g)
			if vals == nil {
				b.AppendNull()
				continue
			}
			b.Append(true)
			b.ValueBuilder().(*array.Float64Builder).AppendValues(vals, nil)
		}
		return b.NewArray(), nil
	}
	b := array.NewFloat64Builder(ec.Mem)
	defer b.Release()
	for g := range p.counts {
		vals := p.percentiles(g)
		if len(vals) == 0 {
			b.AppendNull()
			continue
		}
		b.Append(vals[0])
	}
	return b.NewArray(), nil
}

func (p *percentileAcc) Release() { p.counts, p.nan = nil, nil }

// gkStat is one sample of a Greenwald-Khanna summary (QuantileSummaries.Stats).
type gkStat struct {
	value    float64
	g, delta int64
}

// gkSummary is Spark's QuantileSummaries with its PercentileDigest wrapper, copied step
// for step so that approximate percentiles equal Spark's.
type gkSummary struct {
	relErr     float64
	sampled    []gkStat
	count      int64
	head       []float64
	compressed bool
}

const (
	gkCompressThreshold = 10000
	gkHeadSize          = 50000
)

func newGK(relErr float64) *gkSummary { return &gkSummary{relErr: relErr, compressed: true} }

func (s *gkSummary) insert(x float64) {
	s.head = append(s.head, x)
	s.compressed = false
	if len(s.head) >= gkHeadSize {
		s.withHeadBufferInserted()
		if len(s.sampled) >= gkCompressThreshold {
			s.compress()
		}
	}
}

// javaDoubleLess orders doubles as Scala's Array[Double].sorted (Double.compare): -0.0
// before 0.0, NaN last.
func javaDoubleLess(a, b float64) bool {
	an, bn := a != a, b != b
	switch {
	case an:
		return false
	case bn:
		return true
	case a == b:
		return math.Signbit(a) && !math.Signbit(b)
	}
	return a < b
}

func (s *gkSummary) withHeadBufferInserted() {
	if len(s.head) == 0 {
		return
	}
	currentCount := s.count
	sorted := append([]float64(nil), s.head...)
	sort.Slice(sorted, func(i, j int) bool { return javaDoubleLess(sorted[i], sorted[j]) })
	newSamples := make([]gkStat, 0, len(s.sampled)+len(sorted))
	sampleIdx := 0
	for opsIdx, cur := range sorted {
		for sampleIdx < len(s.sampled) && s.sampled[sampleIdx].value <= cur {
			newSamples = append(newSamples, s.sampled[sampleIdx])
			sampleIdx++
		}
		currentCount++
		var delta int64
		if len(newSamples) > 0 && !(sampleIdx == len(s.sampled) && opsIdx == len(sorted)-1) {
			delta = int64(math.Floor(2 * s.relErr * float64(currentCount)))
		}
		newSamples = append(newSamples, gkStat{cur, 1, delta})
	}
	newSamples = append(newSamples, s.sampled[sampleIdx:]...)
	s.sampled, s.count, s.head, s.compressed = newSamples, currentCount, nil, false
}

func (s *gkSummary) compress() {
	s.withHeadBufferInserted()
	s.sampled = gkCompress(s.sampled, 2*s.relErr*float64(s.count))
	s.compressed = true
}

func gkCompress(cur []gkStat, mergeThreshold float64) []gkStat {
	if len(cur) == 0 {
		return nil
	}
	var rev []gkStat
	head := cur[len(cur)-1]
	for i := len(cur) - 2; i >= 1; i-- {
		s1 := cur[i]
		if float64(s1.g+head.g+head.delta) < mergeThreshold {
			head.g += s1.g
		} else {
			rev = append(rev, head)
			head = s1
		}
	}
	rev = append(rev, head)
	if cur[0].value <= head.value && len(cur) > 1 {
		rev = append(rev, cur[0])
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// digest returns the compressed summary (PercentileDigest.quantileSummaries).
func (s *gkSummary) digest() *gkSummary {
	if !s.compressed {
		s.compress()
	}
	return s
}

// merge is PercentileDigest.merge followed by QuantileSummaries.merge.
func (s *gkSummary) merge(o *gkSummary) {
	if !s.compressed {
		s.compress()
	}
	o = o.digest()
	switch {
	case o.count == 0:
		return
	case s.count == 0:
		s.relErr, s.sampled, s.count, s.compressed = o.relErr, append([]gkStat(nil), o.sampled...), o.count, o.compressed
		return
	}
	merged := make([]gkStat, 0, len(s.sampled)+len(o.sampled))
	mergedRelErr := math.Max(s.relErr, o.relErr)
	mergedCount := s.count + o.count
	addSelf := int64(math.Floor(2 * o.relErr * float64(o.count)))
	addOther := int64(math.Floor(2 * s.relErr * float64(s.count)))
	si, oi := 0, 0
	for si < len(s.sampled) && oi < len(o.sampled) {
		a, b := s.sampled[si], o.sampled[oi]
		if a.value < b.value {
			si++
			if oi > 0 {
				a.delta += addSelf
			}
			merged = append(merged, a)
		} else {
			oi++
			if si > 0 {
				b.delta += addOther
			}
			merged = append(merged, b)
		}
	}
	merged = append(merged, s.sampled[si:]...)
	merged = append(merged, o.sampled[oi:]...)
	s.sampled = gkCompress(merged, 2*mergedRelErr*float64(mergedCount))
	s.relErr, s.count, s.compressed = mergedRelErr, mergedCount, true
}

// query is QuantileSummaries.query over several percentages.
func (s *gkSummary) query(pcts []float64) []float64 {
	s.digest()
	if s.count == 0 || len(pcts) == 0 || len(s.sampled) == 0 {
		return nil
	}
	targetErr := int64(math.MinInt64)
	for _, st := range s.sampled {
		targetErr = max(targetErr, st.delta+st.g)
	}
	targetErr /= 2
	order := make([]int, len(pcts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return pcts[order[a]] < pcts[order[b]] })
	out := make([]float64, len(pcts))
	index, minRank := 0, s.sampled[0].g
	for _, pos := range order {
		p := pcts[pos]
		switch {
		case p <= s.relErr:
			out[pos] = s.sampled[0].value
		case p >= 1-s.relErr:
			out[pos] = s.sampled[len(s.sampled)-1].value
		default:
			var v float64
			index, minRank, v = s.find(index, minRank, float64(targetErr), p)
			out[pos] = v
		}
	}
	return out
}

func (s *gkSummary) find(index int, minRank int64, targetErr, p float64) (int, int64, float64) {
	cur := s.sampled[index]
	rank := int64(math.Ceil(p * float64(s.count)))
	i := index
	for i < len(s.sampled)-1 {
		maxRank := minRank + cur.delta
		if float64(maxRank)-targetErr <= float64(rank) && float64(rank) <= float64(minRank)+targetErr {
			return i, minRank, cur.value
		}
		i++
		cur = s.sampled[i]
		minRank += cur.g
	}
	return len(s.sampled) - 1, 0, s.sampled[len(s.sampled)-1].value
}

func (s *gkSummary) encode(pcts []float64) []byte {
	s.digest()
	b := make([]byte, 0, 8*(4+len(pcts))+24*len(s.sampled))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.relErr))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(pcts)))
	for _, p := range pcts {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(p))
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(s.count))
	b = binary.LittleEndian.AppendUint64(b, uint64(len(s.sampled)))
	for _, st := range s.sampled {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(st.value))
		b = binary.LittleEndian.AppendUint64(b, uint64(st.g))
		b = binary.LittleEndian.AppendUint64(b, uint64(st.delta))
	}
	return b
}

func decodeGK(b []byte) (*gkSummary, []float64) {
	u := func() uint64 {
		v := binary.LittleEndian.Uint64(b)
		b = b[8:]
		return v
	}
	s := &gkSummary{relErr: math.Float64frombits(u()), compressed: true}
	pcts := make([]float64, u())
	for i := range pcts {
		pcts[i] = math.Float64frombits(u())
	}
	s.count = int64(u())
	s.sampled = make([]gkStat, u())
	for i := range s.sampled {
		s.sampled[i] = gkStat{math.Float64frombits(u()), int64(u()), int64(u())}
	}
	return s, pcts
}

// approxPercentileAcc is percentile_approx: a GK summary per group whose relative error
// is 1/accuracy (default 10000).
type approxPercentileAcc struct {
	t     types.DataType
	array bool
	sums  []*gkSummary
	pcts  []float64
	rel   float64
}

func (a *approxPercentileAcc) grow(n int) {
	for len(a.sums) < n {
		a.sums = append(a.sums, nil)
	}
}

func (a *approxPercentileAcc) summary(g uint32) *gkSummary {
	if a.sums[g] == nil {
		a.sums[g] = newGK(a.rel)
	}
	return a.sums[g]
}

func (a *approxPercentileAcc) Update(_ *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error {
	a.grow(numGroups)
	if len(groups) > 0 && a.rel == 0 {
		a.pcts = percentagesAt(args[1], 0)
		acc := int64(10000)
		if len(args) > 2 && !args[2].IsNull(0) {
			acc = intAt(args[2], 0)
		}
		if acc <= 0 {
			return sparkError("DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", "sqlExpr", "", "exprName", "accuracy", "valueRange", "(0, 2147483647]", "currentValue", itoa(int(acc)))
		}
		a.rel = 1.0 / float64(acc)
	}
	for i, g := range groups {
		if args[0].IsNull(i) {
			continue
		}
		var v float64
		switch x := args[0].(type) {
		case *array.Decimal128:
			v = numAt(x, i)
		default:
			v = floatAt(x, i)
		}
		a.summary(g).insert(v)
	}
	return nil
}

func (a *approxPercentileAcc) Merge(_ *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error {
	a.grow(numGroups)
	bs := states[0].(*array.Binary)
	for i, g := range groups {
		if bs.IsNull(i) {
			continue
		}
		o, pcts := decodeGK(bs.Value(i))
		if a.pcts == nil {
			a.pcts = pcts
		}
		if a.rel == 0 {
			a.rel = o.relErr
		}
		a.summary(g).merge(o)
	}
	return nil
}

func (a *approxPercentileAcc) State(ec *EvalContext) ([]arrow.Array, error) {
	b := array.NewBinaryBuilder(ec.Mem, arrow.BinaryTypes.Binary)
	defer b.Release()
	for _, s := range a.sums {
		if s == nil {
			b.AppendNull()
			continue
		}
		b.Append(s.encode(a.pcts))
	}
	return []arrow.Array{b.NewArray()}, nil
}

// appendFromDouble appends a percentile converted back to the input type as Spark's
// doubleToDataType does (truncating toward zero for integral types).
func appendFromDouble(b array.Builder, t types.DataType, v float64) {
	switch bb := b.(type) {
	case *array.Int8Builder:
		bb.Append(int8(javaDoubleToInt(v)))
	case *array.Int16Builder:
		bb.Append(int16(javaDoubleToInt(v)))
	case *array.Int32Builder:
		bb.Append(javaDoubleToInt(v))
	case *array.Int64Builder:
		bb.Append(javaDoubleToLong(v))
	case *array.Float32Builder:
		bb.Append(float32(v))
	case *array.Float64Builder:
		bb.Append(v)
	case *array.Date32Builder:
		bb.Append(arrow.Date32(javaDoubleToInt(v)))
	case *array.TimestampBuilder:
		bb.Append(arrow.Timestamp(javaDoubleToLong(v)))
	case *array.DurationBuilder:
		bb.Append(arrow.Duration(javaDoubleToLong(v)))
	case *array.MonthIntervalBuilder:
		bb.Append(arrow.MonthInterval(javaDoubleToInt(v)))
	case *array.Decimal128Builder:
		dt := t.(types.DecimalType)
		f := new(big.Float).SetFloat64(v)
		f.Mul(f, new(big.Float).SetInt(pow10(dt.Scale)))
		n, _ := f.Int(nil)
		// HALF_UP on the dropped fraction.
		frac := new(big.Float).Sub(f, new(big.Float).SetInt(n))
		if frac.Cmp(big.NewFloat(0.5)) >= 0 {
			n.Add(n, big.NewInt(1))
		} else if frac.Cmp(big.NewFloat(-0.5)) <= 0 {
			n.Sub(n, big.NewInt(1))
		}
		bb.Append(decimal128.FromBigInt(n))
	default:
		b.AppendNull()
	}
}

// javaDoubleToInt is Java's (int) cast: truncation, saturating, NaN to 0.
func javaDoubleToInt(v float64) int32 {
	switch {
	case v != v:
		return 0
	case v >= math.MaxInt32:
		return math.MaxInt32
	case v <= math.MinInt32:
		return math.MinInt32
	}
	return int32(v)
}

// javaDoubleToLong is Java's (long) cast.
func javaDoubleToLong(v float64) int64 {
	switch {
	case v != v:
		return 0
	case v >= math.MaxInt64:
		return math.MaxInt64
	case v <= math.MinInt64:
		return math.MinInt64
	}
	return int64(v)
}

func (a *approxPercentileAcc) Final(ec *EvalContext) (arrow.Array, error) {
	if a.array {
		lb := newBuilder(ec, types.ArrayType{Elem: a.t}).(*array.ListBuilder)
		defer lb.Release()
		for _, s := range a.sums {
			var vals []float64
			if s != nil {
				vals = s.query(a.pcts)
			}
			if vals == nil {
				lb.AppendNull()
				continue
			}
			lb.Append(true)
			for _, v := range vals {
				appendFromDouble(lb.ValueBuilder(), a.t, v)
			}
		}
		return lb.NewArray(), nil
	}
	b := newBuilder(ec, a.t)
	defer b.Release()
	for _, s := range a.sums {
		var vals []float64
		if s != nil {
			vals = s.query(a.pcts)
		}
		if len(vals) == 0 {
			b.AppendNull()
			continue
		}
		appendFromDouble(b, a.t, vals[0])
	}
	return b.NewArray(), nil
}

func (a *approxPercentileAcc) Release() { a.sums = nil }
