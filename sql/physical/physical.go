package physical

import (
	"context"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
	"github.com/fulgur/fulgur/stage"
)

// Files lists and splits the files of a data source into task partitions. The driver
// implements it with the datasource package.
type Files interface {
	Partitions(ctx context.Context, format string, paths []string, options map[string]string) ([][]stage.FileSplit, error)
}

// Options configure planning.
type Options struct {
	Functions *function.Registry
	Files     Files
	// DefaultParallelism is the number of partitions of ranges without an explicit
	// count (spark.default.parallelism: the total number of slots).
	DefaultParallelism int
	// ShufflePartitions is spark.sql.shuffle.partitions.
	ShufflePartitions int
	ANSI              bool
	// BroadcastThreshold is spark.sql.autoBroadcastJoinThreshold: the estimated size in
	// bytes under which a join side is broadcast (negative disables it; 0 means unset
	// and uses Spark's 10 MiB default).
	BroadcastThreshold int64
}

// Planner builds one job. Use a new Planner per query.
type Planner struct {
	opts        Options
	stages      []*stage.Stage
	nextShuffle int
}

// New returns a planner.
func New(opts Options) *Planner {
	if opts.DefaultParallelism <= 0 {
		opts.DefaultParallelism = 1
	}
	if opts.ShufflePartitions <= 0 {
		opts.ShufflePartitions = 200
	}
	return &Planner{opts: opts}
}

// node is a physical subtree inside the stage being built.
type node struct {
	op    stage.Op
	parts int
	out   []*plan.Attribute
}

// Plan builds the job for an optimized, resolved relation.
func (p *Planner) Plan(ctx context.Context, rel plan.Rel) (*stage.Job, error) {
	n, err := p.build(ctx, rel)
	if err != nil {
		return nil, err
	}
	p.addStage(n, -1, stage.Partitioning{Kind: stage.SinglePartition, NumPartitions: 1})
	return &stage.Job{Stages: p.stages}, nil
}

func (p *Planner) addStage(n node, shuffleID int, part stage.Partitioning) *stage.Stage {
	st := &stage.Stage{ID: len(p.stages), Root: n.op, NumTasks: n.parts, ShuffleID: shuffleID, Output: part}
	seen := map[int]bool{}
	var walk func(op stage.Op)
	walk = func(op stage.Op) {
		if sr, ok := op.(*stage.ShuffleRead); ok {
			for _, s := range p.stages {
				if s.ShuffleID == sr.ShuffleID && !seen[s.ID] {
					seen[s.ID] = true
					st.Parents = append(st.Parents, s.ID)
				}
			}
		}
		for _, in := range op.Inputs() {
			walk(in)
		}
	}
	walk(n.op)
	p.stages = append(p.stages, st)
	return st
}

// exchange ends the current stage with a shuffle and starts a new one reading it.
func (p *Planner) exchange(n node, part stage.Partitioning) node {
	id := p.nextShuffle
	p.nextShuffle++
	p.addStage(n, id, part)
	return node{op: &stage.ShuffleRead{ShuffleID: id, Out: n.op.Schema()}, parts: part.NumPartitions, out: n.out}
}

func (p *Planner) single(n node) node {
	if n.parts == 1 {
		return n
	}
	return p.exchange(n, stage.Partitioning{Kind: stage.SinglePartition, NumPartitions: 1})
}

func schemaOf(attrs []*plan.Attribute) types.StructType {
	st := types.StructType{Fields: make([]types.StructField, len(attrs))}
	for i, a := range attrs {
		st.Fields[i] = types.StructField{Name: a.Name, Type: a.Type, Nullable: a.Nullable}
	}
	return st
}

