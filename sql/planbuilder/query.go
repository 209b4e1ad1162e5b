package planbuilder

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sqlerr"
)

// builder turns a syntax tree into an unresolved plan. It keeps the scopes that SQL
// names live in while it descends: common table expressions and named windows.
type builder struct {
	params  Params
	ctes    []map[string]plan.Rel
	windows []map[string]*ast.WindowSpec
}

func (b *builder) lookupCTE(parts []string) (plan.Rel, bool) {
	if len(parts) != 1 {
		return nil, false
	}
	for i := len(b.ctes) - 1; i >= 0; i-- {
		if r, ok := b.ctes[i][strings.ToLower(parts[0])]; ok {
			return r, true
		}
	}
	return nil, false
}

func (b *builder) lookupWindow(name string) (*ast.WindowSpec, bool) {
	for i := len(b.windows) - 1; i >= 0; i-- {
		if w, ok := b.windows[i][strings.ToLower(name)]; ok {
			return w, true
		}
	}
	return nil, false
}

// pushWindows opens a scope of named windows; the caller pops it.
func (b *builder) pushWindows(list []*ast.NamedWindow) {
	scope := map[string]*ast.WindowSpec{}
	for _, w := range list {
		spec := w.Spec
		if spec.Ref != nil { // WINDOW w2 AS w1
			if ref, ok := scope[strings.ToLower(spec.Ref.Name)]; ok {
				spec = ref
			} else if ref, ok := b.lookupWindow(spec.Ref.Name); ok {
				spec = ref
			}
		}
		scope[strings.ToLower(w.Name.Name)] = spec
	}
	b.windows = append(b.windows, scope)
}

// query builds [WITH ...] body [ORDER BY | SORT BY | CLUSTER BY | DISTRIBUTE BY]
// [LIMIT] [OFFSET].
func (b *builder) query(q *ast.Query) (plan.Rel, error) {
	if q.With != nil {
		if q.With.Recursive {
			return nil, sqlerr.Unsupported("WITH RECURSIVE")
		}
		scope := map[string]plan.Rel{}
		b.ctes = append(b.ctes, scope)
		defer func() { b.ctes = b.ctes[:len(b.ctes)-1] }()
		for _, c := range q.With.CTEs {
			rel, err := b.query(c.Query)
			if err != nil {
				return nil, err
			}
			if len(c.Columns) > 0 {
				rel = &plan.ToDF{Input: rel, Names: identNames(c.Columns)}
			}
			scope[strings.ToLower(c.Name.Name)] = rel
		}
	}
	b.pushWindows(q.Windows)
	defer func() { b.windows = b.windows[:len(b.windows)-1] }()

	rel, err := b.body(q.Body)
	if err != nil {
		return nil, err
	}
	sel, _ := q.Body.(*ast.Select)
	if len(q.OrderBy) > 0 {
		orders, err := b.orderBy(q.OrderBy, sel)
		if err != nil {
			return nil, err
		}
		rel = &plan.Sort{Input: rel, Orders: orders, Global: true}
	}
	if len(q.ClusterBy) > 0 || len(q.DistributeBy) > 0 {
		keys := q.ClusterBy
		if len(keys) == 0 {
			keys = q.DistributeBy
		}
		exprs, err := b.exprs(keys)
		if err != nil {
			return nil, err
		}
		rel = &plan.Repartition{Input: rel, Exprs: exprs, Shuffle: true}
		if len(q.ClusterBy) > 0 {
			orders := make([]*plan.SortOrder, len(exprs))
			for i, e := range exprs {
				orders[i] = &plan.SortOrder{Child: e, NullsFirst: true}
			}
			rel = &plan.Sort{Input: rel, Orders: orders}
		}
	}
	if len(q.SortBy) > 0 {
		orders, err := b.orderBy(q.SortBy, sel)
		if err != nil {
			return nil, err
		}
		rel = &plan.Sort{Input: rel, Orders: orders}
	}
	var limit, offset *int64
	if q.Limit != nil && !q.LimitAll {
		n, err := b.constInt(q.Limit)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, sqlerr.New("INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", "name", "limit", "expr", `"`+strconv.FormatInt(n, 10)+`"`, "v", strconv.FormatInt(n, 10))
		}
		limit = &n
	}
	if q.Offset != nil {
		n, err := b.constInt(q.Offset)
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, sqlerr.New("INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE", "name", "offset", "expr", `"`+strconv.FormatInt(n, 10)+`"`, "v", strconv.FormatInt(n, 10))
		}
		offset = &n
	}
	// OFFSET applies before LIMIT.
	if offset != nil {
		rel = &plan.Offset{Input: rel, N: *offset}
	}
	if limit != nil {
		rel = &plan.Limit{Input: rel, N: *limit}
	}
	return rel, nil
}

