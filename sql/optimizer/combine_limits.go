package optimizer

import "github.com/fulgur/fulgur/plan"

// combineLimits: (Limit n (Limit m $input)) => (Limit min(n,m) $input). Always safe.
func combineLimits(r plan.Rel) (plan.Rel, bool, error) {
	outer, ok := r.(*plan.Limit)
	if !ok {
		return r, false, nil
	}
	inner, ok := outer.Input.(*plan.Limit)
	if !ok {
		return r, false, nil
	}
	return &plan.Limit{Input: inner.Input, N: min(outer.N, inner.N)}, true, nil
}
