package exec

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
)

// materialize returns an array of n copies of the constant s, of Arrow type dt, allocated
// from mem. A nil Value gives n NULLs.
func materialize(mem memory.Allocator, s *function.Scalar, dt arrow.DataType, n int) (arrow.Array, error) {
	if s.Value == nil || dt.ID() == arrow.NULL {
		return array.MakeArrayOfNull(mem, dt, n), nil
	}
	bad := func() (arrow.Array, error) {
		return nil, fmt.Errorf("exec: constant %v (%T) of type %s does not fit Arrow type %s", s.Value, s.Value, s.Type, dt)
	}
	switch dt.ID() {
	case arrow.BOOL:
		v, ok := s.Value.(bool)
		if !ok {
			return bad()
		}
		buf := newZeroBuffer(mem, int(bitutil.BytesForBits(int64(n))))
		if v {
			bitutil.SetBitsTo(buf.Bytes(), 0, int64(n), true)
		}
		return newArray(dt, n, []*memory.Buffer{nil, buf}, 0), nil
	case arrow.INT8:
		v, ok := asInt64(s.Value)
		if !ok {
			return bad()
		}
		return fillFixed(mem, dt, n, int8(v)), nil
	case arrow.INT16:
		v, ok := asInt64(s.Value)
		if !ok {
			return bad()
		}
		return fillFixed(mem, dt, n, int16(v)), nil
	case arrow.INT32, arrow.DATE32, arrow.INTERVAL_MONTHS:
		v, ok := asInt64(s.Value)
		if !ok {
			return bad()
		}
		return fillFixed(mem, dt, n, int32(v)), nil
	case arrow.INT64, arrow.TIMESTAMP, arrow.DURATION:
		v, ok := asInt64(s.Value)
		if !ok {
			return bad()
		}
		return fillFixed(mem, dt, n, v), nil
	case arrow.FLOAT32:
		switch v := s.Value.(type) {
		case float32:
			return fillFixed(mem, dt, n, v), nil
		case float64:
			return fillFixed(mem, dt, n, float32(v)), nil
		}
		return bad()
	case arrow.FLOAT64:
		switch v := s.Value.(type) {
		case float64:
			return fillFixed(mem, dt, n, v), nil
		case float32:
			return fillFixed(mem, dt, n, float64(v)), nil
		}
		return bad()
	case arrow.DECIMAL128:
		v, ok := s.Value.(decimal128.Num)
		if !ok {
			return bad()
		}
		return fillFixed(mem, dt, n, v), nil
	case arrow.STRING, arrow.BINARY:
		var b []byte
		switch v := s.Value.(type) {
		case string:
			b = []byte(v)
		case []byte:
			b = v
		default:
			return bad()
		}
		offs := newBuffer(mem, (n+1)*4)
		o := typedSlice[int32](offs, n+1)
		data := newBuffer(mem, n*len(b))
		d := data.Bytes()
		for i := 0; i <= n; i++ {
			o[i] = int32(i * len(b))
		}
		for i := 0; i < n; i++ {
			copy(d[i*len(b):], b)
		}
		return newArray(dt, n, []*memory.Buffer{nil, offs, data}, 0), nil
	}
	return nil, fmt.Errorf("%w: constant of type %s", ErrUnsupported, s.Type)
}

func fillFixed[T any](mem memory.Allocator, dt arrow.DataType, n int, v T) arrow.Array {
	buf := newBuffer(mem, n*int(sizeOf(v)))
	vs := typedSlice[T](buf, n)
	for i := range vs {
		vs[i] = v
	}
	return newArray(dt, n, []*memory.Buffer{nil, buf}, 0)
}

// asInt64 converts any Go integer to int64.
func asInt64(v any) (int64, bool) {
	switch v := v.(type) {
	case int8:
		return int64(v), true
	case int16:
		return int64(v), true
	case int32:
		return int64(v), true
	case int64:
		return v, true
	case int:
		return int64(v), true
	case uint8:
		return int64(v), true
	case uint16:
		return int64(v), true
	case uint32:
		return int64(v), true
	}
	return 0, false
}

func releaseDatum(d function.Datum) {
	if d.Array != nil {
		d.Array.Release()
	}
}