// orderBy converts sort items; an integer literal is an ordinal of the select list.
func (b *builder) orderBy(items []*ast.SortItem, sel *ast.Select) ([]*plan.SortOrder, error) {
	out := make([]*plan.SortOrder, len(items))
	for i, it := range items {
		x, err := b.expr(it.X)
		if err != nil {
			return nil, err
		}
		if n, ok := intLiteral(x); ok && sel != nil {
			if n < 1 || int(n) > len(sel.Items) {
				return nil, sqlerr.New("ORDER_BY_POS_OUT_OF_RANGE", "index", strconv.FormatInt(n, 10), "size", strconv.Itoa(len(sel.Items)))
			}
			if x, err = b.ordinalRef(sel.Items[n-1]); err != nil {
				return nil, err
			}
		}
		out[i] = sortOrder(x, it)
	}
	return out, nil
}

// ordinalRef is what an ORDER BY ordinal refers to: the output column by name when the
// item is named, else the item's expression.
func (b *builder) ordinalRef(item ast.Expr) (plan.Expr, error) {
	switch it := item.(type) {
	case *ast.Alias:
		return &plan.UnresolvedAttribute{Parts: []string{it.Name.Name}, PlanID: -1}, nil
	case *ast.Star:
		return nil, sqlerr.Unsupported("ordinal referring to *")
	}
	return b.expr(item)
}

func intLiteral(e plan.Expr) (int64, bool) {
	l, ok := e.(*plan.Literal)
	if !ok {
		return 0, false
	}
	switch v := l.Value.(type) {
	case int32:
		return int64(v), true
	case int64:
		return v, true
	}
	return 0, false
}

func (b *builder) body(body ast.QueryBody) (plan.Rel, error) {
	switch q := body.(type) {
	case *ast.Select:
		return b.selectBlock(q)
	case *ast.Query:
		return b.query(q)
	case *ast.Values:
		return b.values(q)
	case *ast.TableQuery:
		return b.tableName(q.Name, nil)
	case *ast.SetOp:
		l, err := b.body(q.L)
		if err != nil {
			return nil, err
		}
		r, err := b.body(q.R)
		if err != nil {
			return nil, err
		}
		return setOperation(q.Op, q.Quantifier == ast.QuantAll, l, r)
	}
	return nil, sqlerr.Unsupported("query form " + ast.Format(body))
}

func setOperation(op ast.SetOpKind, all bool, left, right plan.Rel) (plan.Rel, error) {
	switch op {
	case ast.Union:
		var r plan.Rel = &plan.Union{Inputs: []plan.Rel{left, right}}
		if !all {
			r = &plan.Distinct{Input: r}
		}
		return r, nil
	case ast.Intersect, ast.Except:
		if all {
			return &plan.SetOpAll{Left: left, Right: right, Except: op == ast.Except}, nil
		}
		t := plan.LeftSemiJoin
		if op == ast.Except {
			t = plan.LeftAntiJoin
		}
		return &plan.Distinct{Input: &plan.Join{Left: left, Right: right, Type: t, AllColumns: true}}, nil
	}
	return nil, sqlerr.Unsupported(string(op))
}

