package analyzer

import (
	"context"
	"strconv"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// Subqueries are resolved with the enclosing query's columns visible as OuterRefs, then
// rewritten into joins right where they are used, so that no subquery reaches the
// optimizer: EXISTS and IN conjuncts of a filter become semi and anti joins (NOT IN
// null-aware), scalar subqueries become a join with their (at most one) row per outer
// row, and EXISTS or IN elsewhere become an outer join with a match marker.
// Correlation is supported through equality and other predicates in the subquery's
// filters; the predicates are pulled up into the join condition.

// subquery resolves a subquery expression.
func (sc *scope) subquery(ctx context.Context, e *plan.Subquery) (plan.Expr, error) {
	values := make([]plan.Expr, len(e.Values))
	for i, v := range e.Values {
		rv, err := sc.expr(ctx, v)
		if err != nil {
			return nil, err
		}
		values[i] = rv
	}
	sc.a.outer = append(sc.a.outer, sc.inputAttrs())
	p, err := sc.a.resolve(ctx, e.Plan)
	sc.a.outer = sc.a.outer[:len(sc.a.outer)-1]
	if err != nil {
		return nil, err
	}
	out := p.Output()
	switch e.Kind {
	case plan.ScalarSubquery:
		if len(out) != 1 {
			return nil, sqlerr.New("INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN", "number", strconv.Itoa(len(out)))
		}
	case plan.InSubquery:
		if len(out) != len(values) {
			return nil, sqlerr.New("DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH", "sqlExpr", `"IN (listquery())"`,
				"leftLength", strconv.Itoa(len(values)), "rightLength", strconv.Itoa(len(out)),
				"leftColumns", "", "rightColumns", "")
		}
	}
	return &plan.Subquery{Kind: e.Kind, Plan: p, Values: values}, nil
}

// outerAttribute resolves a name against the enclosing queries of a subquery.
func (sc *scope) outerAttribute(parts []string) *plan.OuterRef {
	for i := len(sc.a.outer) - 1; i >= 0; i-- {
		var matches []*plan.Attribute
		for _, at := range sc.a.outer[i] {
			if !sc.a.nameEq(at.Name, parts[len(parts)-1]) {
				continue
			}
			if len(parts) == 1 || sc.qualifierMatches(at.Qualifier, parts[:len(parts)-1]) {
				matches = append(matches, at)
			}
		}
		if len(matches) == 1 {
			return &plan.OuterRef{Attr: matches[0]}
		}
	}
	return nil
}

func hasSubquery(list ...plan.Expr) bool {
	for _, e := range list {
		if transform.AnyExpr(e, func(x plan.Expr) bool { _, ok := x.(*plan.Subquery); return ok }) {
			return true
		}
	}
	return false
}

func hasOuter(e plan.Expr) bool {
	return transform.AnyExpr(e, func(x plan.Expr) bool { _, ok := x.(*plan.OuterRef); return ok })
}

func splitAnd(e plan.Expr) []plan.Expr {
	if c, ok := e.(*plan.Call); ok && c.Name == "and" && len(c.Args) == 2 {
		return append(splitAnd(c.Args[0]), splitAnd(c.Args[1])...)
	}
	return []plan.Expr{e}
}

func isNot(e plan.Expr) (plan.Expr, bool) {
	if c, ok := e.(*plan.Call); ok && c.Name == "not" && len(c.Args) == 1 {
		return c.Args[0], true
	}
	return nil, false
}

// stripOuter replaces outer references by the outer columns they name.
func stripOuter(e plan.Expr) plan.Expr {
	out, _, _ := transform.ExprDown(e, func(x plan.Expr) (plan.Expr, bool, error) {
		if o, ok := x.(*plan.OuterRef); ok {
			return o.Attr, true, nil
		}
		return x, false, nil
	})
	return out
}

// joinScope resolves expressions over both sides of a join being built.
func (a *Analyzer) joinScope(left, right plan.Rel) *scope {
	return &scope{a: a, input: left, extra: []plan.Rel{right}}
}

func unresolvedCall(name string, args ...plan.Expr) plan.Expr {
	return &plan.UnresolvedFunction{Name: name, Args: args, IsOperator: true}
}

func andAll(list []plan.Expr) plan.Expr {
	var out plan.Expr
	for _, e := range list {
		if out == nil {
			out = e
		} else {
			out = unresolvedCall("and", out, e)
		}
	}
	return out
}

// rewriteFilter plans a filter whose condition holds subqueries.
func (a *Analyzer) rewriteFilter(ctx context.Context, input plan.Rel, cond plan.Expr) (plan.Rel, error) {
	rel := input
	var rest []plan.Expr
	for _, c := range splitAnd(cond) {
		neg := false
		x := c
		if inner, ok := isNot(c); ok {
			neg, x = true, inner
		}
		sq, ok := x.(*plan.Subquery)
		if !ok || sq.Kind == plan.ScalarSubquery || hasSubquery(sq.Values...) {
			rest = append(rest, c)
			continue
		}
		var err error
		switch {
		case sq.Kind == plan.ExistsSubquery:
			jt := plan.LeftSemiJoin
			if neg {
				jt = plan.LeftAntiJoin
			}
			rel, err = a.semiJoin(ctx, rel, sq, jt, nil)
		case !neg:
			rel, err = a.semiJoin(ctx, rel, sq, plan.LeftSemiJoin, inEqualities)
		default:
			rel, err = a.notIn(ctx, rel, sq)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(rest) > 0 {
		joined, conds, err := a.exprSubqueries(ctx, rel, rest)
		if err != nil {
			return nil, err
		}
		sc := &scope{a: a, input: joined}
		c, err := sc.expr(ctx, andAll(conds))
		if err != nil {
			return nil, err
		}
		rel = &plan.Filter{Input: joined, Cond: c}
	}
	return projectTo(rel, input.Output()), nil
}

// projectTo narrows rel to the given columns when it has more.
func projectTo(rel plan.Rel, cols []*plan.Attribute) plan.Rel {
	if len(rel.Output()) == len(cols) {
		return rel
	}
	list := make([]plan.Expr, len(cols))
	for i, c := range cols {
		list[i] = c
	}
	return &plan.Project{Input: rel, List: list}
}

// inEqualities are the conditions values[i] = sub.column[i] of an IN subquery.
func inEqualities(values []plan.Expr, sub plan.Rel) []plan.Expr {
	out := sub.Output()
	conds := make([]plan.Expr, len(values))
	for i, v := range values {
		conds[i] = unresolvedCall("==", v, out[i])
	}
	return conds
}

// semiJoin joins rel with a decorrelated subquery: the pulled-up predicates plus extra
// conditions on the subquery's columns form the join condition.
func (a *Analyzer) semiJoin(ctx context.Context, rel plan.Rel, sq *plan.Subquery, jt plan.JoinType, extra func([]plan.Expr, plan.Rel) []plan.Expr) (plan.Rel, error) {
	sub, preds, err := decorrelate(sq.Plan, rel)
	if err != nil {
		return nil, err
	}
	var conds []plan.Expr
	if extra != nil {
		conds = extra(sq.Values, sq.Plan)
	}
	for _, p := range preds {
		conds = append(conds, stripOuter(p))
	}
	j := &plan.Join{Left: rel, Right: sub, Type: jt}
	if len(conds) > 0 {
		c, err := a.joinScope(rel, sub).expr(ctx, andAll(conds))
		if err != nil {
			return nil, err
		}
		j.Cond = c
	} else {
		// An uncorrelated EXISTS needs one row of the subquery at most.
		j.Right = &plan.Limit{Input: sub, N: 1}
		j.Cond = &plan.Literal{Type: types.Boolean, Value: true}
	}
	return j, nil
}

// notIn plans rel WHERE v NOT IN (sub) with SQL's null semantics: a row survives when
// the subquery is empty, or when v is not NULL, matches no row, and the subquery holds
// no NULL.
func (a *Analyzer) notIn(ctx context.Context, rel plan.Rel, sq *plan.Subquery) (plan.Rel, error) {
	sub, preds, err := decorrelate(sq.Plan, rel)
	if err != nil {
		return nil, err
	}
	if len(preds) > 0 || len(sq.Values) != 1 {
		// Correlated or multi-column: an anti join whose condition is true when the
		// comparison is true or unknown.
		var conds []plan.Expr
		for _, eq := range inEqualities(sq.Values, sq.Plan) {
			conds = append(conds, unresolvedCall("or", eq, unresolvedCall("isnull", eq)))
		}
		for _, p := range preds {
			conds = append(conds, stripOuter(p))
		}
		c, err := a.joinScope(rel, sub).expr(ctx, andAll(conds))
		if err != nil {
			return nil, err
		}
		return &plan.Join{Left: rel, Right: sub, Type: plan.LeftAntiJoin, Cond: c}, nil
	}
	y := sub.Output()[0]
	// One row with the subquery's size and number of NULLs.
	stats := &scope{a: a, input: sub}
	n, err := stats.expr(ctx, &plan.Alias{Name: "__n", Child: unresolvedCall("count", &plan.Literal{Type: types.Integer, Value: int32(1)})})
	if err != nil {
		return nil, err
	}
	nulls, err := stats.expr(ctx, &plan.Alias{Name: "__nulls", Child: unresolvedCall("count_if", unresolvedCall("isnull", y))})
	if err != nil {
		nulls, err = stats.expr(ctx, &plan.Alias{Name: "__nulls", Child: unresolvedCall("sum",
			unresolvedCall("when", unresolvedCall("isnull", y), &plan.Literal{Type: types.Integer, Value: int32(1)}, &plan.Literal{Type: types.Integer, Value: int32(0)}))})
		if err != nil {
			return nil, err
		}
	}
	agg := &plan.Aggregate{Input: sub, Aggs: []plan.Expr{n, nulls}}
	withStats := &plan.Join{Left: rel, Right: agg, Type: plan.CrossJoin}
	eq, err := a.joinScope(withStats, sub).expr(ctx, unresolvedCall("==", sq.Values[0], y))
	if err != nil {
		return nil, err
	}
	anti := &plan.Join{Left: withStats, Right: sub, Type: plan.LeftAntiJoin, Cond: eq}
	nAttr, nullsAttr := plan.ToAttribute(n), plan.ToAttribute(nulls)
	zero := &plan.Literal{Type: types.Long, Value: int64(0)}
	keep := unresolvedCall("or", unresolvedCall("==", nAttr, zero),
		unresolvedCall("and", unresolvedCall("==", unresolvedCall("coalesce", nullsAttr, zero), zero), unresolvedCall("isnotnull", sq.Values[0])))
	c, err := (&scope{a: a, input: anti}).expr(ctx, keep)
	if err != nil {
		return nil, err
	}
	return &plan.Filter{Input: anti, Cond: c}, nil
}

// exprSubqueries joins rel with the subqueries used inside expressions and returns the
// expressions with each subquery replaced by the column that carries its value.
func (a *Analyzer) exprSubqueries(ctx context.Context, rel plan.Rel, list []plan.Expr) (plan.Rel, []plan.Expr, error) {
	out := make([]plan.Expr, len(list))
	for i, e := range list {
		var ferr error
		ne, _, _ := transform.ExprUp(e, func(x plan.Expr) (plan.Expr, bool, error) {
			sq, ok := x.(*plan.Subquery)
			if !ok || ferr != nil {
				return x, false, nil
			}
			var v plan.Expr
			rel, v, ferr = a.subqueryValue(ctx, rel, sq)
			if ferr != nil {
				return x, false, nil
			}
			return v, true, nil
		})
		if ferr != nil {
			return nil, nil, ferr
		}
		out[i] = ne
	}
	return rel, out, nil
}

// subqueryValue joins rel with what computes one subquery's value per row of rel.
func (a *Analyzer) subqueryValue(ctx context.Context, rel plan.Rel, sq *plan.Subquery) (plan.Rel, plan.Expr, error) {
	sub, preds, err := decorrelate(sq.Plan, rel)
	if err != nil {
		return nil, nil, err
	}
	var conds []plan.Expr
	for _, p := range preds {
		conds = append(conds, stripOuter(p))
	}
	switch sq.Kind {
	case plan.ScalarSubquery:
		if len(preds) == 0 {
			one := &plan.MaxOneRow{Input: sub}
			return &plan.Join{Left: rel, Right: one, Type: plan.CrossJoin}, one.Output()[0], nil
		}
		if !aggregated(sub) {
			return a.unaggregatedScalar(ctx, rel, sub, preds, conds)
		}
		c, err := a.joinScope(rel, sub).expr(ctx, andAll(conds))
		if err != nil {
			return nil, nil, err
		}
		var v plan.Expr = sub.Output()[0]
		if countLike(sq.Plan) {
			// COUNT over no rows is 0, not the NULL an unmatched outer join gives.
			v = &plan.Call{Name: "coalesce", Args: []plan.Expr{v, &plan.Literal{Type: types.Long, Value: int64(0)}}, Type: types.Long, Display: Pretty(v)}
		}
		return &plan.Join{Left: rel, Right: sub, Type: plan.LeftOuterJoin, Cond: c}, v, nil
	case plan.ExistsSubquery:
		// A marker column that is non-NULL where a subquery row matched.
		keys := innerAttrs(conds, sub)
		list := make([]plan.Expr, 0, len(keys)+1)
		for _, k := range keys {
			list = append(list, k)
		}
		marker := &plan.Alias{Child: &plan.Literal{Type: types.Boolean, Value: true}, Name: "__exists", ID: plan.NewAttrID()}
		list = append(list, marker)
		var right plan.Rel = &plan.Distinct{Input: &plan.Project{Input: sub, List: list}}
		j := &plan.Join{Left: rel, Right: right, Type: plan.LeftOuterJoin}
		if len(conds) > 0 {
			if j.Cond, err = a.joinScope(rel, right).expr(ctx, andAll(conds)); err != nil {
				return nil, nil, err
			}
		} else {
			j.Right = &plan.Limit{Input: right, N: 1}
			j.Cond = &plan.Literal{Type: types.Boolean, Value: true}
		}
		v, err := (&scope{a: a, input: j}).expr(ctx, unresolvedCall("isnotnull", plan.ToAttribute(marker)))
		return j, v, err
	}
	// x IN (subquery) as a value is true on a match and false otherwise: Spark plans it
	// as an existence join on the equalities, which never yields NULL.
	if len(preds) > 0 || len(sq.Values) != 1 {
		return nil, nil, sqlerr.Unsupported("correlated or multi-column IN subqueries outside WHERE conjuncts")
	}
	y := sub.Output()[0]
	marker := &plan.Alias{Child: &plan.Literal{Type: types.Boolean, Value: true}, Name: "__in", ID: plan.NewAttrID()}
	right := &plan.Distinct{Input: &plan.Project{Input: sub, List: []plan.Expr{y, marker}}}
	eq, err := a.joinScope(rel, right).expr(ctx, unresolvedCall("==", sq.Values[0], y))
	if err != nil {
		return nil, nil, err
	}
	j := &plan.Join{Left: rel, Right: right, Type: plan.LeftOuterJoin, Cond: eq}
	v, err := (&scope{a: a, input: j}).expr(ctx, unresolvedCall("isnotnull", plan.ToAttribute(marker)))
	return j, v, err
}

// unaggregatedScalar plans a correlated scalar subquery without an aggregation, which
// must match at most one row per outer row: the subquery is grouped by its correlated
// columns, keeping one value and the row count, and the value is checked at run time.
func (a *Analyzer) unaggregatedScalar(ctx context.Context, rel, sub plan.Rel, preds, conds []plan.Expr) (plan.Rel, plan.Expr, error) {
	for _, p := range preds {
		c, ok := p.(*plan.Call)
		if !ok || c.Name != "==" || len(c.Args) != 2 || hasOuter(c.Args[0]) == hasOuter(c.Args[1]) {
			return nil, nil, sqlerr.New("UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY")
		}
	}
	keys := innerAttrs(conds, sub)
	value := sub.Output()[0]
	in := &scope{a: a, input: sub}
	v, err := in.expr(ctx, &plan.Alias{Name: value.Name, Child: unresolvedCall("any_value", value)})
	if err != nil {
		return nil, nil, err
	}
	rows, err := in.expr(ctx, &plan.Alias{Name: "__rows", Child: unresolvedCall("count", &plan.Literal{Type: types.Integer, Value: int32(1)})})
	if err != nil {
		return nil, nil, err
	}
	groups := make([]plan.Expr, len(keys))
	for i, k := range keys {
		groups[i] = k
	}
	agg := &plan.Aggregate{Input: sub, Groups: groups, Aggs: append(append([]plan.Expr(nil), groups...), v, rows)}
	c, err := a.joinScope(rel, agg).expr(ctx, andAll(conds))
	if err != nil {
		return nil, nil, err
	}
	j := &plan.Join{Left: rel, Right: agg, Type: plan.LeftOuterJoin, Cond: c}
	checked, err := (&scope{a: a, input: j}).expr(ctx, unresolvedCall(function.ScalarSubqueryCheck, plan.ToAttribute(rows), plan.ToAttribute(v)))
	return j, checked, err
}

// aggregated reports whether a (decorrelated) subquery's top is an aggregation.
func aggregated(r plan.Rel) bool {
	for {
		switch x := r.(type) {
		case *plan.Aggregate:
			return true
		case *plan.Project:
			r = x.Input
		case *plan.SubqueryAlias:
			r = x.Input
		case *plan.PlanID:
			r = x.Input
		default:
			return false
		}
	}
}

// countLike reports whether a scalar subquery's value is a bare count(...) aggregate,
// whose value over no rows is 0.
func countLike(r plan.Rel) bool {
	id := r.Output()[0].ID
	for {
		switch x := r.(type) {
		case *plan.Aggregate:
			for _, e := range x.Aggs {
				if al, ok := e.(*plan.Alias); ok && al.ID == id {
					c, ok := al.Child.(*plan.AggregateCall)
					return ok && (c.Name == "count" || c.Name == "count_if")
				}
			}
			return false
		case *plan.Project:
			passed := false
			for _, e := range x.List {
				if at, ok := e.(*plan.Attribute); ok && at.ID == id {
					passed = true
				}
			}
			if !passed {
				return false
			}
			r = x.Input
		case *plan.SubqueryAlias:
			r = x.Input
		default:
			return false
		}
	}
}

// innerAttrs lists the columns of sub that the conditions use.
func innerAttrs(conds []plan.Expr, sub plan.Rel) []*plan.Attribute {
	have := map[plan.AttrID]*plan.Attribute{}
	for _, at := range sub.Output() {
		have[at.ID] = at
	}
	var out []*plan.Attribute
	seen := map[plan.AttrID]bool{}
	for _, c := range conds {
		transform.AnyExpr(c, func(x plan.Expr) bool {
			if at, ok := x.(*plan.Attribute); ok && have[at.ID] != nil && !seen[at.ID] {
				seen[at.ID] = true
				out = append(out, have[at.ID])
			}
			return false
		})
	}
	return out
}

// rewriteProject plans a projection whose expressions hold subqueries.
func (a *Analyzer) rewriteProject(ctx context.Context, input plan.Rel, list []plan.Expr) (plan.Rel, error) {
	rel, nl, err := a.exprSubqueries(ctx, input, list)
	if err != nil {
		return nil, err
	}
	return &plan.Project{Input: rel, List: nl}, nil
}

// decorrelate removes the predicates that refer to outer columns from a resolved
// subquery plan. It returns the plan, which outputs its columns plus the inner columns
// the predicates need, and the predicates (still holding OuterRefs).
//
// outer is the relation the subquery is evaluated for; correlated predicates other than
// equalities below an aggregation are evaluated against its distinct values (a domain
// join), as Spark's DecorrelateInnerQuery does.
func decorrelate(rel, outer plan.Rel) (plan.Rel, []plan.Expr, error) {
	switch r := rel.(type) {
	case *plan.Filter:
		child, preds, err := decorrelate(r.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		var keep []plan.Expr
		for _, c := range splitAnd(r.Cond) {
			if hasOuter(c) {
				preds = append(preds, c)
			} else {
				keep = append(keep, c)
			}
		}
		if len(keep) == 0 {
			return child, preds, nil
		}
		cond := keep[0]
		for _, k := range keep[1:] {
			cond = &plan.Call{Name: "and", Args: []plan.Expr{cond, k}, Type: types.Boolean, Nullable: plan.Nullable(cond) || plan.Nullable(k), Display: "(" + Pretty(cond) + " AND " + Pretty(k) + ")"}
		}
		return &plan.Filter{Input: child, Cond: cond}, preds, nil
	case *plan.Project:
		child, preds, err := decorrelate(r.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range r.List {
			if hasOuter(e) {
				return nil, nil, sqlerr.Unsupported("outer column references in a subquery's select list")
			}
		}
		if len(preds) == 0 {
			return &plan.Project{Input: child, List: r.List}, nil, nil
		}
		list := append([]plan.Expr(nil), r.List...)
		have := map[plan.AttrID]bool{}
		for _, at := range r.Output() {
			have[at.ID] = true
		}
		for _, at := range innerAttrs(preds, child) {
			if !have[at.ID] {
				have[at.ID] = true
				list = append(list, at)
			}
		}
		return &plan.Project{Input: child, List: list}, preds, nil
	case *plan.SubqueryAlias:
		child, preds, err := decorrelate(r.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		return &plan.SubqueryAlias{Input: child, Alias: r.Alias}, preds, nil
	case *plan.PlanID:
		child, preds, err := decorrelate(r.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		return &plan.PlanID{Input: child, ID: r.ID}, preds, nil
	case *plan.Sort:
		// Order does not matter to a subquery without a limit.
		return decorrelate(r.Input, outer)
	case *plan.Distinct:
		child, preds, err := decorrelate(r.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		return &plan.Distinct{Input: child}, preds, nil
	case *plan.Aggregate:
		child, preds, err := decorrelate(r.Input, outer)
		if err != nil {
			return nil, nil, err
		}
		if len(preds) == 0 {
			return &plan.Aggregate{Input: child, Groups: r.Groups, Aggs: r.Aggs}, nil, nil
		}
		// Correlated equalities become grouping keys: one aggregate row per key.
		groups := append([]plan.Expr(nil), r.Groups...)
		aggs := append([]plan.Expr(nil), r.Aggs...)
		for _, p := range preds {
			c, ok := p.(*plan.Call)
			if !ok || c.Name != "==" || len(c.Args) != 2 || hasOuter(c.Args[0]) == hasOuter(c.Args[1]) {
				return domainAggregate(r, child, preds, outer)
			}
		}
		for _, at := range innerAttrs(preds, child) {
			groups = append(groups, at)
			aggs = append(aggs, at)
		}
		return &plan.Aggregate{Input: child, Groups: groups, Aggs: aggs}, preds, nil
	}
	if relHasOuter(rel) {
		return nil, nil, sqlerr.Unsupported("correlated subqueries of this shape")
	}
	return rel, nil, nil
}

// relHasOuter reports whether any expression in r's tree refers to an outer column.
func relHasOuter(r plan.Rel) bool {
	found := false
	_, _, _ = transform.RelUp(r, func(x plan.Rel) (plan.Rel, bool, error) {
		for _, e := range relExprs(x) {
			if hasOuter(e) {
				found = true
			}
		}
		return x, false, nil
	})
	return found
}

// relExprs lists the expressions an operator evaluates.
func relExprs(r plan.Rel) []plan.Expr {
	switch x := r.(type) {
	case *plan.Project:
		return x.List
	case *plan.Filter:
		return []plan.Expr{x.Cond}
	case *plan.Aggregate:
		return append(append([]plan.Expr(nil), x.Groups...), x.Aggs...)
	case *plan.Join:
		if x.Cond != nil {
			return []plan.Expr{x.Cond}
		}
	case *plan.Sort:
		out := make([]plan.Expr, len(x.Orders))
		for i, o := range x.Orders {
			out[i] = o
		}
		return out
	}
	return nil
}

// domainAggregate decorrelates an aggregation below which correlated predicates are
// not all equalities: the distinct values of the outer columns involved (the domain)
// are joined with the aggregation's input on the predicates, the aggregation groups by
// the domain as well, and the subquery is then matched to outer rows on the domain
// columns (null-safely).
func domainAggregate(r *plan.Aggregate, child plan.Rel, preds []plan.Expr, outer plan.Rel) (plan.Rel, []plan.Expr, error) {
	if outer == nil {
		return nil, nil, sqlerr.Unsupported("correlated predicates other than equalities below an aggregation in a subquery")
	}
	var outerAttrs []*plan.Attribute
	seen := map[plan.AttrID]bool{}
	for _, p := range preds {
		transform.AnyExpr(p, func(x plan.Expr) bool {
			if o, ok := x.(*plan.OuterRef); ok && !seen[o.Attr.ID] {
				seen[o.Attr.ID] = true
				outerAttrs = append(outerAttrs, o.Attr)
			}
			return false
		})
	}
	list := make([]plan.Expr, len(outerAttrs))
	dom := map[plan.AttrID]*plan.Attribute{}
	for i, at := range outerAttrs {
		al := &plan.Alias{Child: at, Name: at.Name, ID: plan.NewAttrID()}
		list[i] = al
		dom[at.ID] = plan.ToAttribute(al)
	}
	domain := &plan.Distinct{Input: &plan.Project{Input: outer, List: list}}
	toDomain := func(e plan.Expr) plan.Expr {
		out, _, _ := transform.ExprDown(e, func(x plan.Expr) (plan.Expr, bool, error) {
			if o, ok := x.(*plan.OuterRef); ok {
				return dom[o.Attr.ID], true, nil
			}
			return x, false, nil
		})
		return out
	}
	var cond plan.Expr
	for _, p := range preds {
		c := toDomain(p)
		if cond == nil {
			cond = c
		} else {
			cond = &plan.Call{Name: "and", Args: []plan.Expr{cond, c}, Type: types.Boolean, Nullable: true, Display: "(" + Pretty(cond) + " AND " + Pretty(c) + ")"}
		}
	}
	joined := &plan.Join{Left: domain, Right: child, Type: plan.InnerJoin, Cond: cond}
	groups := append([]plan.Expr(nil), r.Groups...)
	aggs := append([]plan.Expr(nil), r.Aggs...)
	var newPreds []plan.Expr
	for _, at := range outerAttrs {
		d := dom[at.ID]
		groups = append(groups, d)
		aggs = append(aggs, d)
		newPreds = append(newPreds, &plan.Call{Name: "<=>", Args: []plan.Expr{&plan.OuterRef{Attr: at}, d}, Type: types.Boolean,
			Display: "(" + at.Name + " <=> " + d.Name + ")"})
	}
	return &plan.Aggregate{Input: joined, Groups: groups, Aggs: aggs}, newPreds, nil
}
