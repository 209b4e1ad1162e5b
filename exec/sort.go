package exec

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/stage"
)

// sortOp sorts all of its input (stable, with Spark's ordering) and emits it in batches.
//
// Without a memory limit, or when the input fits in the operator's share of it, the
// input is concatenated and a permutation of its rows sorted in memory. Past the share,
// the buffered input is sorted and written to a spill file as a sorted run, and the
// output is a k-way merge of the runs and the sorted in-memory remainder (sortspill.go).
type sortOp struct {
	in     Operator
	mem    memory.Allocator
	batch  int
	orders []*plan.SortOrder
	keys   []Evaluator
	keyRef []int // per key, the input column it is, or -1 for a computed key

	consumed bool
	sorted   arrow.RecordBatch // all input rows, concatenated
	permBuf  vec[int32]        // accounted storage of perm
	perm     []int32           // the sorted order of the rows of sorted
	pos      int

	budget *memBudget
	spill  *sortSpill // nil without a memory limit
}

func newSort(tc *TaskContext, o *stage.Sort, in Operator) (Operator, error) {
	keys := make([]Evaluator, len(o.Orders))
	keyRef := make([]int, len(o.Orders))
	for i, so := range o.Orders {
		ev, err := Compile(tc, so.Child, in.Schema())
		if err != nil {
			return nil, err
		}
		keys[i] = ev
		keyRef[i] = inputColumn(so.Child, ev, in.Schema())
	}
	s := &sortOp{in: in, mem: tc.Mem, batch: batchSize(tc), orders: o.Orders, keys: keys, keyRef: keyRef}
	s.budget = newBudget(tc)
	if s.budget.limited() {
		s.spill = newSortSpill(tc, s)
	}
	return s, nil
}

func (s *sortOp) Schema() *arrow.Schema { return s.in.Schema() }

func (s *sortOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if !s.consumed {
		s.consumed = true
		if err := s.consume(ctx); err != nil {
			s.spill.abort()
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.spill.merging() {
		b, err := s.spill.next(s.batch)
		if err != nil && err != io.EOF {
			s.spill.abort()
		}
		return b, err
	}
	if s.pos >= len(s.perm) {
		return nil, io.EOF
	}
	end := min(s.pos+s.batch, len(s.perm))
	out, err := takeBatch(s.mem, s.sorted, s.perm[s.pos:end])
	s.pos = end
	return out, err
}

// consume reads the whole input and sorts it: in memory when it fits (concatenated,
// with a sorted permutation of its rows), else as sorted runs to merge.
func (s *sortOp) consume(ctx context.Context) error {
	var batches []arrow.RecordBatch
	defer func() { releaseAll(batches) }()
	for {
		b, err := s.in.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if s.spill != nil {
			cost := sortCost(b)
			if len(batches) > 0 && !s.budget.fits(cost) {
				err := s.spill.spillRun(batches)
				batches = batches[:0]
				if err != nil {
					b.Release()
					return err
				}
			}
			s.budget.grow(cost)
		}
		batches = append(batches, b)
	}
	if s.spill != nil && len(s.spill.runs) > 0 {
		err := s.spill.startMerge(ctx, batches)
		batches = nil
		return err
	}
	all, keyCols, err := s.sortBuffered(batches, false)
	releaseAll(keyCols)
	if err != nil {
		return err
	}
	s.sorted = all
	return nil
}

// sortBuffered concatenates batches (releasing them and clearing the slice) and sorts
// s.perm, a permutation of the rows of the result. It returns the concatenation and,
// when the sort needed them or withKeys is set, the key columns evaluated over it; the
// caller releases both, and s.permBuf.
func (s *sortOp) sortBuffered(batches []arrow.RecordBatch, withKeys bool) (all arrow.RecordBatch, keyCols []arrow.Array, err error) {
	all, err = concatBatches(s.mem, s.in.Schema(), batches)
	releaseAll(batches)
	clear(batches)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			releaseAll(keyCols)
			all.Release()
			all, keyCols = nil, nil
		}
	}()
	n := int(all.NumRows())
	s.permBuf.release()
	s.permBuf.init(s.mem)
	s.permBuf.resize(n)
	s.perm = s.permBuf.data()
	if s.perm == nil {
		s.perm = []int32{}
	}
	for i := range s.perm {
		s.perm[i] = int32(i)
	}
	if n < 2 && !withKeys {
		return all, nil, nil
	}
	keyCols = make([]arrow.Array, len(s.keys))
	for k, ev := range s.keys {
		col, err := ev.Eval(all)
		if err != nil {
			return nil, nil, err
		}
		keyCols[k] = col
	}
	if n < 2 {
		return all, keyCols, nil
	}
	if len(keyCols) == 1 && sortByNormalizedKey(s.mem, keyCols[0], s.orders[0].Descending, s.orders[0].NullsFirst, s.perm) {
		return all, keyCols, nil
	}
	cmps := make([]func(i, j int32) int, len(s.keys))
	for k, col := range keyCols {
		c, err := sortComparator(col, s.orders[k].Descending, s.orders[k].NullsFirst)
		if err != nil {
			return nil, nil, err
		}
		cmps[k] = c
	}
	if len(cmps) == 1 {
		slices.SortStableFunc(s.perm, cmps[0])
		return all, keyCols, nil
	}
	slices.SortStableFunc(s.perm, func(i, j int32) int {
		for _, c := range cmps {
			if r := c(i, j); r != 0 {
				return r
			}
		}
		return 0
	})
	return all, keyCols, nil
}

