package exec

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/stage"
)

// RunTask runs partition tc.Partition of stage st: it builds the operator tree of
// st.Root and drains it.
//
// A result stage (st.IsResult()) sends every batch, in order, to sink, which takes
// ownership of it. A map stage partitions every batch by st.Output and writes the parts
// to one ShuffleWriter from writers, committed when the input is drained and aborted on
// any error.
//
// RunTask returns:
//   - nil when every batch was delivered (and, for a map stage, committed);
//   - ctx.Err() (possibly wrapped) when ctx is done: operators check ctx between
//     batches, so cancellation stops the task within one batch of work;
//   - an error wrapping ErrTaskPanic when the task panicked;
//   - any other error from operators, kernels, the sink or the shuffle writer.
//
// The operators are closed in every case.
func RunTask(ctx context.Context, tc *TaskContext, st *stage.Stage, writers ShuffleWriters, sink ResultSink) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: stage %d partition %d: %v\n%s", ErrTaskPanic, st.ID, tc.Partition, r, debug.Stack())
		}
	}()
	if err := ctx.Err(); err != nil {
		return err
	}
	root, err := Build(tc, st.Root)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := root.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if st.IsResult() {
		if sink == nil {
			return fmt.Errorf("exec: result stage %d without a result sink", st.ID)
		}
		return drainToSink(ctx, root, sink)
	}
	if writers == nil {
		return fmt.Errorf("exec: map stage %d without shuffle writers", st.ID)
	}
	return writeShuffle(ctx, tc, st, root, writers)
}

func drainToSink(ctx context.Context, root Operator, sink ResultSink) error {
	for {
		b, err := root.Next(ctx)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := sink.Send(ctx, b); err != nil {
			return err
		}
	}
}

func writeShuffle(ctx context.Context, tc *TaskContext, st *stage.Stage, root Operator, writers ShuffleWriters) (err error) {
	n := st.Output.NumPartitions
	if n <= 0 {
		return fmt.Errorf("exec: stage %d writes a shuffle of %d partitions", st.ID, n)
	}
	part, err := newPartitioner(tc, st.Output, root.Schema())
	if err != nil {
		return err
	}
	w, err := writers.Create(ctx, st.ShuffleID, tc.Partition, tc.Attempt, n)
	if err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			w.Abort()
		}
	}()
	for {
		b, err := root.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := writeAndRelease(ctx, part, b, w); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := w.Commit(ctx); err != nil {
		committed = true // the writer is done either way; no Abort after Commit
		return err
	}
	committed = true
	return nil
}

func writeAndRelease(ctx context.Context, p *partitioner, b arrow.RecordBatch, w ShuffleWriter) error {
	defer b.Release()
	return p.Write(ctx, b, w)
}

// partitioner splits batches into the partitions of a shuffle.
type partitioner struct {
	kind  stage.PartitionKind
	n     int
	mem   memory.Allocator
	keys  []Evaluator
	next  int // round robin: partition of the next row
	hash  []uint32
	count []int32
	start []int32
	idx   []int32
}

// newPartitioner returns the partitioner of a stage's output over batches of schema.
// Hash partitioning is Spark's: pmod(murmur3(keys, seed 42), n), so rows land in the
// partitions Spark would put them in. Round robin starts at the task's partition and
// deals rows in turn (Spark starts at a pseudo-random position).
func newPartitioner(tc *TaskContext, p stage.Partitioning, schema *arrow.Schema) (*partitioner, error) {
	pt := &partitioner{kind: p.Kind, n: p.NumPartitions, mem: tc.Mem}
	switch p.Kind {
	case stage.SinglePartition:
	case stage.HashPartition:
		keys, err := CompileAll(tc, p.Keys, schema)
		if err != nil {
			return nil, err
		}
		pt.keys = keys
	case stage.RoundRobinPartition:
		if p.NumPartitions > 0 {
			pt.next = tc.Partition % p.NumPartitions
		}
	case stage.MapRangePartition:
		// Every row of this task goes to the slice holding it.
		for i := 0; i < p.NumPartitions; i++ {
			if i*p.NumMaps/p.NumPartitions <= tc.Partition {
				pt.next = i
			}
		}
	default:
		return nil, fmt.Errorf("%w: partitioning kind %d", ErrUnsupported, p.Kind)
	}
	return pt, nil
}

// Write writes the rows of b to their partitions of w. It does not take ownership of b.
func (p *partitioner) Write(ctx context.Context, b arrow.RecordBatch, w ShuffleWriter) error {
	rows := int(b.NumRows())
	if rows == 0 {
		return nil
	}
	if p.kind == stage.SinglePartition || p.n == 1 {
		return w.Write(ctx, 0, b)
	}
	if p.kind == stage.MapRangePartition {
		return w.Write(ctx, p.next, b)
	}
	parts, err := p.assign(b)
	if err != nil {
		return err
	}
	// Counting sort of the row indices by partition.
	p.count = resize(p.count, p.n+1)
	clear(p.count)
	for _, q := range parts {
		p.count[q+1]++
	}
	for q := 1; q <= p.n; q++ {
		p.count[q] += p.count[q-1]
	}
	p.start = append(p.start[:0], p.count...)
	p.idx = resize(p.idx, rows)
	for r, q := range parts {
		p.idx[p.start[q]] = int32(r)
		p.start[q]++
	}
	for q := 0; q < p.n; q++ {
		if p.count[q+1]-p.count[q] == int32(rows) {
			return w.Write(ctx, q, b) // every row goes to q
		}
	}
	// Gather the rows in partition order once; each partition is then a zero-copy
	// slice of the result.
	sorted, err := takeBatch(p.mem, b, p.idx)
	if err != nil {
		return err
	}
	defer sorted.Release()
	for q := 0; q < p.n; q++ {
		lo, hi := p.count[q], p.count[q+1]
		if lo == hi {
			continue
		}
		part := sorted.NewSlice(int64(lo), int64(hi))
		err := w.Write(ctx, q, part)
		part.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// assign returns the partition of every row of b.
func (p *partitioner) assign(b arrow.RecordBatch) ([]uint32, error) {
	rows := int(b.NumRows())
	p.hash = resize(p.hash, rows)
	h := p.hash
	switch p.kind {
	case stage.RoundRobinPartition:
		q := p.next
		for i := range h {
			h[i] = uint32(q)
			if q++; q == p.n {
				q = 0
			}
		}
		p.next = q
		return h, nil
	}
	for i := range h {
		h[i] = SparkHashSeed
	}
	for _, k := range p.keys {
		col, err := k.Eval(b)
		if err != nil {
			return nil, err
		}
		err = SparkHash(col, h)
		col.Release()
		if err != nil {
			return nil, err
		}
	}
	for i, v := range h {
		h[i] = uint32(Pmod(v, p.n))
	}
	return h, nil
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