// values builds VALUES rows as a union of one-row projections named col1, col2, ...
// (or by the alias's column list); the analyzer widens the rows' types.
func (b *builder) values(v *ast.Values) (plan.Rel, error) {
	var rows []plan.Rel
	width := -1
	for i, row := range v.Rows {
		items := []ast.Expr{row}
		if r, ok := row.(*ast.Row); ok {
			items = r.Items
		}
		exprs, err := b.exprs(items)
		if err != nil {
			return nil, err
		}
		if width >= 0 && len(exprs) != width {
			return nil, sqlerr.New("INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH", "expectedNumCols", strconv.Itoa(width),
				"actualNumCols", strconv.Itoa(len(exprs)), "rowIndex", strconv.Itoa(i))
		}
		width = len(exprs)
		list := make([]plan.Expr, len(exprs))
		for j, e := range exprs {
			if a, ok := e.(*plan.Alias); ok {
				e = a.Child
			}
			list[j] = &plan.Alias{Child: e, Name: "col" + strconv.Itoa(j+1)}
		}
		rows = append(rows, &plan.Project{Input: &plan.OneRow{}, List: list})
	}
	var rel plan.Rel = &plan.Union{Inputs: rows, Inline: true}
	if len(rows) == 1 {
		rel = rows[0]
	}
	return b.alias(rel, v.Alias)
}

// alias applies [AS] name [(cols)] to a relation.
func (b *builder) alias(rel plan.Rel, a *ast.TableAlias) (plan.Rel, error) {
	if a == nil {
		return rel, nil
	}
	if len(a.Columns) > 0 {
		rel = &plan.ToDF{Input: rel, Names: identNames(a.Columns)}
	}
	if a.Name != nil {
		rel = &plan.SubqueryAlias{Input: rel, Alias: a.Name.Name}
	}
	return rel, nil
}

func (b *builder) tableName(name *ast.ObjectName, a *ast.TableAlias) (plan.Rel, error) {
	parts := identNames(name.Parts)
	if name.Identifier != nil {
		s, err := b.constString(name.Identifier)
		if err != nil {
			return nil, err
		}
		parts = splitQualified(s)
	}
	var rel plan.Rel
	if c, ok := b.lookupCTE(parts); ok {
		rel = &plan.SubqueryAlias{Input: c, Alias: parts[0]}
	} else {
		rel = &plan.UnresolvedRelation{Parts: parts}
	}
	return b.alias(rel, a)
}

// isAggregate reports whether name is a registered aggregate function.
func isAggregate(name string) bool {
	_, ok := function.Builtins().Aggregate(name)
	return ok
}

// walkAggregates calls f for every aggregate call in e outside window expressions.
func walkAggregates(e plan.Expr, f func(*plan.UnresolvedFunction)) {
	switch x := e.(type) {
	case *plan.WindowExpr:
		for _, c := range x.Children()[1:] {
			walkAggregates(c, f)
		}
		if call, ok := x.Func.(*plan.UnresolvedFunction); ok {
			for _, a := range call.Args {
				walkAggregates(a, f)
			}
		}
		return
	case *plan.UnresolvedFunction:
		if isAggregate(x.Name) {
			f(x)
			return
		}
	}
	for _, c := range e.Children() {
		walkAggregates(c, f)
	}
}

func hasAggregate(list []plan.Expr) bool {
	found := false
	for _, e := range list {
		walkAggregates(e, func(*plan.UnresolvedFunction) { found = true })
	}
	return found
}

