package optimizer

import (
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
)

// extractCommonConjuncts: (a AND b) OR (a AND c) => a AND (b OR c), in filter and join
// conditions, so that a predicate every branch requires can move into a join (TPC-H Q19
// repeats its join key in each branch of an OR). Equality of conjuncts is structural,
// with attribute ids.
func extractCommonConjuncts(r plan.Rel) (plan.Rel, bool, error) {
	switch x := r.(type) {
	case *plan.Filter:
		if c, ok := factorConjuncts(x.Cond); ok {
			return &plan.Filter{Input: x.Input, Cond: c}, true, nil
		}
	case *plan.Join:
		if x.Cond == nil {
			return r, false, nil
		}
		if c, ok := factorConjuncts(x.Cond); ok {
			n := *x
			n.Cond = c
			return &n, true, nil
		}
	}
	return r, false, nil
}

func disjuncts(e plan.Expr) []plan.Expr {
	if c, ok := e.(*plan.Call); ok && c.Name == "or" && len(c.Args) == 2 {
		return append(disjuncts(c.Args[0]), disjuncts(c.Args[1])...)
	}
	return []plan.Expr{e}
}

func or(list []plan.Expr) plan.Expr {
	out := list[0]
	for _, e := range list[1:] {
		out = &plan.Call{Name: "or", Args: []plan.Expr{out, e}, Type: types.Boolean,
			Nullable: plan.Nullable(out) || plan.Nullable(e)}
	}
	return out
}

// factorConjuncts factors the conjuncts shared by all branches out of every OR among
// cond's conjuncts; ok is false when there is nothing to factor.
func factorConjuncts(cond plan.Expr) (plan.Expr, bool) {
	changed := false
	var out []plan.Expr
	for _, c := range conjuncts(cond) {
		branches := disjuncts(c)
		if len(branches) < 2 || !deterministic(c) {
			out = append(out, c)
			continue
		}
		lists := make([][]plan.Expr, len(branches))
		counts := map[string]int{}
		for i, b := range branches {
			lists[i] = conjuncts(b)
			seen := map[string]bool{}
			for _, x := range lists[i] {
				k := plan.FormatExpr(x)
				if !seen[k] {
					seen[k] = true
					counts[k]++
				}
			}
		}
		var common []plan.Expr
		isCommon := map[string]bool{}
		for _, x := range lists[0] {
			k := plan.FormatExpr(x)
			if counts[k] == len(branches) && !isCommon[k] {
				isCommon[k] = true
				common = append(common, x)
			}
		}
		if len(common) == 0 {
			out = append(out, c)
			continue
		}
		changed = true
		out = append(out, common...)
		var rest []plan.Expr
		always := false
		for _, l := range lists {
			var keep []plan.Expr
			for _, x := range l {
				if !isCommon[plan.FormatExpr(x)] {
					keep = append(keep, x)
				}
			}
			if len(keep) == 0 {
				always = true // this branch is just the common part: the OR holds
				break
			}
			rest = append(rest, and(keep))
		}
		if !always {
			out = append(out, or(rest))
		}
	}
	if !changed {
		return cond, false
	}
	return and(out), true
}