func (p *Planner) build(ctx context.Context, rel plan.Rel) (node, error) {
	switch r := rel.(type) {
	case *plan.Range:
		parts := r.NumPartitions
		if parts <= 0 {
			parts = p.opts.DefaultParallelism
		}
		return node{op: &stage.RangeScan{Start: r.Start, End: r.End, Step: r.Step, NumSlices: parts, Out: schemaOf(r.Out)}, parts: parts, out: r.Out}, nil
	case *plan.LocalRelation:
		ranges := sliceLocal(r.Batches, p.opts.DefaultParallelism)
		return node{op: &stage.LocalScan{Slices: [][]arrow.RecordBatch{r.Batches}, Ranges: ranges, Out: schemaOf(r.Out)}, parts: len(ranges), out: r.Out}, nil
	case *plan.OneRow:
		b := array.NewRecordBatch(arrow.NewSchema(nil, nil), nil, 1)
		return node{op: &stage.LocalScan{Slices: [][]arrow.RecordBatch{{b}}}, parts: 1}, nil
	case *plan.DataSource:
		if p.opts.Files == nil {
			return node{}, sqlerr.Unsupported("file data sources")
		}
		parts, err := p.opts.Files.Partitions(ctx, r.Format, r.Paths, r.Options)
		if err != nil {
			return node{}, err
		}
		if len(parts) == 0 {
			parts = [][]stage.FileSplit{nil}
		}
		out := schemaOf(r.Out)
		// Parquet reads only the needed columns; row formats parse whole records, so
		// they get the full schema and the scan keeps the needed columns by name.
		data := out
		if !strings.EqualFold(r.Format, "parquet") && r.Schema != nil {
			data = *r.Schema
		}
		return node{op: &stage.FileScan{Format: r.Format, Partitions: parts, DataSchema: data, Options: r.Options, Out: out}, parts: len(parts), out: r.Out}, nil
	}

	switch r := rel.(type) {
	case *plan.Join:
		return p.join(ctx, r)
	case *plan.Union:
		n, err := p.union(ctx, r)
		if err != nil || !r.Inline {
			return n, err
		}
		// VALUES rows are a local relation in Spark, sliced in order into at most
		// default-parallelism partitions.
		parts := min(n.parts, max(1, p.opts.DefaultParallelism))
		if parts == n.parts {
			return n, nil
		}
		return p.exchange(n, stage.Partitioning{Kind: stage.MapRangePartition, NumPartitions: parts, NumMaps: n.parts}), nil
	}
	kids := rel.Children()
	if len(kids) != 1 {
		return node{}, sqlerr.Unsupported(fmt.Sprintf("physical planning of %T", rel))
	}
	in, err := p.build(ctx, kids[0])
	if err != nil {
		return node{}, err
	}
	switch r := rel.(type) {
	case *plan.Project:
		exprs, err := bindAll(r.List, in.out)
		if err != nil {
			return node{}, err
		}
		out := r.Output()
		return node{op: &stage.Project{Input: in.op, Exprs: exprs, Out: schemaOf(out)}, parts: in.parts, out: out}, nil
	case *plan.Filter:
		c, err := bind(r.Cond, in.out)
		if err != nil {
			return node{}, err
		}
		return node{op: &stage.Filter{Input: in.op, Cond: c}, parts: in.parts, out: in.out}, nil
	case *plan.Limit:
		if in.parts > 1 {
			in = node{op: &stage.Limit{Input: in.op, N: r.N}, parts: in.parts, out: in.out}
			in = p.single(in)
		}
		return node{op: &stage.Limit{Input: in.op, N: r.N}, parts: 1, out: in.out}, nil
	case *plan.Tail:
		in = p.single(in)
		return node{op: &stage.Tail{Input: in.op, N: r.N}, parts: 1, out: in.out}, nil
	case *plan.Expand:
		projs := make([][]plan.Expr, len(r.Projections))
		for i, list := range r.Projections {
			b, err := bindAll(list, in.out)
			if err != nil {
				return node{}, err
			}
			projs[i] = b
		}
		return node{op: &stage.Expand{Input: in.op, Projections: projs, Out: schemaOf(r.Out)}, parts: in.parts, out: r.Out}, nil
	case *plan.Generate:
		args, err := bindAll(r.Args, in.out)
		if err != nil {
			return node{}, err
		}
		out := r.Output()
		return node{op: &stage.Generate{Input: in.op, Func: r.Func, Args: args, Outer: r.Outer, Out: schemaOf(out)}, parts: in.parts, out: out}, nil
	case *plan.Sample:
		return node{op: &stage.Sample{Input: in.op, Lower: r.Lower, Upper: r.Upper, WithReplacement: r.WithReplacement, Seed: r.Seed}, parts: in.parts, out: in.out}, nil
	case *plan.Hint:
		return in, nil
	case *plan.MaxOneRow:
		in = p.single(in)
		out := r.Output()
		return node{op: &stage.MaxOneRow{Input: in.op, Out: schemaOf(out)}, parts: 1, out: out}, nil
	case *plan.Offset:
		in = p.single(in)
		return node{op: &stage.Limit{Input: in.op, N: -1, Offset: r.N}, parts: 1, out: in.out}, nil
	case *plan.Sort:
		if r.Global {
			in = p.single(in)
		}
		orders := make([]*plan.SortOrder, len(r.Orders))
		for i, o := range r.Orders {
			c, err := bind(o.Child, in.out)
			if err != nil {
				return node{}, err
			}
			orders[i] = &plan.SortOrder{Child: c, Descending: o.Descending, NullsFirst: o.NullsFirst}
		}
		return node{op: &stage.Sort{Input: in.op, Orders: orders}, parts: in.parts, out: in.out}, nil
	case *plan.Aggregate:
		return p.aggregate(r, in)
	case *plan.Distinct:
		groups := make([]plan.Expr, len(in.out))
		aggs := make([]plan.Expr, len(in.out))
		for i, a := range in.out {
			groups[i], aggs[i] = a, a
		}
		return p.aggregate(&plan.Aggregate{Input: r.Input, Groups: groups, Aggs: aggs}, in)
	case *plan.ShowString:
		lim := node{op: &stage.Limit{Input: in.op, N: int64(r.NumRows) + 1}, parts: in.parts, out: in.out}
		if in.parts > 1 {
			lim = p.single(lim)
			lim = node{op: &stage.Limit{Input: lim.op, N: int64(r.NumRows) + 1}, parts: 1, out: in.out}
		}
		return node{op: &stage.ShowString{Input: lim.op, NumRows: r.NumRows, Truncate: r.Truncate, Vertical: r.Vertical, HTML: r.HTML, Out: schemaOf(r.Out)}, parts: 1, out: r.Out}, nil
	case *plan.Repartition:
		n := r.NumPartitions
		if n <= 0 {
			n = p.opts.ShufflePartitions
		}
		if len(r.Exprs) == 0 {
			return p.exchange(in, stage.Partitioning{Kind: stage.RoundRobinPartition, NumPartitions: n}), nil
		}
		keys, err := bindAll(r.Exprs, in.out)
		if err != nil {
			return node{}, err
		}
		return p.exchange(in, stage.Partitioning{Kind: stage.HashPartition, NumPartitions: n, Keys: keys}), nil
	case *plan.SubqueryAlias, *plan.PlanID:
		return in, nil
	case *plan.Window:
		return p.window(r, in)
	}
	return node{}, sqlerr.Unsupported(fmt.Sprintf("physical planning of %T", rel))
}