// selectBlock builds FROM → WHERE → GROUP BY/aggregation → HAVING → window → QUALIFY →
// SELECT list → DISTINCT.
func (b *builder) selectBlock(s *ast.Select) (plan.Rel, error) {
	if len(s.Hints) > 0 {
		// Hints only steer physical planning; Spark ignores unknown ones too.
		for _, h := range s.Hints {
			switch strings.ToUpper(h.Name.Name) {
			case "BROADCAST", "BROADCASTJOIN", "MAPJOIN", "MERGE", "SHUFFLE_MERGE", "MERGEJOIN",
				"SHUFFLE_HASH", "SHUFFLE_REPLICATE_NL", "REPARTITION", "COALESCE", "REBALANCE", "REPARTITION_BY_RANGE":
			}
		}
	}
	b.pushWindows(s.Windows)
	defer func() { b.windows = b.windows[:len(b.windows)-1] }()

	var from plan.Rel = &plan.OneRow{}
	if s.From != nil {
		r, err := b.tableExpr(s.From)
		if err != nil {
			return nil, err
		}
		from = r
	}
	for _, lv := range s.LateralViews {
		g, err := b.generator(lv.Func, lv.Args)
		if err != nil {
			return nil, err
		}
		g.Input, g.Outer = from, g.Outer || lv.Outer
		if lv.Table != nil {
			g.Qualifier = lv.Table.Name
		}
		if len(lv.Columns) > 0 {
			g.Names = identNames(lv.Columns)
		}
		from = g
	}
	if s.Where != nil {
		c, err := b.expr(s.Where)
		if err != nil {
			return nil, err
		}
		from = &plan.Filter{Input: from, Cond: c}
	}
	items, err := b.exprs(s.Items)
	if err != nil {
		return nil, err
	}
	var rel plan.Rel
	switch {
	case s.GroupBy != nil && isGroupingSets(s.GroupBy):
		groups, sets, err := b.groupingSets(s.GroupBy, items)
		if err != nil {
			return nil, err
		}
		rel = &plan.Aggregate{Input: from, Groups: groups, Aggs: items, GroupingSets: sets}
	case s.GroupBy != nil:
		groups, err := b.groupBy(s.GroupBy, s.Items, items)
		if err != nil {
			return nil, err
		}
		rel = &plan.Aggregate{Input: from, Groups: groups, Aggs: items}
	case hasAggregate(items) || s.Having != nil:
		rel = &plan.Aggregate{Input: from, Aggs: items}
	default:
		rel = &plan.Project{Input: from, List: items}
	}
	if s.Having != nil {
		cond, err := b.expr(s.Having)
		if err != nil {
			return nil, err
		}
		rel = having(rel.(*plan.Aggregate), s.Items, cond)
	}
	if s.Qualify != nil {
		cond, err := b.expr(s.Qualify)
		if err != nil {
			return nil, err
		}
		rel = qualify(rel, cond)
	}
	if s.Quantifier == ast.QuantDistinct {
		rel = &plan.Distinct{Input: rel}
	}
	return rel, nil
}

// groupBy converts GROUP BY: ordinals refer to select items, ALL to every select item
// without aggregates.
func (b *builder) groupBy(g *ast.GroupBy, astItems []ast.Expr, items []plan.Expr) ([]plan.Expr, error) {
	if g.All {
		var out []plan.Expr
		for _, it := range items {
			if !hasAggregate([]plan.Expr{it}) {
				out = append(out, stripAlias(it))
			}
		}
		return out, nil
	}
	var out []plan.Expr
	for _, ge := range g.Items {
		if ga, ok := ge.(*ast.GroupingAnalytics); ok {
			return nil, sqlerr.Unsupported(string(ga.Kind))
		}
		e, err := b.expr(ge)
		if err != nil {
			return nil, err
		}
		if n, ok := intLiteral(e); ok {
			if n < 1 || int(n) > len(items) {
				return nil, sqlerr.New("GROUP_BY_POS_OUT_OF_RANGE", "index", strconv.FormatInt(n, 10), "size", strconv.Itoa(len(items)))
			}
			e = stripAlias(items[n-1])
			if hasAggregate([]plan.Expr{e}) {
				return nil, sqlerr.New("GROUP_BY_POS_AGGREGATE", "index", strconv.FormatInt(n, 10), "aggExpr", ast.Format(astItems[n-1]))
			}
		}
		out = append(out, e)
	}
	return out, nil
}

