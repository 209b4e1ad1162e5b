package optimizer

import "github.com/fulgur/fulgur/plan"

// pushJoinConditions: conjuncts of a join condition that read only one side filter that
// side instead, where this cannot change which rows match: either side of an inner
// join, the right of left outer, semi and anti joins, the left of right outer joins.
func pushJoinConditions(r plan.Rel) (plan.Rel, bool, error) {
	j, ok := r.(*plan.Join)
	if !ok || j.Cond == nil {
		return r, false, nil
	}
	inner := j.Type == plan.InnerJoin
	toLeft := inner || j.Type == plan.RightOuterJoin
	toRight := inner || j.Type == plan.LeftOuterJoin || j.Type == plan.LeftSemiJoin || j.Type == plan.LeftAntiJoin
	lids, rids := ids(j.Left), ids(j.Right)
	var left, right, keep []plan.Expr
	for _, c := range conjuncts(j.Cond) {
		rs := refs(c)
		switch {
		case !deterministic(c) || len(rs) == 0:
			keep = append(keep, c)
		case toLeft && subset(rs, lids):
			left = append(left, c)
		case toRight && subset(rs, rids):
			right = append(right, c)
		default:
			keep = append(keep, c)
		}
	}
	if len(left)+len(right) == 0 {
		return r, false, nil
	}
	nj := *j
	nj.Left, nj.Right = filterOn(j.Left, left), filterOn(j.Right, right)
	nj.Cond = and(keep)
	if nj.Cond == nil && nj.Type == plan.InnerJoin {
		nj.Type = plan.CrossJoin
	}
	return &nj, true, nil
}
