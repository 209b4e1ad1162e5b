package exec

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// vec is a growable slice of T whose memory comes from (and is accounted by) an Arrow
// allocator. The zero value is unusable; call init. Not safe for concurrent use.
type vec[T any] struct {
	buf *memory.Buffer
	n   int
	s   []T // view of buf with capacity cap(buf)/sizeof(T), length n
}

func (v *vec[T]) init(mem memory.Allocator) {
	v.buf = memory.NewResizableBuffer(mem)
}

// reserve makes room for at least n more elements without reallocating, growing
// geometrically.
func (v *vec[T]) reserve(n int) {
	need := v.n + n
	if need <= cap(v.s) {
		return
	}
	var zero T
	size := int(sizeOf(zero))
	c := max(need, 2*cap(v.s), 64/size)
	v.buf.Reserve(c * size)
	c = v.buf.Cap() / size
	v.s = unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(v.buf.Buf()))), c)[:v.n:c]
}

// resize sets the length to n, growing as needed; new elements are unspecified.
func (v *vec[T]) resize(n int) {
	if n > v.n {
		v.reserve(n - v.n)
	}
	v.n = n
	v.s = v.s[:n]
}

func (v *vec[T]) append(x T) {
	if v.n == cap(v.s) {
		v.reserve(1)
	}
	v.s = append(v.s, x)
	v.n++
}

func (v *vec[T]) len() int { return v.n }

// bytes returns the capacity of the vector in bytes.
func (v *vec[T]) bytes() int64 {
	if v.buf == nil {
		return 0
	}
	return int64(v.buf.Cap())
}

// data returns the elements; valid until the next reserve, resize or append.
func (v *vec[T]) data() []T { return v.s }

func (v *vec[T]) release() {
	if v.buf != nil {
		v.buf.Release()
		v.buf = nil
	}
	v.s, v.n = nil, 0
}
