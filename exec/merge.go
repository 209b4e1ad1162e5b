package exec

import (
	"bytes"
	"cmp"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// runSource yields the batches of one sorted run in order. next returns a batch the
// caller owns, or io.EOF at the end; close releases the source and may be called at any
// point.
type runSource interface {
	next() (arrow.RecordBatch, error)
	close()
}

var (
	_ runSource = (*spillReader)(nil)
	_ runSource = (*memRun)(nil)
)

// memRun is a sorted run held in memory: the rows perm of batch, in that order, emitted
// in chunks of size rows.
type memRun struct {
	mem     memory.Allocator
	batch   arrow.RecordBatch
	permBuf vec[int32]
	perm    []int32
	size    int
	pos     int
}

func (r *memRun) next() (arrow.RecordBatch, error) {
	if r.pos >= len(r.perm) {
		return nil, io.EOF
	}
	end := min(r.pos+r.size, len(r.perm))
	out, err := takeBatch(r.mem, r.batch, r.perm[r.pos:end])
	r.pos = end
	return out, err
}

func (r *memRun) close() {
	r.permBuf.release()
	r.perm = nil
	if r.batch != nil {
		r.batch.Release()
		r.batch = nil
	}
}

// merger merges sorted runs into one sorted stream: a k-way merge over a binary heap of
// the runs' current rows, comparing rows across batches with Spark's ordering (the
// semantics of sortComparator). Ties go to the run with the lower index, so when runs
// hold consecutive parts of the input, each sorted stably, the merge is stable too.
type merger struct {
	mem    memory.Allocator
	schema *arrow.Schema // of the output: the first schema.NumFields() run columns
	keyCol []int         // per key, the run column holding it
	keys   []mergeKey
	srcs   []*mergeCursor
	heap   []int // indices of srcs with rows left, a min-heap

	out  []arrow.RecordBatch // batches the rows of the current output come from
	refs []rowRef
}

// mergeCursor is a run's position in the merge.
type mergeCursor struct {
	src    runSource
	cur    arrow.RecordBatch
	row, n int32
	outIdx int32 // index of cur in merger.out; -1 when not there yet
}

// rowRef is row row of batch batch, of a list of batches.
type rowRef struct{ batch, row int32 }

// newMerger starts merging srcs, taking ownership of them (they are closed by close,
// also on error).
func newMerger(mem memory.Allocator, schema *arrow.Schema, runSchema *arrow.Schema, keyCol []int, desc, nullsFirst []bool, srcs []runSource) (m *merger, err error) {
	m = &merger{mem: mem, schema: schema, keyCol: keyCol}
	for _, s := range srcs {
		m.srcs = append(m.srcs, &mergeCursor{src: s, outIdx: -1})
	}
	defer func() {
		if err != nil {
			m.close()
		}
	}()
	for k, c := range keyCol {
		mk, err := newMergeKey(runSchema.Field(c).Type, len(srcs), desc[k], nullsFirst[k])
		if err != nil {
			return nil, err
		}
		m.keys = append(m.keys, mk)
	}
	for i := range m.srcs {
		ok, err := m.load(i)
		if err != nil {
			return nil, err
		}
		if ok {
			m.heap = append(m.heap, i)
		}
	}
	for i := len(m.heap)/2 - 1; i >= 0; i-- {
		m.down(i)
	}
	return m, nil
}

// load moves source i to its next non-empty batch, reporting false at its end.
func (m *merger) load(i int) (bool, error) {
	c := m.srcs[i]
	if c.cur != nil {
		c.cur.Release() // merger.out keeps its own reference when rows were taken
		c.cur = nil
	}
	c.outIdx = -1
	for {
		b, err := c.src.next()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if b.NumRows() == 0 {
			b.Release()
			continue
		}
		c.cur, c.row, c.n = b, 0, int32(b.NumRows())
		for k, mk := range m.keys {
			mk.set(i, b.Column(m.keyCol[k]))
		}
		return true, nil
	}
}

// less orders the current rows of sources x and y, ties by source index.
func (m *merger) less(x, y int) bool {
	cx, cy := m.srcs[x], m.srcs[y]
	for _, k := range m.keys {
		if r := k.compare(x, cx.row, y, cy.row); r != 0 {
			return r < 0
		}
	}
	return x < y
}

func (m *merger) down(i int) {
	h := m.heap
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		j := l
		if r := l + 1; r < len(h) && m.less(h[r], h[l]) {
			j = r
		}
		if !m.less(h[j], h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

// next returns the next (at most) n rows of the merge as a batch of the output schema,
// or io.EOF when every run is exhausted.
func (m *merger) next(n int) (arrow.RecordBatch, error) {
	m.refs = m.refs[:0]
	defer func() {
		releaseAll(m.out)
		m.out = m.out[:0]
		for _, c := range m.srcs {
			c.outIdx = -1
		}
	}()
	for len(m.refs) < n && len(m.heap) > 0 {
		top := m.heap[0]
		c := m.srcs[top]
		if c.outIdx < 0 {
			c.cur.Retain()
			c.outIdx = int32(len(m.out))
			m.out = append(m.out, c.cur)
		}
		m.refs = append(m.refs, rowRef{c.outIdx, c.row})
		c.row++
		if c.row == c.n {
			ok, err := m.load(top)
			if err != nil {
				return nil, err
			}
			if !ok {
				last := len(m.heap) - 1
				m.heap[0] = m.heap[last]
				m.heap = m.heap[:last]
			}
		}
		m.down(0)
	}
	if len(m.refs) == 0 {
		return nil, io.EOF
	}
	cols := make([]arrow.Array, m.schema.NumFields())
	parts := make([]arrow.Array, len(m.out))
	for c := range cols {
		for i, b := range m.out {
			parts[i] = b.Column(c)
		}
		col, err := interleave(m.mem, parts, m.refs)
		if err != nil {
			releaseAll(cols[:c])
			return nil, err
		}
		cols[c] = col
	}
	out := array.NewRecordBatch(m.schema, cols, int64(len(m.refs)))
	releaseAll(cols)
	return out, nil
}

func (m *merger) close() {
	for _, c := range m.srcs {
		if c.cur != nil {
			c.cur.Release()
			c.cur = nil
		}
		c.src.close()
	}
	m.srcs, m.heap = nil, nil
	releaseAll(m.out)
	m.out = nil
}

// mergeKey compares one sort key across the current batches of several sources.
type mergeKey interface {
	// set makes col the key column of source src.
	set(src int, col arrow.Array)
	// compare compares row i of source x with row j of source y in Spark's order.
	compare(x int, i int32, y int, j int32) int
}

// newMergeKey returns the mergeKey for columns of type t from nsrc sources: the same
// order as sortComparator, NULLs placed by nullsFirst whatever desc says.
func newMergeKey(t arrow.DataType, nsrc int, desc, nullsFirst bool) (mergeKey, error) {
	nullOrder := 1
	if nullsFirst {
		nullOrder = -1
	}
	switch t.ID() {
	case arrow.NULL:
		return newTypedKey(nsrc, desc, nullOrder, func(arrow.Array) struct{} { return struct{}{} },
			func(struct{}, int32, struct{}, int32) int { return 0 }), nil
	case arrow.BOOL:
		return newTypedKey(nsrc, desc, nullOrder, func(a arrow.Array) *array.Boolean { return a.(*array.Boolean) },
			func(x *array.Boolean, i int32, y *array.Boolean, j int32) int {
				a, b := x.Value(int(i)), y.Value(int(j))
				switch {
				case a == b:
					return 0
				case a:
					return 1
				}
				return -1
			}), nil
	case arrow.INT8:
		return orderedKey[int8](nsrc, desc, nullOrder), nil
	case arrow.INT16:
		return orderedKey[int16](nsrc, desc, nullOrder), nil
	case arrow.INT32, arrow.DATE32, arrow.INTERVAL_MONTHS:
		return orderedKey[int32](nsrc, desc, nullOrder), nil
	case arrow.INT64, arrow.TIMESTAMP, arrow.DURATION:
		return orderedKey[int64](nsrc, desc, nullOrder), nil
	case arrow.FLOAT32:
		return floatKeyCmp[float32](nsrc, desc, nullOrder), nil
	case arrow.FLOAT64:
		return floatKeyCmp[float64](nsrc, desc, nullOrder), nil
	case arrow.DECIMAL128:
		return newTypedKey(nsrc, desc, nullOrder, fixedValues[decimal128.Num],
			func(x []decimal128.Num, i int32, y []decimal128.Num, j int32) int { return x[i].Cmp(y[j]) }), nil
	case arrow.STRING, arrow.BINARY:
		return newTypedKey(nsrc, desc, nullOrder, binaryViewOf,
			func(x binaryView, i int32, y binaryView, j int32) int {
				return bytes.Compare(x.data[x.offs[i]:x.offs[i+1]], y.data[y.offs[j]:y.offs[j+1]])
			}), nil
	}
	return nil, fmt.Errorf("%w: ordering of %s", ErrUnsupported, t)
}

// typedKey is a mergeKey over views V of the sources' columns.
type typedKey[V any] struct {
	view      func(arrow.Array) V
	cmp       func(x V, i int32, y V, j int32) int
	views     []V
	valid     []validBits
	desc      bool
	nullOrder int
}

func newTypedKey[V any](nsrc int, desc bool, nullOrder int, view func(arrow.Array) V, cmp func(V, int32, V, int32) int) *typedKey[V] {
	return &typedKey[V]{view: view, cmp: cmp, views: make([]V, nsrc), valid: make([]validBits, nsrc), desc: desc, nullOrder: nullOrder}
}

func (k *typedKey[V]) set(src int, col arrow.Array) {
	k.views[src] = k.view(col)
	k.valid[src] = validOf(col)
}

func (k *typedKey[V]) compare(x int, i int32, y int, j int32) int {
	vi, vj := k.valid[x].ok(int(i)), k.valid[y].ok(int(j))
	switch {
	case vi && vj:
		if k.desc {
			return -k.cmp(k.views[x], i, k.views[y], j)
		}
		return k.cmp(k.views[x], i, k.views[y], j)
	case vi:
		return -k.nullOrder
	case vj:
		return k.nullOrder
	}
	return 0
}

func orderedKey[T cmp.Ordered](nsrc int, desc bool, nullOrder int) mergeKey {
	return newTypedKey(nsrc, desc, nullOrder, fixedValues[T],
		func(x []T, i int32, y []T, j int32) int { return cmp.Compare(x[i], y[j]) })
}

func floatKeyCmp[T float32 | float64](nsrc int, desc bool, nullOrder int) mergeKey {
	return newTypedKey(nsrc, desc, nullOrder, fixedValues[T],
		func(x []T, i int32, y []T, j int32) int { return floatCompare(x[i], y[j]) })
}

// binaryView is a string or binary column: value i is data[offs[i]:offs[i+1]].
type binaryView struct {
	offs []int32
	data []byte
}

func binaryViewOf(a arrow.Array) binaryView {
	v := binaryView{offs: offsetValues[int32](a)}
	if bufs := a.Data().Buffers(); len(bufs) > 2 && bufs[2] != nil {
		v.data = bufs[2].Bytes()
	}
	return v
}

// interleave gathers the rows refs of cols (row r of cols[b] for each rowRef{b, r}) into
// a new array allocated from mem. The columns share one type.
func interleave(mem memory.Allocator, cols []arrow.Array, refs []rowRef) (arrow.Array, error) {
	if len(cols) == 1 {
		idx := make([]int32, len(refs))
		for i, r := range refs {
			idx[i] = r.row
		}
		return take(mem, cols[0], idx)
	}
	dt := cols[0].DataType()
	switch dt.ID() {
	case arrow.NULL:
		return array.MakeArrayOfNull(mem, dt, len(refs)), nil
	case arrow.BOOL:
		return interleaveBool(mem, cols, refs), nil
	case arrow.STRING, arrow.BINARY:
		return interleaveBinary[int32](mem, cols, refs), nil
	case arrow.LARGE_STRING, arrow.LARGE_BINARY:
		return interleaveBinary[int64](mem, cols, refs), nil
	}
	if fw, ok := dt.(arrow.FixedWidthDataType); ok && dt.ID() != arrow.DICTIONARY && dt.ID() != arrow.EXTENSION {
		switch fw.BitWidth() {
		case 8:
			return interleaveFixed[uint8](mem, cols, refs), nil
		case 16:
			return interleaveFixed[uint16](mem, cols, refs), nil
		case 32:
			return interleaveFixed[uint32](mem, cols, refs), nil
		case 64:
			return interleaveFixed[uint64](mem, cols, refs), nil
		case 128:
			return interleaveFixed[[2]uint64](mem, cols, refs), nil
		case 256:
			return interleaveFixed[[4]uint64](mem, cols, refs), nil
		}
	}
	// Other types: concatenate, then take.
	all, err := array.Concatenate(cols, mem)
	if err != nil {
		return nil, fmt.Errorf("exec: interleave %s: %w", dt, err)
	}
	defer all.Release()
	starts := make([]int32, len(cols))
	for i := 1; i < len(cols); i++ {
		starts[i] = starts[i-1] + int32(cols[i-1].Len())
	}
	idx := make([]int32, len(refs))
	for i, r := range refs {
		idx[i] = starts[r.batch] + r.row
	}
	return take(mem, all, idx)
}

// interleaveValidity gathers the validity bits of refs, returning nil when no row is
// NULL.
func interleaveValidity(mem memory.Allocator, cols []arrow.Array, refs []rowRef) (*memory.Buffer, int) {
	valid := make([]validBits, len(cols))
	hasNulls := false
	for i, c := range cols {
		valid[i] = validOf(c)
		hasNulls = hasNulls || c.NullN() > 0
	}
	if !hasNulls {
		return nil, 0
	}
	buf := newZeroBuffer(mem, int(bitutil.BytesForBits(int64(len(refs)))))
	out := buf.Bytes()
	nulls := 0
	for i, r := range refs {
		if valid[r.batch].ok(int(r.row)) {
			bitutil.SetBit(out, i)
		} else {
			nulls++
		}
	}
	if nulls == 0 {
		buf.Release()
		return nil, 0
	}
	return buf, nulls
}

func interleaveFixed[T any](mem memory.Allocator, cols []arrow.Array, refs []rowRef) arrow.Array {
	valid, nulls := interleaveValidity(mem, cols, refs)
	src := make([][]T, len(cols))
	for i, c := range cols {
		src[i] = fixedValues[T](c)
	}
	var zero T
	vals := newBuffer(mem, len(refs)*int(sizeOf(zero)))
	dst := typedSlice[T](vals, len(refs))
	for i, r := range refs {
		dst[i] = src[r.batch][r.row]
	}
	return newArray(cols[0].DataType(), len(refs), []*memory.Buffer{valid, vals}, nulls)
}

func interleaveBool(mem memory.Allocator, cols []arrow.Array, refs []rowRef) arrow.Array {
	valid, nulls := interleaveValidity(mem, cols, refs)
	vals := newZeroBuffer(mem, int(bitutil.BytesForBits(int64(len(refs)))))
	out := vals.Bytes()
	src := make([]*array.Boolean, len(cols))
	for i, c := range cols {
		src[i] = c.(*array.Boolean)
	}
	for i, r := range refs {
		if src[r.batch].Value(int(r.row)) {
			bitutil.SetBit(out, i)
		}
	}
	return newArray(cols[0].DataType(), len(refs), []*memory.Buffer{valid, vals}, nulls)
}

func interleaveBinary[O int32 | int64](mem memory.Allocator, cols []arrow.Array, refs []rowRef) arrow.Array {
	valid, nulls := interleaveValidity(mem, cols, refs)
	offs := make([][]O, len(cols))
	data := make([][]byte, len(cols))
	for i, c := range cols {
		offs[i] = offsetValues[O](c)
		if b := c.Data().Buffers()[2]; b != nil {
			data[i] = b.Bytes()
		}
	}
	total := 0
	for _, r := range refs {
		o := offs[r.batch]
		total += int(o[r.row+1] - o[r.row])
	}
	n := len(refs)
	var zero O
	offBuf := newBuffer(mem, (n+1)*int(sizeOf(zero)))
	dstOff := typedSlice[O](offBuf, n+1)
	dataBuf := newBuffer(mem, total)
	dst := dataBuf.Bytes()
	pos := O(0)
	dstOff[0] = 0
	for i, r := range refs {
		o := offs[r.batch]
		pos += O(copy(dst[pos:], data[r.batch][o[r.row]:o[r.row+1]]))
		dstOff[i+1] = pos
	}
	return newArray(cols[0].DataType(), n, []*memory.Buffer{valid, offBuf, dataBuf}, nulls)
}
