package optimizer

import (
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
)

// conjuncts flattens a tree of ANDs.
func conjuncts(e plan.Expr) []plan.Expr {
	if e == nil {
		return nil
	}
	if c, ok := e.(*plan.Call); ok && c.Name == "and" && len(c.Args) == 2 {
		return append(conjuncts(c.Args[0]), conjuncts(c.Args[1])...)
	}
	return []plan.Expr{e}
}

// and joins conditions with AND (nil for none).
func and(list []plan.Expr) plan.Expr {
	var out plan.Expr
	for _, e := range list {
		if out == nil {
			out = e
			continue
		}
		out = &plan.Call{Name: "and", Args: []plan.Expr{out, e}, Type: types.Boolean,
			Nullable: plan.Nullable(out) || plan.Nullable(e)}
	}
	return out
}

// refs returns the ids of the attributes e reads.
func refs(e plan.Expr) map[plan.AttrID]bool {
	out := map[plan.AttrID]bool{}
	transform.AnyExpr(e, func(x plan.Expr) bool {
		if a, ok := x.(*plan.Attribute); ok {
			out[a.ID] = true
		}
		return false
	})
	return out
}

func ids(r plan.Rel) map[plan.AttrID]bool {
	out := map[plan.AttrID]bool{}
	for _, a := range r.Output() {
		out[a.ID] = true
	}
	return out
}

func subset(a, b map[plan.AttrID]bool) bool {
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

// deterministic reports whether e can be evaluated anywhere without changing results.
func deterministic(e plan.Expr) bool {
	return !transform.AnyExpr(e, func(x plan.Expr) bool {
		switch x := x.(type) {
		case *plan.Call:
			return nondeterministic[x.Name]
		case *plan.AggregateCall, *plan.WindowExpr, *plan.WindowFunc, *plan.Subquery:
			return true
		}
		return false
	})
}

func filterOn(r plan.Rel, conds []plan.Expr) plan.Rel {
	if len(conds) == 0 {
		return r
	}
	return &plan.Filter{Input: r, Cond: and(conds)}
}