func isGroupingSets(g *ast.GroupBy) bool {
	if g.With != "" || len(g.Sets) > 0 {
		return true
	}
	for _, it := range g.Items {
		if _, ok := it.(*ast.GroupingAnalytics); ok {
			return true
		}
	}
	return false
}

// groupingSets flattens GROUP BY with ROLLUP, CUBE and GROUPING SETS into the distinct
// grouping expressions and, per grouping set, the indexes of its expressions. Plain
// expressions next to analytics belong to every set; several analytics combine as a
// cross product, as in Spark.
func (b *builder) groupingSets(g *ast.GroupBy, items []plan.Expr) ([]plan.Expr, [][]int, error) {
	var groups []plan.Expr
	index := map[string]int{}
	idx := func(e ast.Expr) (int, error) {
		key := ast.Format(e)
		if i, ok := index[key]; ok {
			return i, nil
		}
		x, err := b.expr(e)
		if err != nil {
			return 0, err
		}
		if n, ok := intLiteral(x); ok {
			if n < 1 || int(n) > len(items) {
				return 0, sqlerr.New("GROUP_BY_POS_OUT_OF_RANGE", "index", strconv.FormatInt(n, 10), "size", strconv.Itoa(len(items)))
			}
			x = stripAlias(items[n-1])
		}
		index[key] = len(groups)
		groups = append(groups, x)
		return len(groups) - 1, nil
	}
	idxs := func(list []ast.Expr) ([]int, error) {
		out := make([]int, 0, len(list))
		for _, e := range list {
			i, err := idx(e)
			if err != nil {
				return nil, err
			}
			out = append(out, i)
		}
		return out, nil
	}
	// setsOf returns the grouping sets one GROUP BY element stands for.
	var setsOf func(kind ast.GroupingKind, elems [][]ast.Expr) ([][]int, error)
	setsOf = func(kind ast.GroupingKind, elems [][]ast.Expr) ([][]int, error) {
		var parts [][]int
		for _, el := range elems {
			if kind == ast.GroupingSets && len(el) == 1 {
				// A ROLLUP or CUBE inside GROUPING SETS adds all of its sets.
				if ga, ok := el[0].(*ast.GroupingAnalytics); ok {
					nested, err := setsOf(ga.Kind, ga.Sets)
					if err != nil {
						return nil, err
					}
					parts = append(parts, nested...)
					continue
				}
			}
			p, err := idxs(el)
			if err != nil {
				return nil, err
			}
			parts = append(parts, p)
		}
		switch kind {
		case ast.Rollup:
			var out [][]int
			for n := len(parts); n >= 0; n-- {
				out = append(out, concatSets(parts[:n]))
			}
			return out, nil
		case ast.Cube:
			var cube func(ps [][]int) [][]int
			cube = func(ps [][]int) [][]int {
				if len(ps) == 0 {
					return [][]int{{}}
				}
				rest := cube(ps[1:])
				var out [][]int
				for _, r := range rest {
					out = append(out, append(append([]int(nil), ps[0]...), r...))
				}
				return append(out, rest...)
			}
			return cube(parts), nil
		}
		return parts, nil
	}
	sets := [][]int{{}}
	cross := func(with [][]int) {
		var out [][]int
		for _, s := range sets {
			for _, w := range with {
				out = append(out, append(append([]int(nil), s...), w...))
			}
		}
		sets = out
	}
	// Items in written order, so that grouping columns (and grouping_id bits) keep
	// Spark's order.
	var plain []ast.Expr
	for _, it := range g.Items {
		if ga, ok := it.(*ast.GroupingAnalytics); ok {
			ss, err := setsOf(ga.Kind, ga.Sets)
			if err != nil {
				return nil, nil, err
			}
			cross(ss)
			continue
		}
		plain = append(plain, it)
		if g.With == "" && len(g.Sets) == 0 {
			i, err := idx(it)
			if err != nil {
				return nil, nil, err
			}
			cross([][]int{{i}})
		}
	}
	switch {
	case g.With != "":
		elems := make([][]ast.Expr, len(plain))
		for i, e := range plain {
			elems[i] = []ast.Expr{e}
		}
		ss, err := setsOf(g.With, elems)
		if err != nil {
			return nil, nil, err
		}
		cross(ss)
	case len(g.Sets) > 0:
		if _, err := idxs(plain); err != nil {
			return nil, nil, err
		}
		ss, err := setsOf(ast.GroupingSets, g.Sets)
		if err != nil {
			return nil, nil, err
		}
		cross(ss)
	}
	return groups, sets, nil
}

