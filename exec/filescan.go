package exec

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// splitReader reads the batches of one file split; the contract of BatchStream.
type splitReader interface {
	Next(ctx context.Context) (arrow.RecordBatch, error)
	Close() error
}

// hiveDefaultPartition is the directory value Spark writes for a NULL partition value.
const hiveDefaultPartition = "__HIVE_DEFAULT_PARTITION__"

// fileScan reads this task's file splits one after the other. Columns of the output
// that are partition columns of a split come from its partition values (cast from
// their string form) instead of from the file.
type fileScan struct {
	tc      *TaskContext
	op      *stage.FileScan
	schema  *arrow.Schema
	open    func(ctx context.Context, format string, split stage.FileSplit, schema *arrow.Schema, options map[string]string, mem memory.Allocator) (splitReader, error)
	splits  []stage.FileSplit
	next    int
	reader  splitReader
	plan    []fileColumn // how to fill each output column for the current split
	readSch *arrow.Schema
	zeros   []int32
}

// fileColumn says where an output column comes from: the file's column at index, or
// (index < 0) the constant one-row array value.
type fileColumn struct {
	index int
	value arrow.Array
}

func newFileScan(tc *TaskContext, o *stage.FileScan) (Operator, error) {
	s := &fileScan{tc: tc, op: o, schema: arrowSchema(tc, o.Out), open: openSplit}
	if tc.Partition < len(o.Partitions) {
		s.splits = o.Partitions[tc.Partition]
	}
	return s, nil
}

func (s *fileScan) Schema() *arrow.Schema { return s.schema }

func (s *fileScan) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if s.reader == nil {
			if s.next >= len(s.splits) {
				return nil, io.EOF
			}
			if err := s.openSplit(ctx, s.splits[s.next]); err != nil {
				return nil, err
			}
			s.next++
		}
		b, err := s.reader.Next(ctx)
		if err == io.EOF {
			if err := s.closeSplit(); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if b.NumRows() == 0 {
			b.Release()
			continue
		}
		return s.assemble(b)
	}
}

// openSplit opens split and plans where each output column comes from.
func (s *fileScan) openSplit(ctx context.Context, split stage.FileSplit) error {
	partValue := func(name string) (string, bool) {
		if v, ok := split.PartitionValues[name]; ok {
			return v, true
		}
		for k, v := range split.PartitionValues {
			if strings.EqualFold(k, name) {
				return v, true
			}
		}
		return "", false
	}
	// Read the data columns that are not partition columns of this split.
	var read types.StructType
	for _, f := range s.op.DataSchema.Fields {
		if _, isPart := partValue(f.Name); !isPart {
			read.Fields = append(read.Fields, f)
		}
	}
	s.readSch = arrowSchema(s.tc, read)
	s.plan = make([]fileColumn, len(s.op.Out.Fields))
	for i, f := range s.op.Out.Fields {
		if v, ok := partValue(f.Name); ok {
			val, err := s.partitionValue(v, f.Type)
			if err != nil {
				s.releasePlan()
				return fmt.Errorf("exec: partition column %s=%q of %s: %w", f.Name, v, split.Path, err)
			}
			s.plan[i] = fileColumn{index: -1, value: val}
			continue
		}
		idx := -1
		for j, rf := range read.Fields {
			if strings.EqualFold(rf.Name, f.Name) {
				idx = j
				break
			}
		}
		if idx < 0 {
			s.releasePlan()
			return fmt.Errorf("exec: column %s of the scan is neither read from %s nor a partition column", f.Name, split.Path)
		}
		s.plan[i] = fileColumn{index: idx}
	}
	r, err := s.open(ctx, s.op.Format, split, s.readSch, s.op.Options, s.tc.Mem)
	if err != nil {
		s.releasePlan()
		return fmt.Errorf("exec: open %s: %w", split.Path, err)
	}
	s.reader = r
	return nil
}

// partitionValue casts a partition directory value to the column's type, as a one-row
// array.
func (s *fileScan) partitionValue(v string, t types.DataType) (arrow.Array, error) {
	ec := evalContext(s.tc)
	var str any = v
	if v == hiveDefaultPartition {
		str = nil
	}
	k, err := function.Cast(types.String, t, function.CastLegacy, timeZone(s.tc))
	if err != nil {
		return nil, err
	}
	out, err := k(ec, []function.Datum{{Scalar: &function.Scalar{Type: types.String, Value: str}}}, 1)
	if err != nil {
		return nil, err
	}
	return conform(out, types.ToArrow(t, timeZone(s.tc)))
}

// assemble builds an output batch from a file batch and the partition values.
func (s *fileScan) assemble(b arrow.RecordBatch) (arrow.RecordBatch, error) {
	defer b.Release()
	b, err := adopt(retained(b), s.readSch)
	if err != nil {
		return nil, err
	}
	defer b.Release()
	n := int(b.NumRows())
	cols := make([]arrow.Array, len(s.plan))
	defer func() { releaseAll(cols) }()
	for i, p := range s.plan {
		if p.index >= 0 {
			c := b.Column(p.index)
			c.Retain()
			cols[i] = c
			continue
		}
		if cap(s.zeros) < n {
			s.zeros = make([]int32, n)
		}
		c, err := take(s.tc.Mem, p.value, s.zeros[:n])
		if err != nil {
			return nil, err
		}
		cols[i] = c
	}
	return array.NewRecordBatch(s.schema, cols, int64(n)), nil
}

func retained(b arrow.RecordBatch) arrow.RecordBatch {
	b.Retain()
	return b
}

func (s *fileScan) closeSplit() error {
	s.releasePlan()
	if s.reader == nil {
		return nil
	}
	err := s.reader.Close()
	s.reader = nil
	return err
}

func (s *fileScan) releasePlan() {
	for _, p := range s.plan {
		if p.value != nil {
			p.value.Release()
		}
	}
	s.plan = nil
}

func (s *fileScan) Close() error { return s.closeSplit() }
