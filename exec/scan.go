package exec

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/big"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sqlerr"
	"github.com/fulgur/fulgur/stage"
)

// rangeScan produces task tc.Partition's slice of a range, as Spark's RangeExec slices
// [start, end) by step into NumSlices parts.
type rangeScan struct {
	schema   *arrow.Schema
	mem      memory.Allocator
	batch    int
	next     int64 // next value to produce
	end      int64 // exclusive bound of the slice
	step     int64
	left     int64 // values left (an upper bound used to size batches)
	overflow bool
}

func newRangeScan(tc *TaskContext, o *stage.RangeScan) (Operator, error) {
	if o.Step == 0 {
		return nil, sqlerr.IllegalArgument("requirement failed: step (0) cannot be 0")
	}
	if o.NumSlices <= 0 {
		return nil, fmt.Errorf("exec: range with %d slices", o.NumSlices)
	}
	first, end := rangeSlice(o.Start, o.End, o.Step, o.NumSlices, tc.Partition)
	r := &rangeScan{schema: arrowSchema(tc, o.Out), mem: tc.Mem, batch: batchSize(tc), next: first, end: end, step: o.Step}
	// Number of values in [first, end) by step, as an upper bound for batch sizes.
	span := new(big.Int).Sub(big.NewInt(end), big.NewInt(first))
	st := big.NewInt(o.Step)
	if span.Sign() != 0 && span.Sign() == st.Sign() {
		span.Add(span, new(big.Int).Sub(st, big.NewInt(int64(st.Sign()))))
		span.Quo(span, st)
		if span.IsInt64() {
			r.left = span.Int64()
		} else {
			r.left = math.MaxInt64
		}
	}
	if r.schema.NumFields() != 1 || r.schema.Field(0).Type.ID() != arrow.INT64 {
		return nil, fmt.Errorf("exec: range output must be one bigint column, got %s", r.schema)
	}
	return r, nil
}

// rangeSlice returns the first value and the exclusive end of slice i of numSlices of
// the range [start, end) by step, with Spark's RangeExec arithmetic:
// start + (i*numElements/numSlices)*step in arbitrary precision, clamped to int64.
func rangeSlice(start, end, step int64, numSlices, i int) (first, stop int64) {
	bs, be, bst := big.NewInt(start), big.NewInt(end), big.NewInt(step)
	diff := new(big.Int).Sub(be, bs)
	numElements := new(big.Int).Quo(diff, bst)
	if new(big.Int).Rem(diff, bst).Sign() != 0 && (be.Cmp(bs) > 0) == (step > 0) {
		numElements.Add(numElements, big.NewInt(1))
	}
	n := big.NewInt(int64(numSlices))
	bound := func(k int) int64 {
		v := new(big.Int).Mul(big.NewInt(int64(k)), numElements)
		v.Quo(v, n)
		v.Mul(v, bst)
		v.Add(v, bs)
		if v.IsInt64() {
			return v.Int64()
		}
		if v.Sign() > 0 {
			return math.MaxInt64
		}
		return math.MinInt64
	}
	return bound(i), bound(i + 1)
}

func (r *rangeScan) Schema() *arrow.Schema { return r.schema }

func (r *rangeScan) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	n := int64(r.batch)
	if r.left < n {
		n = r.left
	}
	if n <= 0 || r.overflow || !r.more() {
		return nil, io.EOF
	}
	buf := newBuffer(r.mem, int(n)*8)
	vs := typedSlice[int64](buf, int(n))
	k := 0
	next, step := r.next, r.step
	for k < len(vs) && !r.overflow && (step > 0 && next < r.end || step < 0 && next > r.end) {
		vs[k] = next
		k++
		v := next + step
		// Adding step went backwards: the sequence overflowed int64.
		if (v < next) != (step < 0) {
			r.overflow = true
		}
		next = v
	}
	r.next = next
	r.left -= int64(k)
	if k == 0 {
		buf.Release()
		return nil, io.EOF
	}
	col := newArray(arrow.PrimitiveTypes.Int64, k, []*memory.Buffer{nil, buf}, 0)
	defer col.Release()
	return array.NewRecordBatch(r.schema, []arrow.Array{col}, int64(k)), nil
}

func (r *rangeScan) more() bool {
	if r.step > 0 {
		return r.next < r.end
	}
	return r.next > r.end
}

func (r *rangeScan) Close() error { return nil }

// localScan produces the batches shipped with the plan for this task.
type localScan struct {
	schema  *arrow.Schema
	batches []arrow.RecordBatch
	i       int
	// lo and hi bound the rows read when the scan reads a range (hi < 0: all rows);
	// at is the first row of batches[i].
	lo, hi, at int64
}

func newLocalScan(tc *TaskContext, o *stage.LocalScan) (Operator, error) {
	s := &localScan{schema: arrowSchema(tc, o.Out), hi: -1}
	switch {
	case o.Ranges != nil:
		if tc.Partition < len(o.Ranges) && len(o.Slices) > 0 {
			s.batches = o.Slices[0]
			s.lo, s.hi = o.Ranges[tc.Partition][0], o.Ranges[tc.Partition][1]
		}
	case tc.Partition < len(o.Slices):
		s.batches = o.Slices[tc.Partition]
	}
	return s, nil
}

func (s *localScan) Schema() *arrow.Schema { return s.schema }

func (s *localScan) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for s.i < len(s.batches) {
		b := s.batches[s.i]
		s.i++
		start := s.at
		s.at += b.NumRows()
		if b.NumRows() == 0 {
			continue
		}
		if s.hi >= 0 {
			lo, hi := max(s.lo, start), min(s.hi, s.at)
			if lo >= hi {
				continue
			}
			if lo > start || hi < s.at {
				return adopt(b.NewSlice(lo-start, hi-start), s.schema)
			}
		}
		b.Retain() // the op owns the original
		return adopt(b, s.schema)
	}
	return nil, io.EOF
}

func (s *localScan) Close() error { return nil }

// shuffleRead streams this task's partition of a shuffle.
type shuffleRead struct {
	tc        *TaskContext
	schema    *arrow.Schema
	shuffleID int
	partition int
	stream    BatchStream
	done      bool
}

func newShuffleRead(tc *TaskContext, o *stage.ShuffleRead) (Operator, error) {
	if tc.Shuffles == nil {
		return nil, fmt.Errorf("exec: shuffle %d read without a shuffle reader", o.ShuffleID)
	}
	r := &shuffleRead{tc: tc, schema: arrowSchema(tc, o.Out), shuffleID: o.ShuffleID, partition: tc.Partition}
	if o.Broadcast {
		r.partition = 0
	}
	return r, nil
}

func (s *shuffleRead) Schema() *arrow.Schema { return s.schema }

func (s *shuffleRead) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.done {
		return nil, io.EOF
	}
	if s.stream == nil {
		st, err := s.tc.Shuffles.Open(ctx, s.shuffleID, s.partition)
		if err != nil {
			return nil, fmt.Errorf("exec: open shuffle %d partition %d: %w", s.shuffleID, s.partition, err)
		}
		s.stream = st
	}
	for {
		b, err := s.stream.Next(ctx)
		if err == io.EOF {
			s.done = true
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		if b.NumRows() == 0 {
			b.Release()
			continue
		}
		return adopt(b, s.schema)
	}
}

func (s *shuffleRead) Close() error {
	if s.stream != nil {
		err := s.stream.Close()
		s.stream = nil
		return err
	}
	return nil
}