// aggregate plans partial aggregation, an exchange on the grouping keys, final
// aggregation and a projection computing the output expressions.
func (p *Planner) aggregate(r *plan.Aggregate, in node) (node, error) {
	var calls []*plan.AggregateCall
	callIdx := map[string]int{}
	for _, e := range r.Aggs {
		transform.AnyExpr(e, func(x plan.Expr) bool {
			if c, ok := x.(*plan.AggregateCall); ok {
				k := fingerprint(c)
				if _, seen := callIdx[k]; !seen {
					callIdx[k] = len(calls)
					calls = append(calls, c)
				}
				return false
			}
			return false
		})
	}
	ng := len(r.Groups)
	groups, err := bindAll(r.Groups, in.out)
	if err != nil {
		return node{}, err
	}
	partialCalls := make([]*plan.AggregateCall, len(calls))
	var partialFields []types.StructField
	for i, g := range r.Groups {
		partialFields = append(partialFields, types.StructField{Name: fmt.Sprintf("_g%d", i), Type: plan.TypeOf(g), Nullable: plan.Nullable(g)})
	}
	var finalFields []types.StructField
	finalFields = append(finalFields, partialFields...)
	for i, c := range calls {
		bc, err := bind(c, in.out)
		if err != nil {
			return node{}, err
		}
		partialCalls[i] = bc.(*plan.AggregateCall)
		fn, ok := p.opts.Functions.Aggregate(c.Name)
		if !ok {
			return node{}, sqlerr.Unsupported("aggregate function " + c.Name)
		}
		argTypes := make([]types.DataType, len(c.Args))
		for j, a := range c.Args {
			argTypes[j] = plan.TypeOf(a)
		}
		b, err := fn.Bind(argTypes, c.Distinct, p.opts.ANSI)
		if err != nil {
			return node{}, err
		}
		for j, st := range b.StateTypes {
			partialFields = append(partialFields, types.StructField{Name: fmt.Sprintf("_a%d_s%d", i, j), Type: st, Nullable: true})
		}
		finalFields = append(finalFields, types.StructField{Name: fmt.Sprintf("_a%d", i), Type: c.Type, Nullable: c.Nullable})
	}
	partial := node{op: &stage.HashAggregate{Input: in.op, Mode: stage.AggPartial, Groups: groups, Aggs: partialCalls,
		Out: types.StructType{Fields: partialFields}}, parts: in.parts}
	var ex node
	if ng == 0 {
		ex = p.exchange(partial, stage.Partitioning{Kind: stage.SinglePartition, NumPartitions: 1})
	} else {
		keys := make([]plan.Expr, ng)
		for i := range keys {
			keys[i] = &plan.BoundRef{Index: i, Type: partialFields[i].Type, Nullable: partialFields[i].Nullable, Name: partialFields[i].Name}
		}
		ex = p.exchange(partial, stage.Partitioning{Kind: stage.HashPartition, NumPartitions: p.opts.ShufflePartitions, Keys: keys})
	}
	finalGroups := make([]plan.Expr, ng)
	for i := range finalGroups {
		finalGroups[i] = &plan.BoundRef{Index: i, Type: partialFields[i].Type, Nullable: partialFields[i].Nullable, Name: partialFields[i].Name}
	}
	final := &stage.HashAggregate{Input: ex.op, Mode: stage.AggFinal, Groups: finalGroups, Aggs: partialCalls,
		Out: types.StructType{Fields: finalFields}}

	// The output projection: grouping expressions and aggregate calls become
	// references to the final aggregate's columns.
	groupIdx := map[string]int{}
	for i, g := range r.Groups {
		groupIdx[fingerprint(g)] = i
	}
	list := make([]plan.Expr, len(r.Aggs))
	for i, e := range r.Aggs {
		ne, _, err := transform.ExprDown(e, func(x plan.Expr) (plan.Expr, bool, error) {
			if _, isAlias := x.(*plan.Alias); isAlias {
				return x, false, nil
			}
			if gi, ok := groupIdx[fingerprint(x)]; ok {
				f := finalFields[gi]
				return &plan.BoundRef{Index: gi, Type: f.Type, Nullable: f.Nullable, Name: f.Name}, true, nil
			}
			if c, ok := x.(*plan.AggregateCall); ok {
				j := ng + callIdx[fingerprint(c)]
				f := finalFields[j]
				return &plan.BoundRef{Index: j, Type: f.Type, Nullable: f.Nullable, Name: f.Name}, true, nil
			}
			return x, false, nil
		})
		if err != nil {
			return node{}, err
		}
		if at, ok := ne.(*plan.Attribute); ok {
			return node{}, sqlerr.New("MISSING_AGGREGATION", "expression", "\""+at.Name+"\"", "expressionAnyValue", "\"any_value("+at.Name+")\"")
		}
		list[i] = ne
	}
	out := r.Output()
	return node{op: &stage.Project{Input: final, Exprs: list, Out: schemaOf(out)}, parts: ex.parts, out: out}, nil
}

// sliceLocal splits local rows into min(rows, parallelism) contiguous ranges exactly
// as Spark's ParallelCollectionRDD does (slice i holds rows [i*n/p, (i+1)*n/p)), so
// that per-partition work (and floating-point merge order) matches Spark's.
func sliceLocal(batches []arrow.RecordBatch, parallelism int) [][2]int64 {
	var n int64
	for _, b := range batches {
		n += b.NumRows()
	}
	p := min(max(n, 1), int64(max(parallelism, 1)))
	out := make([][2]int64, p)
	for i := int64(0); i < p; i++ {
		out[i] = [2]int64{i * n / p, (i + 1) * n / p}
	}
	return out
}