func (s *sortOp) Close() error {
	s.spill.abort()
	s.budget.close()
	s.permBuf.release()
	s.perm = nil
	if s.sorted != nil {
		s.sorted.Release()
		s.sorted = nil
	}
	return s.in.Close()
}

// concatBatches concatenates batches into one batch of the given schema.
func concatBatches(mem memory.Allocator, schema *arrow.Schema, batches []arrow.RecordBatch) (arrow.RecordBatch, error) {
	if len(batches) == 1 {
		batches[0].Retain()
		return batches[0], nil
	}
	rows := int64(0)
	for _, b := range batches {
		rows += b.NumRows()
	}
	cols := make([]arrow.Array, schema.NumFields())
	parts := make([]arrow.Array, len(batches))
	for c := range cols {
		if len(batches) == 0 {
			cols[c] = array.MakeArrayOfNull(mem, schema.Field(c).Type, 0)
			continue
		}
		for i, b := range batches {
			parts[i] = b.Column(c)
		}
		col, err := array.Concatenate(parts, mem)
		if err != nil {
			releaseAll(cols[:c])
			return nil, fmt.Errorf("exec: concatenate column %d: %w", c, err)
		}
		cols[c] = col
	}
	out := array.NewRecordBatch(schema, cols, rows)
	releaseAll(cols)
	return out, nil
}

// sortComparator returns a comparison of rows i and j of col in Spark's order: NULLs
// first or last as nullsFirst says (whatever the direction), NaN above every other
// floating-point value and equal to itself, -0.0 equal to 0.0, strings and binaries by
// unsigned bytes, false before true. desc reverses the order of non-NULL values.
func sortComparator(col arrow.Array, desc, nullsFirst bool) (func(i, j int32) int, error) {
	base, err := valueComparator(col)
	if err != nil {
		return nil, err
	}
	cmpv := base
	if desc {
		cmpv = func(i, j int32) int { return -base(i, j) }
	}
	if col.NullN() == 0 {
		return cmpv, nil
	}
	nullOrder := 1
	if nullsFirst {
		nullOrder = -1
	}
	valid := validOf(col)
	return func(i, j int32) int {
		vi, vj := valid.ok(int(i)), valid.ok(int(j))
		switch {
		case vi && vj:
			return cmpv(i, j)
		case vi:
			return -nullOrder
		case vj:
			return nullOrder
		}
		return 0
	}, nil
}

// valueComparator compares the values (not the validity) of rows i and j of col.
func valueComparator(col arrow.Array) (func(i, j int32) int, error) {
	switch a := col.(type) {
	case *array.Null:
		return func(i, j int32) int { return 0 }, nil
	case *array.Boolean:
		return func(i, j int32) int {
			x, y := a.Value(int(i)), a.Value(int(j))
			switch {
			case x == y:
				return 0
			case x:
				return 1
			}
			return -1
		}, nil
	case *array.Int8:
		return orderedComparator(a.Int8Values()), nil
	case *array.Int16:
		return orderedComparator(a.Int16Values()), nil
	case *array.Int32:
		return orderedComparator(a.Int32Values()), nil
	case *array.Int64:
		return orderedComparator(a.Int64Values()), nil
	case *array.Date32:
		return orderedComparator(a.Date32Values()), nil
	case *array.Timestamp:
		return orderedComparator(a.TimestampValues()), nil
	case *array.Duration:
		return orderedComparator(a.DurationValues()), nil
	case *array.MonthInterval:
		return orderedComparator(a.MonthIntervalValues()), nil
	case *array.Float32:
		return floatComparator(a.Float32Values()), nil
	case *array.Float64:
		return floatComparator(a.Float64Values()), nil
	case *array.Decimal128:
		vs := a.Values()
		return func(i, j int32) int { return vs[i].Cmp(vs[j]) }, nil
	case *array.String:
		offs, data := a.ValueOffsets(), a.ValueBytes()
		base := offs[0]
		return func(i, j int32) int {
			return bytes.Compare(data[offs[i]-base:offs[i+1]-base], data[offs[j]-base:offs[j+1]-base])
		}, nil
	case *array.Binary:
		return func(i, j int32) int { return bytes.Compare(a.Value(int(i)), a.Value(int(j))) }, nil
	}
	return nil, fmt.Errorf("%w: ordering of %s", ErrUnsupported, col.DataType())
}

