package optimizer

import (
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
)

// pushFilterThroughProject: (Filter c (Project list $x)) => (Project list (Filter c' $x))
// when c reads only columns the projection passes through or computes
// deterministically; c' reads the computed expressions instead.
func pushFilterThroughProject(r plan.Rel) (plan.Rel, bool, error) {
	f, ok := r.(*plan.Filter)
	if !ok {
		return r, false, nil
	}
	p, ok := f.Input.(*plan.Project)
	if !ok || !deterministic(f.Cond) {
		return r, false, nil
	}
	defs := map[plan.AttrID]plan.Expr{}
	for _, e := range p.List {
		switch e := e.(type) {
		case *plan.Attribute:
			defs[e.ID] = e
		case *plan.Alias:
			if deterministic(e.Child) {
				defs[e.ID] = e.Child
			}
		}
	}
	for id := range refs(f.Cond) {
		if defs[id] == nil {
			return r, false, nil
		}
	}
	cond, _, _ := transform.ExprDown(f.Cond, func(x plan.Expr) (plan.Expr, bool, error) {
		if a, ok := x.(*plan.Attribute); ok {
			return defs[a.ID], true, nil
		}
		return x, false, nil
	})
	return &plan.Project{Input: &plan.Filter{Input: p.Input, Cond: cond}, List: p.List}, true, nil
}
