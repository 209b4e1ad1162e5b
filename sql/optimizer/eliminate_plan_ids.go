package optimizer

import "github.com/fulgur/fulgur/plan"

// eliminatePlanIDs: (PlanID $input) => $input. Safe once analysis is done: plan ids only
// serve column resolution.
func eliminatePlanIDs(r plan.Rel) (plan.Rel, bool, error) {
	if p, ok := r.(*plan.PlanID); ok {
		return p.Input, true, nil
	}
	return r, false, nil
}