func orderedComparator[T cmp.Ordered](vs []T) func(i, j int32) int {
	return func(i, j int32) int { return cmp.Compare(vs[i], vs[j]) }
}

func floatComparator[T float32 | float64](vs []T) func(i, j int32) int {
	return func(i, j int32) int { return floatCompare(vs[i], vs[j]) }
}

// floatCompare compares floats in Spark's order: -0.0 equal to 0.0, NaN the largest
// value and equal to itself.
func floatCompare[T float32 | float64](x, y T) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		return 0
	}
	// At least one NaN: NaN is the largest value and equal to itself.
	xn, yn := x != x, y != y
	switch {
	case xn && yn:
		return 0
	case xn:
		return 1
	}
	return -1
}

// sortByNormalizedKey sorts perm by one numeric key column through an order-preserving
// unsigned encoding of its values (Spark's float order: -0.0 = 0.0, NaN largest), with
// the row index breaking ties so that the sort is stable. It reports false for types it
// does not handle.
func sortByNormalizedKey(mem memory.Allocator, col arrow.Array, desc, nullsFirst bool, perm []int32) bool {
	var enc func(i int) uint64
	switch a := col.(type) {
	case *array.Int8:
		vs := a.Int8Values()
		enc = func(i int) uint64 { return uint64(int64(vs[i])) ^ 1<<63 }
	case *array.Int16:
		vs := a.Int16Values()
		enc = func(i int) uint64 { return uint64(int64(vs[i])) ^ 1<<63 }
	case *array.Int32:
		vs := a.Int32Values()
		enc = func(i int) uint64 { return uint64(int64(vs[i])) ^ 1<<63 }
	case *array.Int64:
		vs := a.Int64Values()
		enc = func(i int) uint64 { return uint64(vs[i]) ^ 1<<63 }
	case *array.Date32:
		vs := a.Date32Values()
		enc = func(i int) uint64 { return uint64(int64(vs[i])) ^ 1<<63 }
	case *array.Timestamp:
		vs := a.TimestampValues()
		enc = func(i int) uint64 { return uint64(vs[i]) ^ 1<<63 }
	case *array.Float32:
		vs := a.Float32Values()
		enc = func(i int) uint64 { return floatKey64(float64(vs[i])) }
	case *array.Float64:
		vs := a.Float64Values()
		enc = func(i int) uint64 { return floatKey64(vs[i]) }
	default:
		return false
	}
	n := col.Len()
	valid := validOf(col)
	var buf, scratch vec[keyedRow]
	buf.init(mem)
	scratch.init(mem)
	defer buf.release()
	defer scratch.release()
	buf.reserve(n)
	entries := buf.data()[:0]
	var nulls []int32
	for i := 0; i < n; i++ {
		if !valid.ok(i) {
			nulls = append(nulls, int32(i))
			continue
		}
		k := enc(i)
		if desc {
			k = ^k
		}
		entries = append(entries, keyedRow{k, int32(i)})
	}
	scratch.resize(len(entries))
	entries = radixSort(entries, scratch.data())
	out := perm[:0]
	if nullsFirst {
		out = append(out, nulls...)
	}
	for _, e := range entries {
		out = append(out, e.idx)
	}
	if !nullsFirst {
		out = append(out, nulls...)
	}
	return true
}

// floatKey64 maps a float to an unsigned key with the same order as Spark's: -0.0 equal
// to 0.0, every NaN equal and above +Inf.
func floatKey64(v float64) uint64 {
	switch {
	case v == 0:
		v = 0
	case v != v:
		return ^uint64(0)
	}
	b := math.Float64bits(v)
	if b&(1<<63) != 0 {
		return ^b
	}
	return b | 1<<63
}

// keyedRow is a row index with its normalized sort key.
type keyedRow struct {
	key uint64
	idx int32
}

// radixSort sorts rows by key, stably, with a least-significant-digit radix sort on
// bytes, skipping the bytes every key shares. tmp is scratch space of len(rows); the
// result is rows or tmp.
func radixSort(rows, tmp []keyedRow) []keyedRow {
	if len(rows) < 256 {
		slices.SortStableFunc(rows, func(x, y keyedRow) int { return cmp.Compare(x.key, y.key) })
		return rows
	}
	var counts [8][256]int
	for _, r := range rows {
		k := r.key
		for d := 0; d < 8; d++ {
			counts[d][byte(k>>(8*d))]++
		}
	}
	src, dst := rows, tmp
	for d := 0; d < 8; d++ {
		c := &counts[d]
		if c[byte(src[0].key>>(8*d))] == len(src) {
			continue // every key has the same byte d
		}
		pos := 0
		for b := range c {
			n := c[b]
			c[b] = pos
			pos += n
		}
		shift := uint(8 * d)
		for _, r := range src {
			b := byte(r.key >> shift)
			dst[c[b]] = r
			c[b]++
		}
		src, dst = dst, src
	}
	return src
}
