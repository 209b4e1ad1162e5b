package exec

import (
	"context"
	"fmt"
	"hash/maphash"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
)

// Spilling hash aggregation. While the table and accumulators of a grouped hashAgg fit
// in its share of the task's memory (counted twice: their own size, and as much again
// to write them out), it aggregates in memory as usual. When they do not:
//
//  1. spill: the keys and partial state (Accumulator.State) of every group are written
//     to aggSpillPartitions spill files by a hash of the keys, and the operator goes on
//     with an empty table; this repeats whenever the table outgrows the share again;
//  2. at the end of the input the table is spilled one last time, so each group's
//     partial states lie in exactly one partition;
//  3. each partition is then aggregated on its own, merging the states (Merge) into a
//     fresh table, and its groups are emitted (State in Partial mode, Final otherwise).
//     A partition that is still too large is spilled in turn into sub-partitions, with
//     a new hash seed, down to aggSpillMaxDepth levels, past which it is aggregated in
//     memory whatever its size.
//
// The result holds the same groups and values as without spilling, in another order.

const (
	// aggSpillPartitions is the number of partitions of each spill.
	aggSpillPartitions = 16
	// aggSpillMaxDepth is the deepest level of partitioning.
	aggSpillMaxDepth = 4
)

// accumulatorSizer is implemented by accumulators that know the bytes they hold. For
// the others, hashAgg estimates them from their state types.
type accumulatorSizer interface {
	SizeBytes() int64
}

// aggSpill is the spilling state of a grouped hashAgg with a memory limit. Its methods
// are safe on a nil *aggSpill where noted.
type aggSpill struct {
	h        *hashAgg
	files    *spills
	perGroup int64 // estimated accumulator bytes per group

	schema    *arrow.Schema // keys, then the states of every aggregate; set on first spill
	stateCols [][]int       // per aggregate, its state columns in schema

	level   int            // partitioning level of the groups in the table; 0 for the input
	writers []*spillFile   // partitions being written (level+1), nil before this level spills
	seed    maphash.Seed   // hash seed of writers
	pending []aggPartition // partitions to aggregate, a stack
	ever    bool           // whether anything was spilled

	rowOff []int32 // scratch of partition
	buf    []byte
}

// aggPartition is a spill partition at a partitioning level (1 for the input's).
type aggPartition struct {
	file  *spillFile
	level int
}

func newAggSpill(tc *TaskContext, h *hashAgg) *aggSpill {
	sp := &aggSpill{h: h, files: newSpills(tc, fmt.Sprintf("agg-s%d-p%d-", tc.StageID, tc.Partition))}
	for _, a := range h.aggs {
		for _, t := range a.bound.StateTypes {
			sp.perGroup += stateBytes(types.ToArrow(t, h.ec.TimeZone))
		}
	}
	// Accumulators grow slices by appending: count their spare capacity too.
	sp.perGroup *= 2
	return sp
}

// stateBytes estimates the bytes one group's value of type t takes in an accumulator.
func stateBytes(t arrow.DataType) int64 {
	switch t.ID() {
	case arrow.NULL:
		return 0
	case arrow.BOOL:
		return 1
	case arrow.STRING, arrow.BINARY, arrow.LARGE_STRING, arrow.LARGE_BINARY:
		return 32
	}
	if fw, ok := t.(arrow.FixedWidthDataType); ok && t.ID() != arrow.DICTIONARY && t.ID() != arrow.EXTENSION {
		return int64(max(fw.BitWidth()/8, 1))
	}
	return 64
}

// spilled reports whether the aggregation spilled. Safe on nil.
func (sp *aggSpill) spilled() bool { return sp != nil && sp.ever }

// memory returns the bytes held by the table and the accumulators.
func (sp *aggSpill) memory() int64 {
	h := sp.h
	n := h.table.bytes()
	for _, a := range h.aggs {
		if s, ok := a.acc.(accumulatorSizer); ok {
			n += s.SizeBytes()
		} else {
			n += int64(h.table.numGroups()) * sp.perGroup / int64(max(len(h.aggs), 1))
		}
	}
	return n
}

