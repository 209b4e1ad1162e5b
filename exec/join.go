package exec

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/compute"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/stage"
)

// hashJoin builds a hash table over the right input (the build side) and streams the
// left input through it. Keys are mapped to dense ids with the aggregation's group
// table, so a left row matches the build rows of its key's id. Rows with a NULL key
// match nothing. Right and full outer joins emit the build rows nothing matched at the
// end.
type hashJoin struct {
	tc                  *TaskContext
	o                   *stage.HashJoin
	left, right         Operator
	schema              *arrow.Schema
	lkeys, rkeys        []Evaluator
	residual            Evaluator
	built               bool
	build               arrow.RecordBatch
	table               groupTable
	nbuild              int
	rows                [][]int32
	matched             []bool
	pending             []arrow.RecordBatch
	leftDone, rightDone bool
}

func newHashJoin(tc *TaskContext, o *stage.HashJoin, left, right Operator) (Operator, error) {
	j := &hashJoin{tc: tc, o: o, left: left, right: right, schema: arrowSchema(tc, o.Out)}
	var err error
	if j.lkeys, err = CompileAll(tc, o.LeftKeys, left.Schema()); err != nil {
		return nil, err
	}
	if j.rkeys, err = CompileAll(tc, o.RightKeys, right.Schema()); err != nil {
		return nil, err
	}
	if o.Residual != nil {
		both := arrow.NewSchema(append(append([]arrow.Field(nil), left.Schema().Fields()...), right.Schema().Fields()...), nil)
		if j.residual, err = Compile(tc, o.Residual, both); err != nil {
			return nil, err
		}
	}
	return j, nil
}

func (j *hashJoin) Schema() *arrow.Schema { return j.schema }

func evalAll(evs []Evaluator, b arrow.RecordBatch) ([]arrow.Array, error) {
	out := make([]arrow.Array, len(evs))
	for i, e := range evs {
		a, err := e.Eval(b)
		if err != nil {
			releaseAll(out[:i])
			return nil, err
		}
		out[i] = a
	}
	return out, nil
}

func (j *hashJoin) buildSide(ctx context.Context) error {
	build, err := drainAll(ctx, j.tc.Mem, j.right)
	if err != nil {
		return err
	}
	j.build = build
	n := int(build.NumRows())
	keys, err := evalAll(j.rkeys, build)
	if err != nil {
		return err
	}
	defer releaseAll(keys)
	keyTypes := make([]arrow.DataType, len(keys))
	for i, k := range keys {
		keyTypes[i] = k.DataType()
	}
	if j.table, err = newGroupTable(j.tc.Mem, keyTypes); err != nil {
		return err
	}
	groups := make([]uint32, n)
	if n > 0 {
		if err := j.table.assign(keys, n, groups); err != nil {
			return err
		}
	}
	j.nbuild = j.table.numGroups()
	j.rows = make([][]int32, j.nbuild)
	for i, g := range groups {
		if !j.nullKey(keys, i) {
			j.rows[g] = append(j.rows[g], int32(i))
		}
	}
	j.matched = make([]bool, n)
	j.built = true
	return nil
}

// nullKey reports whether row i has a NULL in a key compared with = (which matches
// nothing); keys compared with <=> match NULL to NULL.
func (j *hashJoin) nullKey(cols []arrow.Array, i int) bool {
	for k, c := range cols {
		if c.IsNull(i) && (k >= len(j.o.NullSafe) || !j.o.NullSafe[k]) {
			return true
		}
	}
	return false
}

