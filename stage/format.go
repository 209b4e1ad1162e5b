package stage

import (
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/plan"
)

// Format renders a job as its stages, result stage first, each with its operator tree.
func Format(j *Job) string {
	var b strings.Builder
	for i := len(j.Stages) - 1; i >= 0; i-- {
		s := j.Stages[i]
		out := "result"
		if !s.IsResult() {
			out = fmt.Sprintf("shuffle %d, %s", s.ShuffleID, describePartitioning(s.Output))
		}
		fmt.Fprintf(&b, "Stage %d (%d tasks, %s)\n", s.ID, s.NumTasks, out)
		formatOp(&b, s.Root, 1)
	}
	return b.String()
}

func describePartitioning(p Partitioning) string {
	switch p.Kind {
	case HashPartition:
		k := make([]string, len(p.Keys))
		for i, e := range p.Keys {
			k[i] = plan.FormatExpr(e)
		}
		return fmt.Sprintf("hashpartitioning(%s, %d)", strings.Join(k, ", "), p.NumPartitions)
	case RoundRobinPartition:
		return fmt.Sprintf("roundrobinpartitioning(%d)", p.NumPartitions)
	}
	return "singlepartition"
}

func formatOp(b *strings.Builder, op Op, depth int) {
	b.WriteString(strings.Repeat("   ", depth-1))
	b.WriteString("+- ")
	b.WriteString(describeOp(op))
	b.WriteByte('\n')
	for _, in := range op.Inputs() {
		formatOp(b, in, depth+1)
	}
}

func exprs(list []plan.Expr) string {
	s := make([]string, len(list))
	for i, e := range list {
		s[i] = plan.FormatExpr(e)
	}
	return "[" + strings.Join(s, ", ") + "]"
}

func describeOp(op Op) string {
	switch o := op.(type) {
	case *RangeScan:
		return fmt.Sprintf("Range (%d, %d, step=%d, splits=%d)", o.Start, o.End, o.Step, o.NumSlices)
	case *LocalScan:
		return fmt.Sprintf("LocalTableScan %v", o.Out.FieldNames())
	case *FileScan:
		return fmt.Sprintf("FileScan %s %v (%d partitions)", o.Format, o.Out.FieldNames(), len(o.Partitions))
	case *Project:
		return "Project " + exprs(o.Exprs)
	case *Filter:
		return "Filter " + plan.FormatExpr(o.Cond)
	case *Limit:
		if o.Offset > 0 {
			return fmt.Sprintf("Limit %d, offset %d", o.N, o.Offset)
		}
		return fmt.Sprintf("Limit %d", o.N)
	case *HashAggregate:
		mode := map[AggMode]string{AggComplete: "complete", AggPartial: "partial", AggFinal: "final"}[o.Mode]
		aggs := make([]plan.Expr, len(o.Aggs))
		for i, a := range o.Aggs {
			aggs[i] = a
		}
		return fmt.Sprintf("HashAggregate(mode=%s, keys=%s, functions=%s)", mode, exprs(o.Groups), exprs(aggs))
	case *ShuffleRead:
		if o.Broadcast {
			return fmt.Sprintf("ShuffleRead %d (broadcast)", o.ShuffleID)
		}
		return fmt.Sprintf("ShuffleRead %d", o.ShuffleID)
	case *ShowString:
		return fmt.Sprintf("ShowString %d, %d, %t", o.NumRows, o.Truncate, o.Vertical)
	case *HashJoin:
		r := ""
		if o.Residual != nil {
			r = ", " + plan.FormatExpr(o.Residual)
		}
		return fmt.Sprintf("HashJoin %s %s = %s%s", o.Type, exprs(o.LeftKeys), exprs(o.RightKeys), r)
	case *Union:
		return fmt.Sprintf("Union %v", o.Parts)
	case *Sort:
		l := make([]plan.Expr, len(o.Orders))
		for i, x := range o.Orders {
			l[i] = x
		}
		return "Sort " + exprs(l)
	}
	return fmt.Sprintf("%T", op)
}
