package optimizer

import "github.com/fulgur/fulgur/plan"

// reorderJoins: a tree of inner and cross joins is rebuilt so that every join has a
// condition when one exists, instead of the written order's cartesian products (FROM
// a, b, c WHERE a.x = c.x AND c.y = b.y joins c before b). Relations keep their
// written order where the conditions allow; each condition goes to the lowest join
// that sees all of its columns; a projection restores the original column order.
// This is Spark's ReorderJoin heuristic (no statistics yet).
func reorderJoins(rel plan.Rel) plan.Rel {
	j, ok := rel.(*plan.Join)
	if !ok || !(j.Type == plan.InnerJoin || j.Type == plan.CrossJoin) {
		kids := rel.Children()
		if len(kids) == 0 {
			return rel
		}
		nk := make([]plan.Rel, len(kids))
		for i, k := range kids {
			nk[i] = reorderJoins(k)
		}
		return rel.WithChildren(nk...)
	}
	var items []plan.Rel
	var conds []plan.Expr
	var flatten func(r plan.Rel)
	flatten = func(r plan.Rel) {
		if j, ok := r.(*plan.Join); ok && (j.Type == plan.InnerJoin || j.Type == plan.CrossJoin) {
			flatten(j.Left)
			flatten(j.Right)
			conds = append(conds, conjuncts(j.Cond)...)
			return
		}
		items = append(items, reorderJoins(r))
	}
	flatten(j)
	if len(items) < 3 {
		return rebuildTwo(j, items, conds)
	}
	used := make([]bool, len(conds))
	condRefs := make([]map[plan.AttrID]bool, len(conds))
	for i, c := range conds {
		condRefs[i] = refs(c)
	}
	itemIDs := make([]map[plan.AttrID]bool, len(items))
	for i, it := range items {
		itemIDs[i] = ids(it)
	}
	current := items[0]
	have := copyIDs(itemIDs[0])
	remaining := make([]int, 0, len(items)-1)
	for i := 1; i < len(items); i++ {
		remaining = append(remaining, i)
	}
	connects := func(k int) bool {
		for c, rs := range condRefs {
			if used[c] || !deterministic(conds[c]) {
				continue
			}
			touchesNew, touchesOld, inside := false, false, true
			for id := range rs {
				switch {
				case itemIDs[k][id]:
					touchesNew = true
				case have[id]:
					touchesOld = true
				default:
					inside = false
				}
			}
			if inside && touchesNew && touchesOld {
				return true
			}
		}
		return false
	}
	for len(remaining) > 0 {
		pick := 0
		for p, k := range remaining {
			if connects(k) {
				pick = p
				break
			}
		}
		k := remaining[pick]
		remaining = append(remaining[:pick], remaining[pick+1:]...)
		for id := range itemIDs[k] {
			have[id] = true
		}
		var jc []plan.Expr
		for c, rs := range condRefs {
			if !used[c] && len(rs) > 0 && subset(rs, have) {
				used[c] = true
				jc = append(jc, conds[c])
			}
		}
		nj := &plan.Join{Left: current, Right: items[k], Type: plan.CrossJoin}
		if len(jc) > 0 {
			nj.Type, nj.Cond = plan.InnerJoin, and(jc)
		}
		current = nj
	}
	var rest []plan.Expr
	for c := range conds {
		if !used[c] {
			rest = append(rest, conds[c])
		}
	}
	out := filterOn(current, rest)
	return restoreOrder(out, j.Output())
}

// rebuildTwo keeps a two-relation join as it was (its children reordered inside).
func rebuildTwo(j *plan.Join, items []plan.Rel, conds []plan.Expr) plan.Rel {
	nj := *j
	nj.Left, nj.Right = items[0], items[1]
	nj.Cond = and(conds)
	return &nj
}

func copyIDs(m map[plan.AttrID]bool) map[plan.AttrID]bool {
	out := make(map[plan.AttrID]bool, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// restoreOrder projects r to the given columns when its output order differs.
func restoreOrder(r plan.Rel, want []*plan.Attribute) plan.Rel {
	got := r.Output()
	same := len(got) == len(want)
	for i := 0; same && i < len(got); i++ {
		same = got[i].ID == want[i].ID
	}
	if same {
		return r
	}
	list := make([]plan.Expr, len(want))
	for i, a := range want {
		list[i] = a
	}
	return &plan.Project{Input: r, List: list}
}
