package physical

import (
	"context"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/stage"
)

// splitConjuncts flattens a tree of ANDs.
func splitConjuncts(e plan.Expr) []plan.Expr {
	if e == nil {
		return nil
	}
	if c, ok := e.(*plan.Call); ok && c.Name == "and" && len(c.Args) == 2 {
		return append(splitConjuncts(c.Args[0]), splitConjuncts(c.Args[1])...)
	}
	return []plan.Expr{e}
}

// refsWithin reports whether e references at least one attribute and only attributes
// among ids.
func refsWithin(e plan.Expr, ids map[plan.AttrID]bool) bool {
	found, all := false, true
	transform.AnyExpr(e, func(x plan.Expr) bool {
		if a, ok := x.(*plan.Attribute); ok {
			found = true
			if !ids[a.ID] {
				all = false
			}
		}
		return false
	})
	return found && all
}

func idSet(attrs []*plan.Attribute) map[plan.AttrID]bool {
	m := make(map[plan.AttrID]bool, len(attrs))
	for _, a := range attrs {
		m[a.ID] = true
	}
	return m
}

// join plans a shuffle hash join: equality conjuncts between the two sides become keys
// on which both sides are hash-partitioned alike; the other conjuncts stay as a
// residual condition on the matched pairs. Without keys both sides go to one partition.
func (p *Planner) join(ctx context.Context, j *plan.Join) (node, error) {
	left, err := p.build(ctx, j.Left)
	if err != nil {
		return node{}, err
	}
	right, err := p.build(ctx, j.Right)
	if err != nil {
		return node{}, err
	}
	lids, rids := idSet(left.out), idSet(right.out)
	var lk, rk []plan.Expr
	var nullSafe []bool
	var residual plan.Expr
	for _, c := range splitConjuncts(j.Cond) {
		if call, ok := c.(*plan.Call); ok && (call.Name == "==" || call.Name == "<=>") && len(call.Args) == 2 {
			a, b := call.Args[0], call.Args[1]
			switch {
			case refsWithin(a, lids) && refsWithin(b, rids):
				lk, rk, nullSafe = append(lk, a), append(rk, b), append(nullSafe, call.Name == "<=>")
				continue
			case refsWithin(a, rids) && refsWithin(b, lids):
				lk, rk, nullSafe = append(lk, b), append(rk, a), append(nullSafe, call.Name == "<=>")
				continue
			}
		}
		if residual == nil {
			residual = c
		} else {
			residual = &plan.Call{Name: "and", Args: []plan.Expr{residual, c}, Type: types.Boolean, Nullable: true}
		}
	}
	leftKeys, err := bindAll(lk, left.out)
	if err != nil {
		return node{}, err
	}
	rightKeys, err := bindAll(rk, right.out)
	if err != nil {
		return node{}, err
	}
	// A small side that the join type lets every task see whole is broadcast: the
	// other side then keeps its partitioning and is not shuffled.
	canRight := j.Type == plan.InnerJoin || j.Type == plan.CrossJoin || j.Type == plan.LeftOuterJoin ||
		j.Type == plan.LeftSemiJoin || j.Type == plan.LeftAntiJoin
	canLeft := j.Type == plan.InnerJoin || j.Type == plan.CrossJoin || j.Type == plan.RightOuterJoin
	switch {
	case canRight && p.broadcastable(ctx, j.Right):
		right = p.broadcast(right)
	case canLeft && p.broadcastable(ctx, j.Left):
		left = p.broadcast(left)
	case len(lk) > 0:
		n := p.opts.ShufflePartitions
		left = p.exchange(left, stage.Partitioning{Kind: stage.HashPartition, NumPartitions: n, Keys: leftKeys})
		right = p.exchange(right, stage.Partitioning{Kind: stage.HashPartition, NumPartitions: n, Keys: rightKeys})
	default:
		left, right = p.single(left), p.single(right)
	}
	parts := left.parts
	if left.op != nil && isBroadcast(left.op) {
		parts = right.parts
	}
	var res plan.Expr
	if residual != nil {
		res, err = bind(residual, append(append([]*plan.Attribute(nil), left.out...), right.out...))
		if err != nil {
			return node{}, err
		}
	}
	out := j.Output()
	return node{op: &stage.HashJoin{Left: left.op, Right: right.op, Type: j.Type, LeftKeys: leftKeys, RightKeys: rightKeys, NullSafe: nullSafe,
		Residual: res, Out: schemaOf(out)}, parts: parts, out: out}, nil
}

// union plans the inputs side by side in one stage: task p runs one partition of one
// input.
func (p *Planner) union(ctx context.Context, u *plan.Union) (node, error) {
	out := u.Output()
	op := &stage.Union{Out: schemaOf(out)}
	total := 0
	for _, in := range u.Inputs {
		n, err := p.build(ctx, in)
		if err != nil {
			return node{}, err
		}
		op.Ins = append(op.Ins, n.op)
		op.Parts = append(op.Parts, n.parts)
		total += n.parts
	}
	return node{op: op, parts: total, out: out}, nil
}

// window plans a Window: rows of one partition meet in one task (hash exchange on the
// partition keys, or one task without keys), sorted by partition keys then order.
func (p *Planner) window(w *plan.Window, in node) (node, error) {
	if len(w.Partition) > 0 {
		keys, err := bindAll(w.Partition, in.out)
		if err != nil {
			return node{}, err
		}
		in = p.exchange(in, stage.Partitioning{Kind: stage.HashPartition, NumPartitions: p.opts.ShufflePartitions, Keys: keys})
	} else {
		in = p.single(in)
	}
	part, err := bindAll(w.Partition, in.out)
	if err != nil {
		return node{}, err
	}
	var sortKeys []*plan.SortOrder
	for _, k := range part {
		sortKeys = append(sortKeys, &plan.SortOrder{Child: k, NullsFirst: true})
	}
	var order []*plan.SortOrder
	for _, o := range w.Order {
		c, err := bind(o.Child, in.out)
		if err != nil {
			return node{}, err
		}
		so := &plan.SortOrder{Child: c, Descending: o.Descending, NullsFirst: o.NullsFirst}
		order = append(order, so)
		sortKeys = append(sortKeys, so)
	}
	sorted := in.op
	if len(sortKeys) > 0 {
		sorted = &stage.Sort{Input: in.op, Orders: sortKeys}
	}
	calls := make([]stage.WindowCall, len(w.Exprs))
	for i, a := range w.Exprs {
		we := a.Child.(*plan.WindowExpr)
		f, err := bind(we.Func, in.out)
		if err != nil {
			return node{}, err
		}
		calls[i] = stage.WindowCall{Func: f, Frame: *we.Frame}
	}
	out := w.Output()
	return node{op: &stage.Window{Input: sorted, Partition: part, Order: order, Calls: calls, Out: schemaOf(out)}, parts: in.parts, out: out}, nil
}

func isBroadcast(op stage.Op) bool {
	sr, ok := op.(*stage.ShuffleRead)
	return ok && sr.Broadcast
}
