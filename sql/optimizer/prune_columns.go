package optimizer

import "github.com/fulgur/fulgur/plan"

// pruneColumns drops the columns nothing above needs: projections keep only the
// items their consumers read, and file scans read only the columns the query uses
// (Spark's ColumnPruning). The plan's output columns never change.
func pruneColumns(rel plan.Rel) plan.Rel {
	need := map[plan.AttrID]bool{}
	for _, a := range rel.Output() {
		need[a.ID] = true
	}
	return prune(rel, need)
}

// needOf adds the attributes of the expressions to need.
func needOf(need map[plan.AttrID]bool, exprs ...plan.Expr) map[plan.AttrID]bool {
	out := copyIDs(need)
	for _, e := range exprs {
		if e == nil {
			continue
		}
		for id := range refs(e) {
			out[id] = true
		}
	}
	return out
}

func allOf(r plan.Rel) map[plan.AttrID]bool { return ids(r) }

// prune rewrites r so that it produces at least the needed columns, and fewer others
// where it can.
func prune(r plan.Rel, need map[plan.AttrID]bool) plan.Rel {
	switch x := r.(type) {
	case *plan.DataSource:
		var out []*plan.Attribute
		for _, a := range x.Out {
			if need[a.ID] {
				out = append(out, a)
			}
		}
		if len(out) == 0 && len(x.Out) > 0 {
			out = x.Out[:1] // a scan still has to count rows
		}
		if len(out) == len(x.Out) {
			return x
		}
		n := *x
		n.Out = out
		return &n
	case *plan.Project:
		var list []plan.Expr
		for _, e := range x.List {
			if need[plan.ToAttribute(e).ID] {
				list = append(list, e)
			}
		}
		if len(list) == 0 && len(x.List) > 0 {
			list = x.List[:1]
		}
		return &plan.Project{Input: prune(x.Input, needOf(nil, list...)), List: list}
	case *plan.Filter:
		return &plan.Filter{Input: prune(x.Input, needOf(need, x.Cond)), Cond: x.Cond}
	case *plan.Sort:
		exprs := make([]plan.Expr, len(x.Orders))
		for i, o := range x.Orders {
			exprs[i] = o
		}
		return &plan.Sort{Input: prune(x.Input, needOf(need, exprs...)), Orders: x.Orders, Global: x.Global}
	case *plan.Limit:
		return &plan.Limit{Input: prune(x.Input, need), N: x.N}
	case *plan.Join:
		n := *x
		both := needOf(need, x.Cond)
		n.Left, n.Right = prune(x.Left, both), prune(x.Right, both)
		return &n
	case *plan.Aggregate:
		exprs := append(append([]plan.Expr(nil), x.Groups...), x.Aggs...)
		n := *x
		n.Input = prune(x.Input, needOf(nil, exprs...))
		return &n
	case *plan.Expand:
		var exprs []plan.Expr
		for _, p := range x.Projections {
			exprs = append(exprs, p...)
		}
		n := *x
		n.Input = prune(x.Input, needOf(nil, exprs...))
		return &n
	case *plan.Window:
		exprs := append([]plan.Expr(nil), x.Partition...)
		for _, o := range x.Order {
			exprs = append(exprs, o)
		}
		for _, e := range x.Exprs {
			exprs = append(exprs, e)
		}
		n := *x
		n.Input = prune(x.Input, needOf(need, exprs...))
		return &n
	}
	// Operators that read all their input columns (distinct, union, ...) keep them.
	kids := r.Children()
	if len(kids) == 0 {
		return r
	}
	nk := make([]plan.Rel, len(kids))
	for i, k := range kids {
		nk[i] = prune(k, allOf(k))
	}
	return r.WithChildren(nk...)
}
