package exec

import (
	"context"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/plan"
)

// The external sort. sortOp buffers input batches while they fit in its share of the
// task's memory (sortCost each). When the next batch would not fit, it sorts what it
// buffered and writes it as a sorted run, in batches of about sortSpillBatch bytes, to
// one spill file. At the end of the input it merges the runs and the sorted in-memory
// remainder:
//
//	input ─► buffer ─► sort ─► run 0 (file)  ┐
//	         buffer ─► sort ─► run 1 (file)  ├─► k-way merge (ties by run index) ─► output
//	         buffer ─► sort ─► remainder     ┘
//
// Runs are written with the computed sort keys as extra columns, so that the merge
// compares rows without evaluating the keys again. When there are more than sortFanIn
// runs, the first sortFanIn are merged into one run first, as often as needed; merging
// consecutive runs keeps the merge stable.

// sortFanIn is the most runs merged at once.
const sortFanIn = 16

// sortCost is what buffering b costs the sort: its rows, as much again for the
// concatenated copy that sorting makes, and 36 bytes a row for the permutation and the
// scratch space of the radix sort.
func sortCost(b arrow.RecordBatch) int64 {
	return 2*batchBytes(b) + 36*b.NumRows()
}

// inputColumn returns the input column that the sort key e (compiled to ev) is, or -1
// when it is computed.
func inputColumn(e plan.Expr, ev Evaluator, input *arrow.Schema) int {
	for {
		a, ok := e.(*plan.Alias)
		if !ok {
			break
		}
		e = a.Child
	}
	r, ok := e.(*plan.BoundRef)
	if !ok || r.Index < 0 || r.Index >= input.NumFields() || !arrow.TypeEqual(input.Field(r.Index).Type, ev.ArrowType()) {
		return -1
	}
	return r.Index
}

// sortSpill is the spilling state of a sortOp with a memory limit. Its methods are safe
// on a nil *sortSpill where noted.
type sortSpill struct {
	s          *sortOp
	files      *spills
	runSchema  *arrow.Schema // input columns, then the computed keys
	keyCol     []int         // per key, its column in runSchema
	desc       []bool
	nullsFirst []bool
	runs       []*spillFile // in input order
	merge      *merger
}

func newSortSpill(tc *TaskContext, s *sortOp) *sortSpill {
	sp := &sortSpill{s: s, files: newSpills(tc, fmt.Sprintf("sort-s%d-p%d-", tc.StageID, tc.Partition))}
	fields := append([]arrow.Field(nil), s.in.Schema().Fields()...)
	for k, ev := range s.keys {
		c := s.keyRef[k]
		if c < 0 {
			c = len(fields)
			fields = append(fields, arrow.Field{Name: fmt.Sprintf("__sort_key_%d", k), Type: ev.ArrowType(), Nullable: true})
		}
		sp.keyCol = append(sp.keyCol, c)
		sp.desc = append(sp.desc, s.orders[k].Descending)
		sp.nullsFirst = append(sp.nullsFirst, s.orders[k].NullsFirst)
	}
	sp.runSchema = arrow.NewSchema(fields, nil)
	return sp
}

// batchBytes is the target size of the batches of spilled runs: small enough that
// sortFanIn of them (read back at once by a merge) take an eighth of the share.
func (sp *sortSpill) batchBytes() int64 {
	return min(max(sp.s.budget.share()/(8*sortFanIn), 1<<10), 8<<20)
}

// rowsPerBatch returns the rows of a spilled batch of the run rb.
func (sp *sortSpill) rowsPerBatch(rb arrow.RecordBatch) int {
	n := rb.NumRows()
	if n == 0 {
		return 1
	}
	perRow := max(batchBytes(rb)/n, 1)
	return int(min(max(sp.batchBytes()/perRow, 16), 1<<16))
}

// runBatch returns the rows of all with the computed keys appended (runSchema).
func (sp *sortSpill) runBatch(all arrow.RecordBatch, keyCols []arrow.Array) arrow.RecordBatch {
	cols := append([]arrow.Array(nil), all.Columns()...)
	for k, c := range keyCols {
		if sp.s.keyRef[k] < 0 {
			cols = append(cols, c)
		}
	}
	return array.NewRecordBatch(sp.runSchema, cols, all.NumRows())
}