// check spills the table when it is over budget. Safe on nil.
func (sp *aggSpill) check() error {
	if sp == nil {
		return nil
	}
	if sp.h.budget.set(2*sp.memory()) || sp.level >= aggSpillMaxDepth || sp.h.table.numGroups() == 0 {
		return nil
	}
	return sp.spillTable()
}

// spillTable writes the keys and states of every group of the table to the partitions
// of the next level, and empties the table.
func (sp *aggSpill) spillTable() error {
	h := sp.h
	if h.table.numGroups() == 0 {
		return nil
	}
	sb, err := sp.stateBatch()
	if err != nil {
		return err
	}
	defer sb.Release()
	if sp.writers == nil {
		sp.writers = make([]*spillFile, aggSpillPartitions)
		sp.seed = maphash.MakeSeed()
	}
	sp.ever = true
	// Partition in chunks, to bound the copies.
	const chunk = 1 << 14
	n := int(sb.NumRows())
	parts := make([][]int32, aggSpillPartitions)
	hashes := make([]uint64, min(n, chunk))
	nk := len(h.keyTypes)
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		part := sb.NewSlice(int64(lo), int64(hi))
		err := sp.writePartitioned(part, nk, hashes[:hi-lo], parts)
		part.Release()
		if err != nil {
			return err
		}
	}
	if err := h.resetState(); err != nil {
		return err
	}
	h.budget.set(2 * sp.memory())
	return nil
}

// writePartitioned appends the rows of b to the partitions by the hash of their keys
// (the first nk columns).
func (sp *aggSpill) writePartitioned(b arrow.RecordBatch, nk int, hashes []uint64, parts [][]int32) error {
	h := sp.h
	n := int(b.NumRows())
	keys := b.Columns()[:nk]
	sp.rowOff, sp.buf = encodeKeys(sp.encoders(), keys, n, sp.rowOff, sp.buf)
	for i := range n {
		hashes[i] = maphash.Bytes(sp.seed, sp.buf[sp.rowOff[i]:sp.rowOff[i+1]])
	}
	for p := range parts {
		parts[p] = parts[p][:0]
	}
	for i, x := range hashes {
		p := x % aggSpillPartitions
		parts[p] = append(parts[p], int32(i))
	}
	for p, idx := range parts {
		if len(idx) == 0 {
			continue
		}
		if sp.writers[p] == nil {
			f, err := sp.files.create(sp.schema)
			if err != nil {
				return err
			}
			sp.writers[p] = f
		}
		var pb arrow.RecordBatch
		if len(idx) == n {
			b.Retain()
			pb = b
		} else {
			var err error
			if pb, err = takeBatch(h.mem, b, idx); err != nil {
				return err
			}
		}
		err := sp.writers[p].write(pb)
		pb.Release()
		if err != nil {
			return err
		}
	}
	return nil
}

// encoders returns the key encoders of the key types.
func (sp *aggSpill) encoders() []keyEncoder {
	encs := make([]keyEncoder, len(sp.h.keyTypes))
	for i, t := range sp.h.keyTypes {
		encs[i], _ = keyEncoderFor(t) // newGroupTable checked the types
	}
	return encs
}