func (j *hashJoin) Next(ctx context.Context) (arrow.RecordBatch, error) {
	if !j.built {
		if err := j.buildSide(ctx); err != nil {
			return nil, err
		}
	}
	for {
		if len(j.pending) > 0 {
			b := j.pending[0]
			j.pending = j.pending[1:]
			if b.NumRows() == 0 {
				b.Release()
				continue
			}
			return b, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !j.leftDone {
			b, err := j.left.Next(ctx)
			if errors.Is(err, io.EOF) {
				j.leftDone = true
				continue
			}
			if err != nil {
				return nil, err
			}
			err = j.probe(b)
			b.Release()
			if err != nil {
				return nil, err
			}
			continue
		}
		if !j.rightDone {
			j.rightDone = true
			if j.o.Type == plan.RightOuterJoin || j.o.Type == plan.FullOuterJoin {
				var ridx []int32
				for i, m := range j.matched {
					if !m {
						ridx = append(ridx, int32(i))
					}
				}
				if len(ridx) > 0 {
					lidx := make([]int32, len(ridx))
					for i := range lidx {
						lidx[i] = -1
					}
					out, err := j.assemble(nil, lidx, ridx)
					if err != nil {
						return nil, err
					}
					j.pending = append(j.pending, out)
				}
			}
			continue
		}
		return nil, io.EOF
	}
}

// probe matches one left batch and queues the output rows.
func (j *hashJoin) probe(b arrow.RecordBatch) error {
	n := int(b.NumRows())
	keys, err := evalAll(j.lkeys, b)
	if err != nil {
		return err
	}
	defer releaseAll(keys)
	groups := make([]uint32, n)
	if n > 0 {
		if err := j.table.assign(keys, n, groups); err != nil {
			return err
		}
	}
	var lidx, ridx []int32
	for i := 0; i < n; i++ {
		g := int(groups[i])
		if g >= j.nbuild || j.nullKey(keys, i) {
			continue
		}
		for _, r := range j.rows[g] {
			lidx = append(lidx, int32(i))
			ridx = append(ridx, r)
		}
	}
	// Keep the candidate pairs the residual condition accepts.
	if j.residual != nil && len(lidx) > 0 {
		cand, err := j.pairs(b, lidx, ridx)
		if err != nil {
			return err
		}
		mask, err := j.residual.Eval(cand)
		cand.Release()
		if err != nil {
			return err
		}
		keep := 0
		for k := range lidx {
			if bm, ok := mask.(*array.Boolean); ok && !bm.IsNull(k) && bm.Value(k) {
				lidx[keep], ridx[keep] = lidx[k], ridx[k]
				keep++
			}
		}
		mask.Release()
		lidx, ridx = lidx[:keep], ridx[:keep]
	}
	leftHit := make([]bool, n)
	for k, l := range lidx {
		leftHit[l] = true
		j.matched[ridx[k]] = true
	}
	switch j.o.Type {
	case plan.LeftSemiJoin, plan.LeftAntiJoin:
		want := j.o.Type == plan.LeftSemiJoin
		var keep []int32
		for i := 0; i < n; i++ {
			if leftHit[i] == want {
				keep = append(keep, int32(i))
			}
		}
		out, err := takeBatch(j.tc.Mem, b, keep)
		if err != nil {
			return err
		}
		adopted, err := adopt(out, j.schema)
		if err != nil {
			out.Release()
			return err
		}
		j.pending = append(j.pending, adopted)
		return nil
	case plan.LeftOuterJoin, plan.FullOuterJoin:
		for i := 0; i < n; i++ {
			if !leftHit[i] {
				lidx = append(lidx, int32(i))
				ridx = append(ridx, -1)
			}
		}
	}
	if len(lidx) == 0 {
		return nil
	}
	out, err := j.assemble(b, lidx, ridx)
	if err != nil {
		return err
	}
	j.pending = append(j.pending, out)
	return nil
}

// pairs builds the left++right candidate batch for the residual condition.
func (j *hashJoin) pairs(left arrow.RecordBatch, lidx, ridx []int32) (arrow.RecordBatch, error) {
	fields := append(append([]arrow.Field(nil), j.left.Schema().Fields()...), j.right.Schema().Fields()...)
	cols, err := j.gather(left, lidx, ridx)
	if err != nil {
		return nil, err
	}
	out := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(len(lidx)))
	releaseAll(cols)
	return out, nil
}