// spillRun sorts batches (releasing them) and writes them as the next run.
func (sp *sortSpill) spillRun(batches []arrow.RecordBatch) error {
	s := sp.s
	all, keyCols, err := s.sortBuffered(batches, true)
	if err != nil {
		return err
	}
	rb := sp.runBatch(all, keyCols)
	all.Release()
	releaseAll(keyCols)
	defer func() {
		rb.Release()
		s.permBuf.release()
		s.perm = nil
		s.budget.set(0)
	}()
	f, err := sp.files.create(sp.runSchema)
	if err != nil {
		return err
	}
	step := sp.rowsPerBatch(rb)
	for lo := 0; lo < len(s.perm); lo += step {
		chunk, err := takeBatch(s.mem, rb, s.perm[lo:min(lo+step, len(s.perm))])
		if err != nil {
			return err
		}
		err = f.write(chunk)
		chunk.Release()
		if err != nil {
			return err
		}
	}
	if err := f.finish(); err != nil {
		return err
	}
	sp.runs = append(sp.runs, f)
	return nil
}

// startMerge sorts the buffered remainder of the input (releasing batches) and starts
// merging it with the runs. The remainder stays in memory when it and the merge's read
// buffers fit in the share, else it becomes one more run.
func (sp *sortSpill) startMerge(ctx context.Context, batches []arrow.RecordBatch) error {
	s := sp.s
	defer func() { releaseAll(batches) }()
	mergeCost := 2 * sortFanIn * sp.batchBytes()
	var rem *memRun
	if len(batches) > 0 {
		if !s.budget.fits(mergeCost) {
			if err := sp.spillRun(batches); err != nil {
				return err
			}
		} else {
			all, keyCols, err := s.sortBuffered(batches, true)
			if err != nil {
				return err
			}
			rb := sp.runBatch(all, keyCols)
			all.Release()
			releaseAll(keyCols)
			rem = &memRun{mem: s.mem, batch: rb, permBuf: s.permBuf, perm: s.perm, size: sp.rowsPerBatch(rb)}
			s.permBuf, s.perm = vec[int32]{}, nil
		}
	}
	s.budget.grow(mergeCost)
	for len(sp.runs) > sortFanIn || rem != nil && len(sp.runs) == sortFanIn {
		if err := sp.mergeRuns(ctx, sortFanIn); err != nil {
			if rem != nil {
				rem.close()
			}
			return err
		}
	}
	srcs := make([]runSource, 0, len(sp.runs)+1)
	for _, f := range sp.runs {
		r, err := sp.files.open(f)
		if err != nil {
			for _, src := range srcs {
				src.close()
			}
			if rem != nil {
				rem.close()
			}
			return err
		}
		srcs = append(srcs, r)
	}
	if rem != nil {
		srcs = append(srcs, rem)
	}
	m, err := newMerger(s.mem, s.in.Schema(), sp.runSchema, sp.keyCol, sp.desc, sp.nullsFirst, srcs)
	if err != nil {
		return err
	}
	sp.merge = m
	return nil
}

// mergeRuns merges the first n runs into one run that replaces them.
func (sp *sortSpill) mergeRuns(ctx context.Context, n int) error {
	s := sp.s
	srcs := make([]runSource, 0, n)
	for _, f := range sp.runs[:n] {
		r, err := sp.files.open(f)
		if err != nil {
			for _, src := range srcs {
				src.close()
			}
			return err
		}
		srcs = append(srcs, r)
	}
	m, err := newMerger(s.mem, sp.runSchema, sp.runSchema, sp.keyCol, sp.desc, sp.nullsFirst, srcs)
	if err != nil {
		return err
	}
	defer m.close()
	out, err := sp.files.create(sp.runSchema)
	if err != nil {
		return err
	}
	rows := 0
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if rows == 0 {
			rows = 1024
		}
		b, err := m.next(rows)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		rows = sp.rowsPerBatch(b)
		err = out.write(b)
		b.Release()
		if err != nil {
			return err
		}
	}
	if err := out.finish(); err != nil {
		return err
	}
	m.close()
	for _, f := range sp.runs[:n] {
		sp.files.remove(f)
	}
	sp.runs = append([]*spillFile{out}, sp.runs[n:]...)
	return nil
}

// merging reports whether the output comes from the merge. Safe on nil.
func (sp *sortSpill) merging() bool { return sp != nil && sp.merge != nil }

// next returns the next batch of the merge; at its end, the spill files are removed.
func (sp *sortSpill) next(n int) (arrow.RecordBatch, error) {
	b, err := sp.merge.next(n)
	if err == io.EOF {
		sp.abort()
	}
	return b, err
}

// abort ends the merge, if any, and removes the spill files. Safe on nil, and to call
// more than once; merging stays true so that Next keeps returning io.EOF.
func (sp *sortSpill) abort() {
	if sp == nil {
		return
	}
	if sp.merge != nil {
		sp.merge.close()
	}
	sp.files.removeAll()
	sp.runs = nil
}
