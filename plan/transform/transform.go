package transform

import "github.com/fulgur/fulgur/plan"

// ExprFunc rewrites one expression node; it returns the node unchanged and false when
// its pattern does not match.
type ExprFunc func(plan.Expr) (plan.Expr, bool, error)

// RelFunc rewrites one relation node.
type RelFunc func(plan.Rel) (plan.Rel, bool, error)

// ExprUp applies fn to every node of e, children before parents.
func ExprUp(e plan.Expr, fn ExprFunc) (plan.Expr, bool, error) {
	kids := e.Children()
	var newKids []plan.Expr
	changed := false
	for i, k := range kids {
		nk, ch, err := ExprUp(k, fn)
		if err != nil {
			return nil, false, err
		}
		if ch {
			if newKids == nil {
				newKids = append([]plan.Expr(nil), kids...)
			}
			newKids[i] = nk
			changed = true
		}
	}
	if changed {
		e = e.WithChildren(newKids...)
	}
	ne, ch, err := fn(e)
	if err != nil {
		return nil, false, err
	}
	return ne, changed || ch, nil
}

// ExprDown applies fn to every node of e, parents before children. Children of a node
// fn replaced are those of the replacement.
func ExprDown(e plan.Expr, fn ExprFunc) (plan.Expr, bool, error) {
	e, changed, err := fn(e)
	if err != nil {
		return nil, false, err
	}
	kids := e.Children()
	var newKids []plan.Expr
	kidChanged := false
	for i, k := range kids {
		nk, ch, err := ExprDown(k, fn)
		if err != nil {
			return nil, false, err
		}
		if ch {
			if newKids == nil {
				newKids = append([]plan.Expr(nil), kids...)
			}
			newKids[i] = nk
			kidChanged = true
		}
	}
	if kidChanged {
		e = e.WithChildren(newKids...)
	}
	return e, changed || kidChanged, nil
}

// Exprs applies ExprUp to each expression of a list, returning a new slice only when
// something changed.
func Exprs(list []plan.Expr, fn ExprFunc) ([]plan.Expr, bool, error) {
	var out []plan.Expr
	for i, e := range list {
		ne, ch, err := ExprUp(e, fn)
		if err != nil {
			return nil, false, err
		}
		if ch {
			if out == nil {
				out = append([]plan.Expr(nil), list...)
			}
			out[i] = ne
		}
	}
	if out == nil {
		return list, false, nil
	}
	return out, true, nil
}

// RelUp applies fn to every node of r, children before parents.
func RelUp(r plan.Rel, fn RelFunc) (plan.Rel, bool, error) {
	kids := r.Children()
	var newKids []plan.Rel
	changed := false
	for i, k := range kids {
		nk, ch, err := RelUp(k, fn)
		if err != nil {
			return nil, false, err
		}
		if ch {
			if newKids == nil {
				newKids = append([]plan.Rel(nil), kids...)
			}
			newKids[i] = nk
			changed = true
		}
	}
	if changed {
		r = r.WithChildren(newKids...)
	}
	nr, ch, err := fn(r)
	if err != nil {
		return nil, false, err
	}
	return nr, changed || ch, nil
}

// FixedPoint applies fn with RelUp until nothing changes or max rounds pass.
func FixedPoint(r plan.Rel, max int, fn RelFunc) (plan.Rel, error) {
	for i := 0; i < max; i++ {
		nr, ch, err := RelUp(r, fn)
		if err != nil {
			return nil, err
		}
		r = nr
		if !ch {
			break
		}
	}
	return r, nil
}

// AnyExpr reports whether pred holds for any node of e.
func AnyExpr(e plan.Expr, pred func(plan.Expr) bool) bool {
	if pred(e) {
		return true
	}
	for _, c := range e.Children() {
		if AnyExpr(c, pred) {
			return true
		}
	}
	return false
}
