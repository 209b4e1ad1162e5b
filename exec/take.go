package exec

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// take gathers the rows idx of arr (indices relative to arr's first row) into a new
// array allocated from mem. Flat types use typed loops; nested types fall back to the
// arrow compute kernel.
func take(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	n := len(idx)
	dt := arr.DataType()
	switch dt.ID() {
	case arrow.NULL:
		return array.MakeArrayOfNull(mem, dt, n), nil
	case arrow.BOOL:
		return takeBool(mem, arr, idx), nil
	case arrow.STRING, arrow.BINARY:
		return takeBinary[int32](mem, arr, idx), nil
	case arrow.LARGE_STRING, arrow.LARGE_BINARY:
		return takeBinary[int64](mem, arr, idx), nil
	}
	if fw, ok := dt.(arrow.FixedWidthDataType); ok && dt.ID() != arrow.DICTIONARY && dt.ID() != arrow.EXTENSION {
		switch fw.BitWidth() {
		case 8:
			return takeFixed[uint8](mem, arr, idx), nil
		case 16:
			return takeFixed[uint16](mem, arr, idx), nil
		case 32:
			return takeFixed[uint32](mem, arr, idx), nil
		case 64:
			return takeFixed[uint64](mem, arr, idx), nil
		case 128:
			return takeFixed[[2]uint64](mem, arr, idx), nil
		case 256:
			return takeFixed[[4]uint64](mem, arr, idx), nil
		}
	}
	return takeCompute(mem, arr, idx)
}

// takeValidity gathers the validity bits of arr, returning nil when no row is NULL.
func takeValidity(mem memory.Allocator, arr arrow.Array, idx []int32) (*memory.Buffer, int) {
	if arr.NullN() == 0 {
		return nil, 0
	}
	valid := validOf(arr)
	buf := newZeroBuffer(mem, int(bitutil.BytesForBits(int64(len(idx)))))
	out := buf.Bytes()
	nulls := 0
	for i, j := range idx {
		if valid.ok(int(j)) {
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

func takeFixed[T any](mem memory.Allocator, arr arrow.Array, idx []int32) arrow.Array {
	valid, nulls := takeValidity(mem, arr, idx)
	var zero T
	vals := newBuffer(mem, len(idx)*int(sizeOf(zero)))
	src := fixedValues[T](arr)
	dst := typedSlice[T](vals, len(idx))
	for i, j := range idx {
		dst[i] = src[j]
	}
	return newArray(arr.DataType(), len(idx), []*memory.Buffer{valid, vals}, nulls)
}

func takeBool(mem memory.Allocator, arr arrow.Array, idx []int32) arrow.Array {
	valid, nulls := takeValidity(mem, arr, idx)
	vals := newZeroBuffer(mem, int(bitutil.BytesForBits(int64(len(idx)))))
	out := vals.Bytes()
	d := arr.Data()
	src := d.Buffers()[1].Bytes()
	off := d.Offset()
	for i, j := range idx {
		if bitutil.BitIsSet(src, off+int(j)) {
			bitutil.SetBit(out, i)
		}
	}
	return newArray(arr.DataType(), len(idx), []*memory.Buffer{valid, vals}, nulls)
}

func takeBinary[O int32 | int64](mem memory.Allocator, arr arrow.Array, idx []int32) arrow.Array {
	valid, nulls := takeValidity(mem, arr, idx)
	d := arr.Data()
	n := len(idx)
	srcOff := offsetValues[O](arr)
	var srcData []byte
	if b := d.Buffers()[2]; b != nil {
		srcData = b.Bytes()
	}
	total := 0
	for _, j := range idx {
		total += int(srcOff[j+1] - srcOff[j])
	}
	var zero O
	offs := newBuffer(mem, (n+1)*int(sizeOf(zero)))
	dstOff := typedSlice[O](offs, n+1)
	data := newBuffer(mem, total)
	dst := data.Bytes()
	pos := O(0)
	dstOff[0] = 0
	for i, j := range idx {
		s, e := srcOff[j], srcOff[j+1]
		pos += O(copy(dst[pos:], srcData[s:e]))
		dstOff[i+1] = pos
	}
	return newArray(arr.DataType(), n, []*memory.Buffer{valid, offs, data}, nulls)
}

// takeCompute gathers with arrow's compute Take, for nested and other rare types.
func takeCompute(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	ib := array.NewInt32Builder(mem)
	defer ib.Release()
	ib.AppendValues(idx, nil)
	ia := ib.NewInt32Array()
	defer ia.Release()
	ctx := compute.WithAllocator(context.Background(), mem)
	out, err := compute.TakeArray(ctx, arr, ia)
	if err != nil {
		return nil, fmt.Errorf("exec: take of %s: %w", arr.DataType(), err)
	}
	return out, nil
}

// takeBatch gathers the rows idx of every column of b into a new batch with b's schema.
func takeBatch(mem memory.Allocator, b arrow.RecordBatch, idx []int32) (arrow.RecordBatch, error) {
	cols := make([]arrow.Array, b.NumCols())
	for i, c := range b.Columns() {
		t, err := take(mem, c, idx)
		if err != nil {
			releaseAll(cols[:i])
			return nil, err
		}
		cols[i] = t
	}
	out := array.NewRecordBatch(b.Schema(), cols, int64(len(idx)))
	releaseAll(cols)
	return out, nil
}
