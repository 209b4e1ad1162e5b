package exec

import (
	"unsafe"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// newBuffer allocates a buffer of nbytes through mem. Its contents are unspecified.
func newBuffer(mem memory.Allocator, nbytes int) *memory.Buffer {
	buf := memory.NewResizableBuffer(mem)
	buf.Resize(nbytes)
	return buf
}

// newZeroBuffer allocates a zero-filled buffer of nbytes through mem.
func newZeroBuffer(mem memory.Allocator, nbytes int) *memory.Buffer {
	buf := newBuffer(mem, nbytes)
	clear(buf.Bytes())
	return buf
}

// newBitmap allocates a bitmap of n bits, all set.
func newBitmap(mem memory.Allocator, n int) *memory.Buffer {
	buf := newBuffer(mem, int(bitutil.BytesForBits(int64(n))))
	b := buf.Bytes()
	for i := range b {
		b[i] = 0xff
	}
	return buf
}

// typedSlice reinterprets the bytes of buf as n values of T.
func typedSlice[T any](buf *memory.Buffer, n int) []T {
	if n == 0 {
		return nil
	}
	return unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), n)
}

// fixedValues returns the values of a fixed-width array as a []T, honouring its offset.
// T must have the byte width of the array's type.
func fixedValues[T any](a arrow.Array) []T {
	d := a.Data()
	buf := d.Buffers()[1]
	if buf == nil || a.Len() == 0 {
		return nil
	}
	all := unsafe.Slice((*T)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), d.Offset()+d.Len())
	return all[d.Offset():]
}

// newArray wraps buffers as an array of type dt and n values, taking ownership of the
// buffers (they are released here; the array keeps its own references).
func newArray(dt arrow.DataType, n int, bufs []*memory.Buffer, nulls int) arrow.Array {
	data := array.NewData(dt, n, bufs, nil, nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	arr := array.MakeFromData(data)
	data.Release()
	return arr
}

// releaseAll releases every non-nil array.
func releaseAll[T interface{ Release() }](xs []T) {
	for _, x := range xs {
		if any(x) != nil {
			x.Release()
		}
	}
}

// sizeOf is unsafe.Sizeof for values of a type parameter.
func sizeOf[T any](v T) uintptr { return unsafe.Sizeof(v) }

// validBits reads the validity bitmap of an array without an interface call per row.
type validBits struct {
	bm   []byte
	off  int
	none bool // every row is NULL (the null type has no bitmap)
}

// validOf returns the validity of a; all rows are valid when a has no NULLs.
func validOf(a arrow.Array) validBits {
	switch {
	case a.NullN() == 0:
		return validBits{}
	case a.DataType().ID() == arrow.NULL || a.NullBitmapBytes() == nil:
		return validBits{none: true}
	}
	return validBits{bm: a.NullBitmapBytes(), off: a.Data().Offset()}
}

func (v validBits) ok(i int) bool {
	return v.bm == nil && !v.none || v.bm != nil && bitutil.BitIsSet(v.bm, v.off+i)
}

// offsetValues returns the len+1 value offsets of a binary-like array, honouring its
// offset.
func offsetValues[O int32 | int64](a arrow.Array) []O {
	d := a.Data()
	buf := d.Buffers()[1]
	if buf == nil {
		return make([]O, 1)
	}
	all := unsafe.Slice((*O)(unsafe.Pointer(unsafe.SliceData(buf.Bytes()))), d.Offset()+d.Len()+1)
	return all[d.Offset():]
}
