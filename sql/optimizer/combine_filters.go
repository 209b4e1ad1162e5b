package optimizer

import "github.com/fulgur/fulgur/plan"

// combineFilters: (Filter c2 (Filter c1 $x)) => (Filter (c1 AND c2) $x).
func combineFilters(r plan.Rel) (plan.Rel, bool, error) {
	outer, ok := r.(*plan.Filter)
	if !ok {
		return r, false, nil
	}
	inner, ok := outer.Input.(*plan.Filter)
	if !ok || !deterministic(inner.Cond) {
		return r, false, nil
	}
	return &plan.Filter{Input: inner.Input, Cond: and([]plan.Expr{inner.Cond, outer.Cond})}, true, nil
}
