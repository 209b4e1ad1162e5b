package optimizer

import (
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
)

// pushLimitThroughProject: (Limit n (Project list $input)) => (Project list (Limit n
// $input)) when list is deterministic and holds no aggregates, so fewer rows are
// computed. Row order and count are unchanged because Project is one-to-one.
func pushLimitThroughProject(r plan.Rel) (plan.Rel, bool, error) {
	l, ok := r.(*plan.Limit)
	if !ok {
		return r, false, nil
	}
	p, ok := l.Input.(*plan.Project)
	if !ok {
		return r, false, nil
	}
	if _, isLimit := p.Input.(*plan.Limit); isLimit {
		return r, false, nil
	}
	for _, e := range p.List {
		if transform.AnyExpr(e, func(x plan.Expr) bool {
			c, ok := x.(*plan.Call)
			return ok && nondeterministic[c.Name]
		}) {
			return r, false, nil
		}
	}
	return &plan.Project{Input: &plan.Limit{Input: p.Input, N: l.N}, List: p.List}, true, nil
}

// nondeterministic lists functions whose results depend on row position or chance.
var nondeterministic = map[string]bool{
	"rand": true, "randn": true, "uuid": true, "monotonically_increasing_id": true,
	"spark_partition_id": true, "shuffle": true, "input_file_name": true,
}
