package optimizer

import "github.com/fulgur/fulgur/plan"

// pushFilterThroughJoin: conjuncts of a filter above a join move to the side whose
// columns they read, or into the condition of an inner join when they read both.
// Only the sides whose rows pass through unchanged take conjuncts: the left of left
// outer, semi and anti joins, the right of right outer joins, both of inner joins.
func pushFilterThroughJoin(r plan.Rel) (plan.Rel, bool, error) {
	f, ok := r.(*plan.Filter)
	if !ok {
		return r, false, nil
	}
	j, ok := f.Input.(*plan.Join)
	if !ok {
		return r, false, nil
	}
	inner := j.Type == plan.InnerJoin || j.Type == plan.CrossJoin
	toLeft := inner || j.Type == plan.LeftOuterJoin || j.Type == plan.LeftSemiJoin || j.Type == plan.LeftAntiJoin
	toRight := inner || j.Type == plan.RightOuterJoin
	lids, rids := ids(j.Left), ids(j.Right)
	var left, right, cond, keep []plan.Expr
	for _, c := range conjuncts(f.Cond) {
		rs := refs(c)
		switch {
		case !deterministic(c) || len(rs) == 0:
			keep = append(keep, c)
		case toLeft && subset(rs, lids):
			left = append(left, c)
		case toRight && subset(rs, rids):
			right = append(right, c)
		case inner:
			cond = append(cond, c)
		default:
			keep = append(keep, c)
		}
	}
	if len(left)+len(right)+len(cond) == 0 {
		return r, false, nil
	}
	nj := *j
	nj.Left, nj.Right = filterOn(j.Left, left), filterOn(j.Right, right)
	if len(cond) > 0 {
		nj.Cond = and(append(conjuncts(j.Cond), cond...))
		if nj.Type == plan.CrossJoin {
			nj.Type = plan.InnerJoin
		}
	}
	return filterOn(&nj, keep), true, nil
}