func concatSets(parts [][]int) []int {
	out := []int{}
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func stripAlias(e plan.Expr) plan.Expr {
	if a, ok := e.(*plan.Alias); ok {
		return a.Child
	}
	return e
}

// having filters an aggregation. Aggregate calls in the condition, and columns that are
// not select-list aliases, become hidden columns of the aggregation; the filter runs on
// them and a Drop removes them again.
func having(agg *plan.Aggregate, astItems []ast.Expr, cond plan.Expr) plan.Rel {
	aliases := map[string]bool{}
	for _, it := range astItems {
		if a, ok := it.(*ast.Alias); ok {
			aliases[strings.ToLower(a.Name.Name)] = true
		}
	}
	var hidden []plan.Expr
	var names []string
	hide := func(e plan.Expr) plan.Expr {
		name := "__having_" + strconv.Itoa(len(hidden))
		hidden = append(hidden, &plan.Alias{Child: e, Name: name})
		names = append(names, name)
		return &plan.UnresolvedAttribute{Parts: []string{name}, PlanID: -1}
	}
	cond, _, _ = transform.ExprDown(cond, func(e plan.Expr) (plan.Expr, bool, error) {
		switch x := e.(type) {
		case *plan.UnresolvedFunction:
			if isAggregate(x.Name) {
				return hide(x), true, nil
			}
		case *plan.UnresolvedAttribute:
			if len(x.Parts) == 1 && aliases[strings.ToLower(x.Parts[0])] {
				return x, true, nil
			}
			return hide(x), true, nil
		}
		return e, false, nil
	})
	if len(hidden) == 0 {
		return &plan.Filter{Input: agg, Cond: cond}
	}
	wide := *agg
	wide.Aggs = append(append([]plan.Expr(nil), agg.Aggs...), hidden...)
	return &plan.Drop{Input: &plan.Filter{Input: &wide, Cond: cond}, Names: names}
}

// qualify filters on window functions: the window expressions of the condition become
// hidden columns of the projection, dropped after the filter.
func qualify(rel plan.Rel, cond plan.Expr) plan.Rel {
	var hidden []plan.Expr
	var names []string
	cond, _, _ = transform.ExprDown(cond, func(e plan.Expr) (plan.Expr, bool, error) {
		w, ok := e.(*plan.WindowExpr)
		if !ok {
			return e, false, nil
		}
		name := "__qualify_" + strconv.Itoa(len(hidden))
		hidden = append(hidden, &plan.Alias{Child: w, Name: name})
		names = append(names, name)
		return &plan.UnresolvedAttribute{Parts: []string{name}, PlanID: -1}, true, nil
	})
	switch r := rel.(type) {
	case *plan.Project:
		rel = &plan.Project{Input: r.Input, List: append(append([]plan.Expr(nil), r.List...), hidden...)}
	default:
		if len(hidden) > 0 {
			star := &plan.UnresolvedStar{PlanID: -1}
			rel = &plan.Project{Input: rel, List: append([]plan.Expr{star}, hidden...)}
		}
	}
	var out plan.Rel = &plan.Filter{Input: rel, Cond: cond}
	if len(names) > 0 {
		out = &plan.Drop{Input: out, Names: names}
	}
	return out
}

var joinKinds = map[ast.JoinKind]plan.JoinType{
	ast.JoinInner: plan.InnerJoin, ast.JoinCross: plan.CrossJoin, ast.JoinComma: plan.CrossJoin,
	ast.JoinLeft: plan.LeftOuterJoin, ast.JoinRight: plan.RightOuterJoin, ast.JoinFull: plan.FullOuterJoin,
	ast.JoinSemi: plan.LeftSemiJoin, ast.JoinAnti: plan.LeftAntiJoin,
}

func (b *builder) tableExpr(t ast.TableExpr) (plan.Rel, error) {
	switch t := t.(type) {
	case *ast.TableName:
		if t.Temporal != nil {
			return nil, sqlerr.Unsupported("time travel (VERSION/TIMESTAMP AS OF)")
		}
		rel, err := b.tableName(t.Name, nil)
		if err != nil {
			return nil, err
		}
		if rel, err = b.tableSample(rel, t.Sample); err != nil {
			return nil, err
		}
		return b.alias(rel, t.Alias)
	case *ast.SubqueryRel:
		rel, err := b.query(t.Query)
		if err != nil {
			return nil, err
		}
		if rel, err = b.tableSample(rel, t.Sample); err != nil {
			return nil, err
		}
		return b.alias(rel, t.Alias)
	case *ast.ParenRel:
		if t.Sample != nil {
			return nil, sqlerr.Unsupported("TABLESAMPLE")
		}
		rel, err := b.tableExpr(t.Rel)
		if err != nil {
			return nil, err
		}
		return b.alias(rel, t.Alias)
	case *ast.Values:
		return b.values(t)
	case *ast.TableFunction:
		rel, err := b.tableFunction(t)
		if err != nil {
			return nil, err
		}
		return b.alias(rel, t.Alias)
	case *ast.Lateral:
		return nil, sqlerr.Unsupported("LATERAL subqueries")
	case *ast.Join:
		left, err := b.tableExpr(t.L)
		if err != nil {
			return nil, err
		}
		right, err := b.tableExpr(t.R)
		if err != nil {
			return nil, err
		}
		j := &plan.Join{Left: left, Right: right, Type: joinKinds[t.Kind], Using: identNames(t.Using), Natural: t.Natural}
		if len(j.Using) == 0 {
			j.Using = nil
		}
		if t.On != nil {
			if j.Cond, err = b.expr(t.On); err != nil {
				return nil, err
			}
			if j.Type == plan.CrossJoin {
				j.Type = plan.InnerJoin
			}
		}
		return j, nil
	}
	return nil, sqlerr.Unsupported("relation " + ast.Format(t))
}

// tableFunction builds the relation of a table-valued function call.
func (b *builder) tableFunction(t *ast.TableFunction) (plan.Rel, error) {
	if len(t.Name.Parts) != 1 {
		return nil, sqlerr.Unsupported("table-valued function " + ast.Format(t.Name))
	}
	name := strings.ToLower(t.Name.Parts[0].Name)
	switch name {
	case "range":
		vals := make([]int64, len(t.Args))
		for i, a := range t.Args {
			n, err := b.constInt(a)
			if err != nil {
				return nil, err
			}
			vals[i] = n
		}
		switch len(vals) {
		case 1:
			return &plan.Range{Start: 0, End: vals[0], Step: 1}, nil
		case 2:
			return &plan.Range{Start: vals[0], End: vals[1], Step: 1}, nil
		case 3:
			return &plan.Range{Start: vals[0], End: vals[1], Step: vals[2]}, nil
		case 4:
			return &plan.Range{Start: vals[0], End: vals[1], Step: vals[2], NumPartitions: int(vals[3])}, nil
		}
		return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`range`", "expectedNum", "[1, 2, 3, 4]", "actualNum", strconv.Itoa(len(vals)), "docroot", "https://spark.apache.org/docs/latest")
	}
	if _, _, ok := plan.GeneratorName(name); ok && name != plan.ReplicateRows {
		g, err := b.generator(t.Name, t.Args)
		if err != nil {
			return nil, err
		}
		g.Input = &plan.OneRow{}
		if t.Alias != nil {
			if len(t.Alias.Columns) > 0 {
				g.Names = identNames(t.Alias.Columns)
			}
			if t.Alias.Name != nil {
				g.Qualifier = t.Alias.Name.Name
			}
		}
		// The generated columns only: the one-row input has none.
		return g, nil
	}
	return nil, sqlerr.Unsupported("table-valued function " + name)
}

// generator builds the Generate of a generator call (without its input).
func (b *builder) generator(name *ast.ObjectName, args []ast.Expr) (*plan.Generate, error) {
	if len(name.Parts) != 1 {
		return nil, sqlerr.Unsupported("generator " + ast.Format(name))
	}
	gen, outer, ok := plan.GeneratorName(name.Parts[0].Name)
	if !ok || gen == plan.ReplicateRows {
		return nil, sqlerr.New("UNRESOLVED_ROUTINE", "routineName", "`"+name.Parts[0].Name+"`",
			"searchPath", "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]")
	}
	xs, err := b.exprs(args)
	if err != nil {
		return nil, err
	}
	return &plan.Generate{Func: gen, Args: xs, Outer: outer}, nil
}

// tableSample applies TABLESAMPLE: a percentage or a bucket samples rows (seeded by
// REPEATABLE, else randomly), a row count is a limit.
func (b *builder) tableSample(rel plan.Rel, s *ast.Sample) (plan.Rel, error) {
	if s == nil {
		return rel, nil
	}
	seed := rand.Int64()
	if s.Repeatable != "" {
		n, err := strconv.ParseInt(s.Repeatable, 10, 64)
		if err != nil {
			return nil, sqlerr.Unsupported("TABLESAMPLE REPEATABLE (" + s.Repeatable + ")")
		}
		seed = n
	}
	switch s.Kind {
	case ast.SamplePercent:
		p, err := strconv.ParseFloat(s.Value, 64)
		if err != nil || p < 0 || p > 100 {
			return nil, sqlerr.New("_LEGACY_ERROR_TEMP_0064", "msg", "Sampling fraction ("+strconv.FormatFloat(p/100, 'g', -1, 64)+") must be on interval [0, 1]")
		}
		return &plan.Sample{Input: rel, Upper: p / 100, Seed: seed}, nil
	case ast.SampleRows:
		n, err := b.constInt(s.Expr)
		if err != nil {
			return nil, err
		}
		return &plan.Limit{Input: rel, N: n}, nil
	case ast.SampleBucket:
		if s.On != nil {
			return nil, sqlerr.Unsupported("TABLESAMPLE (BUCKET ... ON ...)")
		}
		x, err1 := strconv.ParseFloat(s.Value, 64)
		y, err2 := strconv.ParseFloat(s.OutOf, 64)
		if err1 != nil || err2 != nil || y <= 0 || x < 1 || x > y {
			return nil, sqlerr.Unsupported("TABLESAMPLE (BUCKET " + s.Value + " OUT OF " + s.OutOf + ")")
		}
		return &plan.Sample{Input: rel, Lower: (x - 1) / y, Upper: x / y, Seed: seed}, nil
	}
	return nil, sqlerr.Unsupported("TABLESAMPLE (" + string(s.Kind) + ")")
}
