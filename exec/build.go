package exec

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// DefaultBatchSize is the number of rows per batch when TaskContext.BatchSize is unset.
const DefaultBatchSize = 4096

// Build builds the operator tree of one task for the fragment rooted at op. The caller
// must Close the returned operator (which closes its inputs). On error, whatever was
// built is closed.
func Build(tc *TaskContext, op stage.Op) (Operator, error) {
	switch o := op.(type) {
	case *stage.RangeScan:
		return newRangeScan(tc, o)
	case *stage.LocalScan:
		return newLocalScan(tc, o)
	case *stage.FileScan:
		return newFileScan(tc, o)
	case *stage.ShuffleRead:
		return newShuffleRead(tc, o)
	case *stage.Union:
		return newUnion(tc, o)
	case *stage.HashJoin:
		left, err := Build(tc, o.Left)
		if err != nil {
			return nil, err
		}
		right, err := Build(tc, o.Right)
		if err != nil {
			_ = left.Close()
			return nil, err
		}
		j, err := newHashJoin(tc, o, left, right)
		if err != nil {
			_ = left.Close()
			_ = right.Close()
			return nil, err
		}
		return j, nil
	}
	ins := op.Inputs()
	if len(ins) != 1 {
		return nil, fmt.Errorf("%w: operator %T", ErrUnsupported, op)
	}
	in, err := Build(tc, ins[0])
	if err != nil {
		return nil, err
	}
	var out Operator
	switch o := op.(type) {
	case *stage.Project:
		out, err = newProject(tc, o, in)
	case *stage.Filter:
		out, err = newFilter(tc, o, in)
	case *stage.Limit:
		out, err = newLimit(o, in)
	case *stage.Sort:
		out, err = newSort(tc, o, in)
	case *stage.HashAggregate:
		out, err = newHashAggregate(tc, o, in)
	case *stage.ShowString:
		out, err = newShowString(tc, o, in)
	case *stage.Window:
		out, err = newWindow(tc, o, in)
	case *stage.Tail:
		out = &tailOp{in: in, n: o.N}
	case *stage.Generate:
		out, err = newGenerate(tc, o, in)
	case *stage.Sample:
		out = newSample(tc, o, in)
	case *stage.Expand:
		out, err = newExpand(tc, o, in)
	case *stage.MaxOneRow:
		out, err = newMaxOneRow(tc, o, in)
	default:
		err = fmt.Errorf("%w: operator %T", ErrUnsupported, op)
	}
	if err != nil {
		_ = in.Close()
		return nil, err
	}
	return out, nil
}

func batchSize(tc *TaskContext) int {
	if tc.BatchSize > 0 {
		return tc.BatchSize
	}
	return DefaultBatchSize
}

// arrowSchema maps an op's output to the Arrow schema of its batches.
func arrowSchema(tc *TaskContext, st types.StructType) *arrow.Schema {
	return types.ArrowSchema(st, timeZone(tc))
}

// adopt returns b with schema want, taking ownership of b: b itself when its schema is
// already want, else a batch over the same columns relabelled to want (names,
// nullability or time zones may differ between producers; the layout may not).
func adopt(b arrow.RecordBatch, want *arrow.Schema) (arrow.RecordBatch, error) {
	if b.Schema() == want || b.Schema().Equal(want) {
		return b, nil
	}
	defer b.Release()
	if int(b.NumCols()) != want.NumFields() {
		return nil, fmt.Errorf("exec: batch has %d columns where %d were expected", b.NumCols(), want.NumFields())
	}
	cols := make([]arrow.Array, b.NumCols())
	for i, c := range b.Columns() {
		wt := want.Field(i).Type
		if !sameLayout(c.DataType(), wt) {
			releaseAll(cols[:i])
			return nil, fmt.Errorf("exec: column %d (%s) is %s where %s was expected", i, want.Field(i).Name, c.DataType(), wt)
		}
		if arrow.TypeEqual(c.DataType(), wt) {
			c.Retain()
			cols[i] = c
		} else {
			cols[i] = relabel(c, wt)
		}
	}
	out := array.NewRecordBatch(want, cols, b.NumRows())
	releaseAll(cols)
	return out, nil
}
