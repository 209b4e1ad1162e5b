package exec

import (
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
)

// memPool is the memory budget of one task: TaskContext.MemoryLimit bytes shared in
// equal parts by the operators that hold unbounded state (Sort, HashAggregate), the
// consumers. Consumers register when they are built and unregister when they close, so
// every consumer of a task is registered before the first Next and its share is fixed
// while the task runs. The pool only counts what consumers report; it allocates nothing.
// Safe for concurrent use.
type memPool struct {
	limit int64 // > 0

	mu        sync.Mutex
	consumers int
	used      int64
	peak      int64
}

// memoryPool returns the task's pool, created on first use, or nil when the task has no
// memory limit.
func (tc *TaskContext) memoryPool() *memPool {
	if tc.MemoryLimit <= 0 {
		return nil
	}
	if tc.pool == nil || tc.pool.limit != tc.MemoryLimit {
		tc.pool = &memPool{limit: tc.MemoryLimit}
	}
	return tc.pool
}

// newBudget registers a consumer of tc's memory and returns its budget; without a
// memory limit the budget is unlimited and costs nothing.
func newBudget(tc *TaskContext) *memBudget {
	b := &memBudget{pool: tc.memoryPool()}
	if b.pool != nil {
		b.pool.mu.Lock()
		b.pool.consumers++
		b.pool.mu.Unlock()
	}
	return b
}

// memBudget is the reservation of one operator against its task's memPool: the bytes
// the operator says it holds. Reservations always succeed (an operator cannot refuse a
// batch it was given); the operator asks whether it is still within its share and
// spills when it is not. A nil pool means no limit. Not safe for concurrent use.
type memBudget struct {
	pool *memPool
	used int64
}

// limited reports whether the operator has a finite share and must spill past it.
func (b *memBudget) limited() bool { return b != nil && b.pool != nil }

// share returns the bytes the operator may hold: an equal part of the task's limit.
// It is meaningless when the budget is not limited.
func (b *memBudget) share() int64 {
	b.pool.mu.Lock()
	defer b.pool.mu.Unlock()
	return b.pool.limit / int64(max(b.pool.consumers, 1))
}

// fits reports whether n more bytes would keep the operator within its share and the
// task within its limit. It is always true without a limit.
func (b *memBudget) fits(n int64) bool {
	if !b.limited() {
		return true
	}
	p := b.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	share := p.limit / int64(max(p.consumers, 1))
	return b.used+n <= share && p.used+n <= p.limit
}

// set makes the reservation n bytes and reports whether that is within the operator's
// share (and the task within its limit).
func (b *memBudget) set(n int64) bool {
	if !b.limited() {
		return true
	}
	p := b.pool
	p.mu.Lock()
	defer p.mu.Unlock()
	p.used += n - b.used
	b.used = n
	p.peak = max(p.peak, p.used)
	share := p.limit / int64(max(p.consumers, 1))
	return b.used <= share && p.used <= p.limit
}

// grow adds n bytes to the reservation and reports whether it is still within share.
func (b *memBudget) grow(n int64) bool {
	if !b.limited() {
		return true
	}
	return b.set(b.used + n)
}

// close drops the reservation and unregisters the operator; the budget is unlimited
// afterwards. Safe to call more than once.
func (b *memBudget) close() {
	if !b.limited() {
		return
	}
	p := b.pool
	p.mu.Lock()
	p.used -= b.used
	p.consumers--
	p.mu.Unlock()
	b.used = 0
	b.pool = nil
}

// batchBytes returns the bytes the rows of b occupy in its buffers. Unlike the sizes of
// the buffers themselves it counts only the rows of a slice, so that slices of one large
// batch (as HashAggregate emits) are not each charged for all of it.
func batchBytes(b arrow.RecordBatch) int64 {
	n := int64(0)
	for _, c := range b.Columns() {
		n += arrayBytes(c.Data())
	}
	return n
}

// arrayBytes returns the bytes the values of d (with its offset and length) occupy:
// exact for flat types, the whole buffers for the others.
func arrayBytes(d arrow.ArrayData) int64 {
	l, off := int64(d.Len()), int64(d.Offset())
	bufs := d.Buffers()
	validity := int64(0)
	if len(bufs) > 0 && bufs[0] != nil {
		validity = bitutil.BytesForBits(l)
	}
	switch t := d.DataType().(type) {
	case *arrow.NullType:
		return 0
	case *arrow.BooleanType:
		return validity + bitutil.BytesForBits(l)
	case *arrow.StringType, *arrow.BinaryType:
		if len(bufs) < 3 || bufs[1] == nil || l == 0 {
			return validity
		}
		offs := arrow.Int32Traits.CastFromBytes(bufs[1].Bytes())
		return validity + 4*(l+1) + int64(offs[off+l]-offs[off])
	case *arrow.LargeStringType, *arrow.LargeBinaryType:
		if len(bufs) < 3 || bufs[1] == nil || l == 0 {
			return validity
		}
		offs := arrow.Int64Traits.CastFromBytes(bufs[1].Bytes())
		return validity + 8*(l+1) + offs[off+l] - offs[off]
	case arrow.FixedWidthDataType:
		if t.ID() != arrow.DICTIONARY && t.ID() != arrow.EXTENSION && t.BitWidth() >= 8 {
			return validity + l*int64(t.BitWidth()/8)
		}
	}
	n := int64(0)
	for _, buf := range bufs {
		if buf != nil {
			n += int64(buf.Len())
		}
	}
	for _, c := range d.Children() {
		n += arrayBytes(c)
	}
	// Dictionary() returns a non-nil interface around a nil *Data for other types.
	if d.DataType().ID() == arrow.DICTIONARY {
		if dict, ok := d.Dictionary().(*array.Data); ok && dict != nil {
			n += arrayBytes(dict)
		}
	}
	return n
}
