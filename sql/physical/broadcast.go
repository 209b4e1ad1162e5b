package physical

import (
	"context"
	"math"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// defaultBroadcastThreshold is Spark's spark.sql.autoBroadcastJoinThreshold default.
const defaultBroadcastThreshold = 10 << 20

// broadcast turns n into the build side of a broadcast join: its output goes to one
// partition that every task of the consuming stage reads whole.
func (p *Planner) broadcast(n node) node {
	id := p.nextShuffle
	p.nextShuffle++
	p.addStage(n, id, stage.Partitioning{Kind: stage.SinglePartition, NumPartitions: 1})
	return node{op: &stage.ShuffleRead{ShuffleID: id, Out: n.op.Schema(), Broadcast: true}, parts: 1, out: n.out}
}

// broadcastable reports whether rel should be broadcast: it carries a broadcast hint,
// or its estimated size is under the threshold.
func (p *Planner) broadcastable(ctx context.Context, rel plan.Rel) bool {
	if hinted(rel) {
		return true
	}
	t := p.opts.BroadcastThreshold
	if t == 0 {
		t = defaultBroadcastThreshold
	}
	return t > 0 && p.sizeInBytes(ctx, rel) <= t
}

// hinted looks for a broadcast hint through the operators that keep a relation's rows.
func hinted(rel plan.Rel) bool {
	for {
		switch r := rel.(type) {
		case *plan.Hint:
			return true
		case *plan.Filter:
			rel = r.Input
		case *plan.Project:
			rel = r.Input
		default:
			return false
		}
	}
}

// rowWidth is the estimated size of a row of attributes (Spark's defaultSize per type).
func rowWidth(attrs []*plan.Attribute) int64 {
	var w int64 = 8
	for _, a := range attrs {
		w += typeSize(a.Type)
	}
	return w
}

func typeSize(t types.DataType) int64 {
	switch t := t.(type) {
	case types.BooleanType, types.ByteType:
		return 1
	case types.ShortType:
		return 2
	case types.IntegerType, types.FloatType, types.DateType:
		return 4
	case types.StringType, types.BinaryType:
		return 20
	case types.DecimalType:
		if t.Precision <= 18 {
			return 8
		}
		return 16
	case types.ArrayType:
		return typeSize(t.Elem)
	case types.MapType:
		return typeSize(t.Key) + typeSize(t.Value)
	case types.StructType:
		var s int64
		for _, f := range t.Fields {
			s += typeSize(f.Type)
		}
		return s
	}
	return 8
}

func scale(size int64, from, to []*plan.Attribute) int64 {
	if size == math.MaxInt64 {
		return size
	}
	return size * rowWidth(to) / rowWidth(from)
}

// sizeInBytes estimates the size of a relation's output as Spark does without
// statistics: file sizes, local data sizes, and rules for each operator (filters do
// not shrink, projections scale by row width).
func (p *Planner) sizeInBytes(ctx context.Context, rel plan.Rel) int64 {
	switch r := rel.(type) {
	case *plan.OneRow:
		return 1
	case *plan.Range:
		if r.Step == 0 {
			return 0
		}
		n := (r.End - r.Start) / r.Step
		if n < 0 {
			n = 0
		}
		return n * 8
	case *plan.LocalRelation:
		var s int64
		for _, b := range r.Batches {
			for _, c := range b.Columns() {
				for _, buf := range c.Data().Buffers() {
					if buf != nil {
						s += int64(buf.Len())
					}
				}
			}
		}
		return s
	case *plan.DataSource:
		if p.opts.Files == nil {
			return math.MaxInt64
		}
		parts, err := p.opts.Files.Partitions(ctx, r.Format, r.Paths, r.Options)
		if err != nil {
			return math.MaxInt64
		}
		var s int64
		for _, part := range parts {
			for _, sp := range part {
				s += sp.Length
			}
		}
		if r.Schema != nil && len(r.Schema.Fields) > 0 {
			all := make([]*plan.Attribute, len(r.Schema.Fields))
			for i, f := range r.Schema.Fields {
				all[i] = &plan.Attribute{Type: f.Type}
			}
			s = scale(s, all, r.Out)
		}
		return s
	case *plan.MaxOneRow:
		return rowWidth(r.Output())
	case *plan.Limit:
		return min(p.sizeInBytes(ctx, r.Input), r.N*rowWidth(r.Output()))
	case *plan.Project:
		return scale(p.sizeInBytes(ctx, r.Input), r.Input.Output(), r.Output())
	case *plan.Aggregate:
		if len(r.Groups) == 0 {
			return rowWidth(r.Output())
		}
		return scale(p.sizeInBytes(ctx, r.Input), r.Input.Output(), r.Output())
	case *plan.Join:
		l, rt := p.sizeInBytes(ctx, r.Left), p.sizeInBytes(ctx, r.Right)
		if r.Type == plan.LeftSemiJoin || r.Type == plan.LeftAntiJoin {
			return l
		}
		if l == math.MaxInt64 || rt == math.MaxInt64 || (l > 0 && rt > math.MaxInt64/l) {
			return math.MaxInt64
		}
		return l * rt
	}
	var s int64
	for _, c := range rel.Children() {
		cs := p.sizeInBytes(ctx, c)
		if cs == math.MaxInt64 || s > math.MaxInt64-cs {
			return math.MaxInt64
		}
		s += cs
	}
	if len(rel.Children()) == 0 {
		return math.MaxInt64
	}
	return s
}
