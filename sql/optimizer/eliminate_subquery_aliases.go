package optimizer

import "github.com/fulgur/fulgur/plan"

// eliminateSubqueryAliases: (SubqueryAlias $input) => $input. Safe after analysis:
// qualifiers only serve name resolution and attributes keep their ids.
func eliminateSubqueryAliases(r plan.Rel) (plan.Rel, bool, error) {
	if s, ok := r.(*plan.SubqueryAlias); ok {
		return s.Input, true, nil
	}
	return r, false, nil
}