// stateBatch returns the keys and partial states of every group of the table, in the
// spill schema (fixed by the first call).
func (sp *aggSpill) stateBatch() (arrow.RecordBatch, error) {
	h := sp.h
	cols, err := h.table.keys()
	if err != nil {
		return nil, err
	}
	defer func() { releaseAll(cols) }()
	for _, a := range h.aggs {
		st, err := a.acc.State(h.ec)
		if err != nil {
			return nil, err
		}
		cols = append(cols, st...)
	}
	n := h.table.numGroups()
	if sp.schema == nil {
		fields := make([]arrow.Field, len(cols))
		for i, c := range cols {
			fields[i] = arrow.Field{Name: fmt.Sprintf("c%d", i), Type: c.DataType(), Nullable: true}
		}
		sp.schema = arrow.NewSchema(fields, nil)
		next := len(h.keyTypes)
		for _, a := range h.aggs {
			var idx []int
			for range a.bound.StateTypes {
				idx = append(idx, next)
				next++
			}
			sp.stateCols = append(sp.stateCols, idx)
		}
	}
	if len(cols) != sp.schema.NumFields() {
		return nil, fmt.Errorf("exec: aggregate spills %d columns, expected %d", len(cols), sp.schema.NumFields())
	}
	for i, c := range cols {
		if c.Len() != n {
			return nil, fmt.Errorf("exec: aggregate state column %d has %d rows for %d groups", i, c.Len(), n)
		}
		conformed, err := conform(c, sp.schema.Field(i).Type)
		if err != nil {
			cols[i] = nil
			return nil, err
		}
		cols[i] = conformed
	}
	return array.NewRecordBatch(sp.schema, cols, int64(n)), nil
}

// flush spills what the table holds and closes the partitions of the current level,
// queueing them to be aggregated.
func (sp *aggSpill) flush() error {
	if err := sp.spillTable(); err != nil {
		return err
	}
	for p := len(sp.writers) - 1; p >= 0; p-- {
		f := sp.writers[p]
		if f == nil {
			continue
		}
		if err := f.finish(); err != nil {
			return err
		}
		sp.pending = append(sp.pending, aggPartition{file: f, level: sp.level + 1})
	}
	sp.writers = nil
	return nil
}

// aggregateNext aggregates the next pending partition into h.out, or spills it into
// sub-partitions (leaving h.out nil). It returns io.EOF when no partition is left.
func (sp *aggSpill) aggregateNext(ctx context.Context) error {
	if len(sp.pending) == 0 {
		return io.EOF
	}
	h := sp.h
	p := sp.pending[len(sp.pending)-1]
	sp.pending = sp.pending[:len(sp.pending)-1]
	defer sp.files.remove(p.file)
	sp.level = p.level
	r, err := sp.files.open(p.file)
	if err != nil {
		return err
	}
	defer r.close()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		err = sp.foldStates(b)
		b.Release()
		if err != nil {
			return err
		}
		if err := sp.check(); err != nil {
			return err
		}
	}
	if sp.writers != nil {
		return sp.flush()
	}
	out, err := h.result()
	if err != nil {
		return err
	}
	if err := h.resetState(); err != nil {
		out.Release()
		return err
	}
	if out.NumRows() == 0 {
		out.Release()
		return nil
	}
	h.out, h.pos = out, 0
	h.budget.set(batchBytes(out))
	return nil
}

// foldStates merges a batch of spilled keys and states into the table.
func (sp *aggSpill) foldStates(b arrow.RecordBatch) error {
	h := sp.h
	n := int(b.NumRows())
	if cap(h.groups) < n {
		h.groups = make([]uint32, n)
	}
	groups := h.groups[:n]
	if err := h.table.assign(b.Columns()[:len(h.keyTypes)], n, groups); err != nil {
		return err
	}
	numGroups := h.table.numGroups()
	h.seen = numGroups
	for i, a := range h.aggs {
		states := make([]arrow.Array, len(sp.stateCols[i]))
		for j, c := range sp.stateCols[i] {
			states[j] = b.Column(c)
		}
		if err := a.acc.Merge(h.ec, states, groups, numGroups); err != nil {
			return err
		}
	}
	return nil
}

// abort removes every spill file. Safe on nil and to call more than once.
func (sp *aggSpill) abort() {
	if sp == nil {
		return
	}
	sp.files.removeAll()
	sp.writers = nil
	sp.pending = nil
}