func (j *hashJoin) gather(left arrow.RecordBatch, lidx, ridx []int32) ([]arrow.Array, error) {
	var cols []arrow.Array
	for c := 0; c < j.left.Schema().NumFields(); c++ {
		var col arrow.Array
		var err error
		if left == nil {
			col = array.MakeArrayOfNull(j.tc.Mem, j.left.Schema().Field(c).Type, len(lidx))
		} else {
			col, err = takeOrNull(j.tc.Mem, left.Column(c), lidx)
		}
		if err != nil {
			releaseAll(cols)
			return nil, err
		}
		cols = append(cols, col)
	}
	for c := 0; c < j.right.Schema().NumFields(); c++ {
		col, err := takeOrNull(j.tc.Mem, j.build.Column(c), ridx)
		if err != nil {
			releaseAll(cols)
			return nil, err
		}
		cols = append(cols, col)
	}
	return cols, nil
}

// assemble builds output rows from left rows lidx and build rows ridx (-1: NULLs).
func (j *hashJoin) assemble(left arrow.RecordBatch, lidx, ridx []int32) (arrow.RecordBatch, error) {
	cols, err := j.gather(left, lidx, ridx)
	if err != nil {
		return nil, err
	}
	if len(cols) != j.schema.NumFields() {
		releaseAll(cols)
		return nil, fmt.Errorf("exec: join produced %d columns, want %d", len(cols), j.schema.NumFields())
	}
	// Outer joins make columns nullable; relabelOp to the output schema.
	out := array.NewRecordBatch(arrow.NewSchema(schemaFieldsLike(j.schema, cols), nil), cols, int64(len(lidx)))
	releaseAll(cols)
	return adopt(out, j.schema)
}

func schemaFieldsLike(s *arrow.Schema, cols []arrow.Array) []arrow.Field {
	fs := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fs[i] = s.Field(i)
		fs[i].Type = c.DataType()
	}
	return fs
}

// takeOrNull gathers rows idx of arr; -1 gives NULL.
func takeOrNull(mem memory.Allocator, arr arrow.Array, idx []int32) (arrow.Array, error) {
	hasNull := false
	for _, i := range idx {
		if i < 0 {
			hasNull = true
			break
		}
	}
	if !hasNull {
		return take(mem, arr, idx)
	}
	if arr.DataType().ID() == arrow.NULL {
		return array.MakeArrayOfNull(mem, arr.DataType(), len(idx)), nil
	}
	b := array.NewInt32Builder(mem)
	defer b.Release()
	for _, i := range idx {
		if i < 0 {
			b.AppendNull()
		} else {
			b.Append(i)
		}
	}
	ia := b.NewArray()
	defer ia.Release()
	ctx := compute.WithAllocator(context.Background(), mem)
	return compute.TakeArray(ctx, arr, ia)
}

func (j *hashJoin) Close() error {
	for _, b := range j.pending {
		b.Release()
	}
	j.pending = nil
	if j.build != nil {
		j.build.Release()
		j.build = nil
	}
	if j.table != nil {
		j.table.release()
		j.table = nil
	}
	err1 := j.left.Close()
	err2 := j.right.Close()
	return errors.Join(err1, err2)
}

// union runs the input that owns this task's partition.
func newUnion(tc *TaskContext, o *stage.Union) (Operator, error) {
	p := tc.Partition
	for i, n := range o.Parts {
		if p < n {
			sub := *tc
			sub.Partition = p
			in, err := Build(&sub, o.Ins[i])
			if err != nil {
				return nil, err
			}
			return &relabelOp{in: in, schema: arrowSchema(tc, o.Out)}, nil
		}
		p -= n
	}
	return nil, fmt.Errorf("exec: union has no partition %d", tc.Partition)
}

// relabelOp gives its input's batches another schema of the same layout.
type relabelOp struct {
	in     Operator
	schema *arrow.Schema
}

func (r *relabelOp) Schema() *arrow.Schema { return r.schema }
func (r *relabelOp) Next(ctx context.Context) (arrow.RecordBatch, error) {
	b, err := r.in.Next(ctx)
	if err != nil {
		return nil, err
	}
	out, err := adopt(b, r.schema)
	if err != nil {
		b.Release()
		return nil, err
	}
	return out, nil
}
func (r *relabelOp) Close() error { return r.in.Close() }
