package analyzer

import (
	"context"
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// Sources infers the schema of file data sources. The driver implements it with the
// datasource package; the analyzer does no I/O of its own.
type Sources interface {
	// InferSchema returns the schema of the files at paths in format.
	InferSchema(ctx context.Context, format string, paths []string, options map[string]string) (types.StructType, error)
}

// Catalog resolves table and view names.
type Catalog interface {
	// Lookup returns the unresolved plan of a table or view, or an error of class
	// TABLE_OR_VIEW_NOT_FOUND.
	Lookup(ctx context.Context, parts []string) (plan.Rel, error)
}

// CatalogAPI answers spark.catalog calls with the (unresolved) relation of their
// result; catalogs that implement it support plan.CatalogOp.
type CatalogAPI interface {
	CatalogOp(ctx context.Context, op *plan.CatalogOp) (plan.Rel, error)
}

// Options configure one analysis.
type Options struct {
	Functions     *function.Registry
	Sources       Sources
	Catalog       Catalog
	ANSI          bool
	TimeZone      string
	CaseSensitive bool
	// Query runs a resolved plan of one column and returns its values, for the parts of
	// analysis that depend on data (the values of a pivot without a list).
	Query func(ctx context.Context, rel plan.Rel) ([]*plan.Literal, error)
}

// Analyzer resolves plans. It is cheap to create; create one per query.
type Analyzer struct {
	opts Options
	// outer holds the columns of the queries enclosing the subquery being resolved,
	// innermost last.
	outer [][]*plan.Attribute
}

// New returns an analyzer.
func New(opts Options) *Analyzer {
	return &Analyzer{opts: opts}
}

// Analyze resolves rel. Errors are *sqlerr.Error with Spark's classes.
func (a *Analyzer) Analyze(ctx context.Context, rel plan.Rel) (plan.Rel, error) {
	return a.resolve(ctx, rel)
}

func (a *Analyzer) resolve(ctx context.Context, rel plan.Rel) (plan.Rel, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch r := rel.(type) {
	case *plan.Range:
		n := *r
		if n.Step == 0 {
			return nil, sqlerr.IllegalArgument("requirement failed: step (0) cannot be 0")
		}
		n.Out = []*plan.Attribute{plan.NewAttribute("id", types.Long, false)}
		return &n, nil
	case *plan.LocalRelation:
		n := *r
		n.Out = attrsOf(r.Schema)
		return &n, nil
	case *plan.OneRow:
		return r, nil
	case *plan.DataSource:
		n := *r
		var st types.StructType
		if r.Schema != nil {
			st = *r.Schema
		} else {
			if a.opts.Sources == nil {
				return nil, sqlerr.Unsupported("data sources")
			}
			var err error
			st, err = a.opts.Sources.InferSchema(ctx, r.Format, r.Paths, r.Options)
			if err != nil {
				return nil, err
			}
			n.Schema = &st
		}
		n.Out = attrsOf(st)
		return &n, nil
	case *plan.CatalogOp:
		api, ok := a.opts.Catalog.(CatalogAPI)
		if !ok {
			return nil, sqlerr.Unsupported("spark.catalog." + r.Op)
		}
		rel, err := api.CatalogOp(ctx, r)
		if err != nil {
			return nil, err
		}
		return a.resolve(ctx, rel)
	case *plan.UnresolvedRelation:
		if a.opts.Catalog == nil {
			return nil, tableNotFound(r.Parts)
		}
		target, err := a.opts.Catalog.Lookup(ctx, r.Parts)
		if err != nil {
			return nil, err
		}
		res, err := a.resolve(ctx, target)
		if err != nil {
			return nil, err
		}
		return &plan.SubqueryAlias{Input: res, Alias: r.Parts[len(r.Parts)-1]}, nil
	}

	// Operators with inputs: resolve the inputs first.
	kids := rel.Children()
	newKids := make([]plan.Rel, len(kids))
	for i, k := range kids {
		rk, err := a.resolve(ctx, k)
		if err != nil {
			return nil, err
		}
		newKids[i] = rk
	}
	rel = rel.WithChildren(newKids...)
	var in plan.Rel
	if len(newKids) > 0 {
		in = newKids[0]
	}
	sc := &scope{a: a, input: in}

	switch r := rel.(type) {
	case *plan.Project:
		return a.project(ctx, sc, r)
	case *plan.Filter:
		c, err := sc.expr(ctx, r.Cond)
		if err != nil {
			return nil, err
		}
		var bad []string
		transform.AnyExpr(c, func(x plan.Expr) bool {
			switch x.(type) {
			case *plan.AggregateCall, *plan.WindowExpr:
				bad = append(bad, quoteSQL(Pretty(x)))
				return true
			}
			return false
		})
		if len(bad) > 0 {
			return nil, sqlerr.New("INVALID_WHERE_CONDITION", "condition", quoteSQL(Pretty(c)), "expressionList", strings.Join(bad, ", "))
		}
		if t := plan.TypeOf(c); t != types.Boolean {
			if t == types.Null {
				c = &plan.Cast{Child: c, To: types.Boolean}
			} else {
				return nil, sqlerr.New("DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
					"sqlExpr", quoteSQL(Pretty(c)), "filter", quoteSQL(Pretty(c)), "type", quoteSQL(strings.ToUpper(t.String())))
			}
		}
		if hasSubquery(c) {
			return a.rewriteFilter(ctx, r.Input, c)
		}
		return &plan.Filter{Input: r.Input, Cond: c}, nil
	case *plan.Limit, *plan.Offset, *plan.Tail, *plan.Distinct, *plan.PlanID:
		return r, nil
	case *plan.SubqueryAlias:
		return r, nil
	case *plan.Aggregate:
		groups := make([]plan.Expr, 0, len(r.Groups))
		for _, g := range r.Groups {
			rg, err := sc.expr(ctx, g)
			if err != nil {
				return nil, err
			}
			groups = append(groups, rg)
		}
		if r.GroupingSets != nil {
			return sc.groupingSets(ctx, r, groups)
		}
		aggs, err := sc.namedList(ctx, r.Aggs)
		if err != nil {
			return nil, err
		}
		if hasSubquery(append(append([]plan.Expr(nil), groups...), aggs...)...) {
			return nil, sqlerr.Unsupported("subqueries in aggregations (use them in a derived table)")
		}
		if err := checkAggregate(groups, aggs); err != nil {
			return nil, err
		}
		if hasWindow(aggs) {
			return windowsOverAggregate(r.Input, groups, aggs)
		}
		return rewriteDistinct(&plan.Aggregate{Input: r.Input, Groups: groups, Aggs: aggs})
	case *plan.Sort:
		orders, err := sc.sortOrders(ctx, r.Orders)
		if err == nil {
			return &plan.Sort{Input: r.Input, Orders: orders, Global: r.Global}, nil
		}
		// Sorting by columns the projection dropped: resolve below the projection, carry
		// the missing columns through it, sort, then project them away (as Spark does).
		proj, ok := unwrapProject(r.Input)
		if !ok || !sqlerr.HasClass(err, "UNRESOLVED_COLUMN.WITH_SUGGESTION") {
			return nil, err
		}
		below := &scope{a: a, input: proj.Input}
		orders, err2 := below.sortOrders(ctx, r.Orders)
		if err2 != nil {
			return nil, err
		}
		have := map[plan.AttrID]bool{}
		for _, at := range proj.Output() {
			have[at.ID] = true
		}
		list := append([]plan.Expr(nil), proj.List...)
		for _, o := range orders {
			transform.AnyExpr(o.Child, func(x plan.Expr) bool {
				if at, ok := x.(*plan.Attribute); ok && !have[at.ID] {
					have[at.ID] = true
					list = append(list, at)
				}
				return false
			})
		}
		out := make([]plan.Expr, 0, len(proj.List))
		for _, at := range proj.Output() {
			out = append(out, at)
		}
		return &plan.Project{Input: &plan.Sort{Input: &plan.Project{Input: proj.Input, List: list}, Orders: orders, Global: r.Global}, List: out}, nil
	case *plan.ToDF:
		out := r.Input.Output()
		if len(out) != len(r.Names) {
			return nil, sqlerr.IllegalArgument(fmt.Sprintf("requirement failed: The number of columns doesn't match.\nOld column names (%d): %s\nNew column names (%d): %s", len(out), joinNames(out), len(r.Names), strings.Join(r.Names, ", ")))
		}
		list := make([]plan.Expr, len(out))
		for i, at := range out {
			list[i] = &plan.Alias{Child: at, Name: r.Names[i], ID: plan.NewAttrID()}
		}
		return &plan.Project{Input: r.Input, List: list}, nil
	case *plan.WithColumns:
		res, err := sc.withColumns(ctx, r)
		if err != nil {
			return nil, err
		}
		if p, ok := res.(*plan.Project); ok && hasWindow(p.List) {
			in, nl := extractWindows(p.Input, p.List)
			return &plan.Project{Input: in, List: nl}, nil
		}
		return res, nil
	case *plan.WithColumnsRenamed:
		renames := map[string]string{}
		for i, f := range r.From {
			renames[strings.ToLower(f)] = r.To[i]
		}
		out := r.Input.Output()
		list := make([]plan.Expr, len(out))
		for i, at := range out {
			if to, ok := renames[strings.ToLower(at.Name)]; ok {
				list[i] = &plan.Alias{Child: at, Name: to, ID: plan.NewAttrID()}
			} else {
				list[i] = at
			}
		}
		return &plan.Project{Input: r.Input, List: list}, nil
	case *plan.Drop:
		drop := map[plan.AttrID]bool{}
		for _, n := range r.Names {
			for _, at := range r.Input.Output() {
				if a.nameEq(at.Name, n) {
					drop[at.ID] = true
				}
			}
		}
		for _, c := range r.Columns {
			rc, err := sc.expr(ctx, c)
			if err != nil {
				// Spark ignores columns that do not resolve in drop.
				continue
			}
			if at, ok := rc.(*plan.Attribute); ok {
				drop[at.ID] = true
			}
		}
		var list []plan.Expr
		for _, at := range r.Input.Output() {
			if !drop[at.ID] {
				list = append(list, at)
			}
		}
		return &plan.Project{Input: r.Input, List: list}, nil
	case *plan.MaxOneRow, *plan.Expand, *plan.Hint:
		return r, nil
	case *plan.Generate:
		return sc.generate(ctx, r)
	case *plan.SetOpAll:
		return a.setOpAll(ctx, r)
	case *plan.Sample:
		return sample(r)
	case *plan.Unpivot:
		return sc.unpivot(ctx, r)
	case *plan.Replace:
		return sc.replace(ctx, r)
	case *plan.ToSchema:
		return sc.toSchema(ctx, r)
	case *plan.Pivot:
		return sc.pivot(ctx, r)
	case *plan.ShowString:
		n := *r
		name := "show_string"
		if r.HTML {
			name = "html_string"
		}
		n.Out = []*plan.Attribute{plan.NewAttribute(name, types.String, true)}
		return &n, nil
	case *plan.Describe:
		return sc.describe(ctx, r)
	case *plan.Deduplicate:
		return sc.deduplicate(ctx, r)
	case *plan.FillNA:
		return sc.fillNA(ctx, r)
	case *plan.DropNA:
		return sc.dropNA(ctx, r)
	case *plan.Join:
		return sc.join(ctx, r)
	case *plan.Union:
		return a.union(r)
	case *plan.Repartition:
		resolveAll := func(sc *scope) ([]plan.Expr, error) {
			exprs := make([]plan.Expr, len(r.Exprs))
			for i, e := range r.Exprs {
				re, err := sc.expr(ctx, e)
				if err != nil {
					return nil, err
				}
				exprs[i] = re
			}
			return exprs, nil
		}
		exprs, err := resolveAll(sc)
		if err != nil {
			// DISTRIBUTE BY columns the projection dropped: repartition below it, which
			// yields the same rows.
			proj, ok := unwrapProject(r.Input)
			if !ok || !sqlerr.HasClass(err, "UNRESOLVED_COLUMN.WITH_SUGGESTION") {
				return nil, err
			}
			below, err2 := resolveAll(&scope{a: a, input: proj.Input})
			if err2 != nil {
				return nil, err
			}
			n := *r
			n.Input, n.Exprs = proj.Input, below
			return &plan.Project{Input: &n, List: proj.List}, nil
		}
		n := *r
		n.Exprs = exprs
		return &n, nil
	}
	return nil, sqlerr.Unsupported(fmt.Sprintf("relation %T", rel))
}

func (sc *scope) sortOrders(ctx context.Context, in []*plan.SortOrder) ([]*plan.SortOrder, error) {
	orders := make([]*plan.SortOrder, len(in))
	for i, o := range in {
		c, err := sc.expr(ctx, o.Child)
		if err != nil {
			return nil, err
		}
		orders[i] = &plan.SortOrder{Child: c, Descending: o.Descending, NullsFirst: o.NullsFirst}
	}
	return orders, nil
}

// unwrapProject finds the projection under plan-id tags.
func unwrapProject(r plan.Rel) (*plan.Project, bool) {
	for {
		switch x := r.(type) {
		case *plan.Project:
			return x, true
		case *plan.PlanID:
			r = x.Input
		default:
			return nil, false
		}
	}
}

func (a *Analyzer) nameEq(x, y string) bool {
	if a.opts.CaseSensitive {
		return x == y
	}
	return strings.EqualFold(x, y)
}

func attrsOf(st types.StructType) []*plan.Attribute {
	out := make([]*plan.Attribute, len(st.Fields))
	for i, f := range st.Fields {
		out[i] = plan.NewAttribute(f.Name, f.Type, f.Nullable)
	}
	return out
}

func tableNotFound(parts []string) error {
	return sqlerr.New("TABLE_OR_VIEW_NOT_FOUND", "relationName", quoteParts(parts))
}

func quoteParts(parts []string) string {
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = "`" + strings.ReplaceAll(p, "`", "``") + "`"
	}
	return strings.Join(q, ".")
}

func quoteSQL(s string) string { return "\"" + s + "\"" }

func (sc *scope) withColumns(ctx context.Context, r *plan.WithColumns) (plan.Rel, error) {
	// A generator column (withColumn("x", explode(...))): plan the same list as a
	// projection, which runs the generator.
	for _, c := range r.Cols {
		if f, ok := c.Child.(*plan.UnresolvedFunction); ok {
			if _, _, gen := plan.GeneratorName(f.Name); gen {
				return sc.a.project(ctx, sc, &plan.Project{Input: r.Input, List: unresolvedWithColumns(r, sc.a.nameEq)})
			}
		}
	}
	out := r.Input.Output()
	list := make([]plan.Expr, len(out))
	for i, at := range out {
		list[i] = at
	}
	for _, c := range r.Cols {
		ce, err := sc.expr(ctx, c.Child)
		if err != nil {
			return nil, err
		}
		al := &plan.Alias{Child: ce, Name: c.Name, ID: plan.NewAttrID(), Metadata: c.Metadata}
		replaced := false
		for i, at := range out {
			if sc.a.nameEq(at.Name, c.Name) {
				list[i] = al
				replaced = true
			}
		}
		if !replaced {
			list = append(list, al)
		}
	}
	return &plan.Project{Input: r.Input, List: list}, nil
}

// windowsOverAggregate plans window functions over an aggregation (SELECT k, rank()
// OVER (ORDER BY sum(v)) ... GROUP BY k): the aggregation computes every item without a
// window plus, as hidden columns, the aggregate-level inputs of the window
// expressions; the windows then run over its result.
func windowsOverAggregate(input plan.Rel, groups, aggs []plan.Expr) (plan.Rel, error) {
	var inner []plan.Expr
	hidden := map[string]*plan.Attribute{}
	hide := func(e plan.Expr) plan.Expr {
		fp := fingerprint(e)
		if at, ok := hidden[fp]; ok {
			return at
		}
		al := &plan.Alias{Child: e, Name: Pretty(e), ID: plan.NewAttrID()}
		inner = append(inner, al)
		at := plan.ToAttribute(al)
		hidden[fp] = at
		return at
	}
	groupKeys := map[string]bool{}
	for _, g := range groups {
		groupKeys[fingerprint(g)] = true
	}
	// aggLevel rewrites the inside of a window expression: aggregate calls and
	// grouping expressions become hidden columns of the aggregation.
	var aggLevel func(e plan.Expr) plan.Expr
	aggLevel = func(e plan.Expr) plan.Expr {
		switch e.(type) {
		case *plan.AggregateCall, *plan.Attribute:
			return hide(e)
		}
		if groupKeys[fingerprint(e)] {
			return hide(e)
		}
		kids := e.Children()
		if len(kids) == 0 {
			return e
		}
		nk := make([]plan.Expr, len(kids))
		for i, k := range kids {
			nk[i] = aggLevel(k)
		}
		return e.WithChildren(nk...)
	}
	outer := make([]plan.Expr, len(aggs))
	for i, item := range aggs {
		if !hasWindow([]plan.Expr{item}) {
			inner = append(inner, item)
			outer[i] = plan.ToAttribute(item)
			continue
		}
		ne, _, _ := transform.ExprDown(item, func(x plan.Expr) (plan.Expr, bool, error) {
			w, ok := x.(*plan.WindowExpr)
			if !ok {
				return x, false, nil
			}
			kids := w.Children()
			nk := make([]plan.Expr, len(kids))
			// The window function itself stays; its arguments are aggregate-level.
			nk[0] = w.Func.WithChildren(mapExprs(w.Func.Children(), aggLevel)...)
			for k := 1; k < len(kids); k++ {
				nk[k] = aggLevel(kids[k])
			}
			return w.WithChildren(nk...), true, nil
		})
		outer[i] = ne
	}
	agg, err := rewriteDistinct(&plan.Aggregate{Input: input, Groups: groups, Aggs: inner})
	if err != nil {
		return nil, err
	}
	in, nl := extractWindows(agg, outer)
	return &plan.Project{Input: in, List: nl}, nil
}

func mapExprs(list []plan.Expr, f func(plan.Expr) plan.Expr) []plan.Expr {
	out := make([]plan.Expr, len(list))
	for i, e := range list {
		out[i] = f(e)
	}
	return out
}

// checkAggregate rejects non-aggregated columns outside the grouping expressions.
func checkAggregate(groups, aggs []plan.Expr) error {
	groupKeys := map[string]bool{}
	for _, g := range groups {
		groupKeys[fingerprint(g)] = true
	}
	var check func(e plan.Expr) error
	check = func(e plan.Expr) error {
		if groupKeys[fingerprint(e)] {
			return nil
		}
		switch e := e.(type) {
		case *plan.AggregateCall:
			for _, arg := range e.Args {
				if transform.AnyExpr(arg, func(x plan.Expr) bool { _, ok := x.(*plan.AggregateCall); return ok }) {
					return sqlerr.New("NESTED_AGGREGATE_FUNCTION")
				}
			}
			return nil
		case *plan.Attribute:
			return sqlerr.New("MISSING_AGGREGATION", "expression", quoteSQL(e.Name), "expressionAnyValue", quoteSQL("any_value("+e.Name+")"))
		}
		for _, c := range e.Children() {
			if err := check(c); err != nil {
				return err
			}
		}
		return nil
	}
	for _, a := range aggs {
		if al, ok := a.(*plan.Alias); ok {
			a = al.Child
		}
		if err := check(a); err != nil {
			return err
		}
	}
	return nil
}

// fingerprint renders a resolved expression with attribute ids, for structural equality.
func fingerprint(e plan.Expr) string {
	var b strings.Builder
	var walk func(e plan.Expr)
	walk = func(e plan.Expr) {
		switch e := e.(type) {
		case *plan.Attribute:
			fmt.Fprintf(&b, "#%d", e.ID)
			return
		case *plan.Literal:
			fmt.Fprintf(&b, "lit(%v:%s)", e.Value, e.Type)
			return
		case *plan.Call:
			b.WriteString(e.Name)
		case *plan.AggregateCall:
			b.WriteString("agg:" + e.Name)
			if e.Distinct {
				b.WriteString(":distinct")
			}
		case *plan.Cast:
			b.WriteString("cast:" + e.To.String())
		case *plan.Alias:
			walk(e.Child)
			return
		default:
			fmt.Fprintf(&b, "%T", e)
		}
		b.WriteByte('(')
		for i, c := range e.Children() {
			if i > 0 {
				b.WriteByte(',')
			}
			walk(c)
		}
		b.WriteByte(')')
	}
	walk(e)
	return b.String()
}

// Fingerprint renders a resolved expression structurally (attribute ids, not names).
func Fingerprint(e plan.Expr) string { return fingerprint(e) }

// rewriteDistinct plans aggregates over DISTINCT arguments as two aggregations: the
// first groups by the grouping keys plus the distinct arguments (removing duplicates),
// the second aggregates those rows without DISTINCT. It applies when every aggregate
// is DISTINCT over the same arguments; other mixes are not supported yet.
func rewriteDistinct(a *plan.Aggregate) (plan.Rel, error) {
	var calls []*plan.AggregateCall
	for _, e := range a.Aggs {
		transform.AnyExpr(e, func(x plan.Expr) bool {
			if c, ok := x.(*plan.AggregateCall); ok {
				calls = append(calls, c)
			}
			return false
		})
	}
	anyDistinct := false
	for _, c := range calls {
		anyDistinct = anyDistinct || c.Distinct
	}
	if !anyDistinct {
		return a, nil
	}
	key := fingerprintList(calls[0].Args)
	for _, c := range calls {
		if !c.Distinct || fingerprintList(c.Args) != key || c.Filter != nil {
			return rewriteMixedDistinct(a, calls)
		}
	}
	// Inner: group by keys + distinct args.
	var innerGroups, innerOut []plan.Expr
	replace := map[string]*plan.Attribute{}
	for _, g := range a.Groups {
		al := &plan.Alias{Child: g, Name: Pretty(g), ID: plan.NewAttrID()}
		if at, ok := g.(*plan.Attribute); ok {
			innerOut = append(innerOut, at)
			replace[fingerprint(g)] = at
		} else {
			innerOut = append(innerOut, al)
			replace[fingerprint(g)] = plan.ToAttribute(al)
		}
		innerGroups = append(innerGroups, g)
	}
	for _, arg := range calls[0].Args {
		if _, seen := replace[fingerprint(arg)]; seen {
			continue
		}
		al := &plan.Alias{Child: arg, Name: Pretty(arg), ID: plan.NewAttrID()}
		innerGroups = append(innerGroups, arg)
		innerOut = append(innerOut, al)
		replace[fingerprint(arg)] = plan.ToAttribute(al)
	}
	inner := &plan.Aggregate{Input: a.Input, Groups: innerGroups, Aggs: innerOut}
	rw := func(e plan.Expr) (plan.Expr, error) {
		out, _, err := transform.ExprDown(e, func(x plan.Expr) (plan.Expr, bool, error) {
			if c, ok := x.(*plan.AggregateCall); ok {
				n := *c
				n.Distinct = false
				args := make([]plan.Expr, len(c.Args))
				for i, arg := range c.Args {
					args[i] = replace[fingerprint(arg)]
				}
				n.Args = args
				return &n, true, nil
			}
			if _, isAlias := x.(*plan.Alias); isAlias {
				return x, false, nil
			}
			if at, ok := replace[fingerprint(x)]; ok {
				return at, true, nil
			}
			return x, false, nil
		})
		return out, err
	}
	outerGroups := make([]plan.Expr, len(a.Groups))
	for i, g := range a.Groups {
		outerGroups[i] = replace[fingerprint(g)]
	}
	outerAggs := make([]plan.Expr, len(a.Aggs))
	for i, e := range a.Aggs {
		ne, err := rw(e)
		if err != nil {
			return nil, err
		}
		outerAggs[i] = ne
	}
	return &plan.Aggregate{Input: inner, Groups: outerGroups, Aggs: outerAggs}, nil
}

// hasAggregateCall reports whether a select list aggregates (outside window functions).
func hasAggregateCall(list []plan.Expr) bool {
	found := false
	var walk func(e plan.Expr)
	walk = func(e plan.Expr) {
		switch e.(type) {
		case *plan.WindowExpr:
			return
		case *plan.AggregateCall:
			found = true
			return
		}
		for _, c := range e.Children() {
			walk(c)
		}
	}
	for _, e := range list {
		walk(e)
	}
	return found
}

// unresolvedWithColumns is the select list of withColumns: the input's columns, each
// replaced by the new column of the same name, then the other new columns.
func unresolvedWithColumns(r *plan.WithColumns, eq func(a, b string) bool) []plan.Expr {
	out := r.Input.Output()
	list := make([]plan.Expr, len(out))
	for i, at := range out {
		list[i] = at
	}
	for _, c := range r.Cols {
		al := &plan.Alias{Child: c.Child, Name: c.Name, Metadata: c.Metadata}
		replaced := false
		for i, at := range out {
			if eq(at.Name, c.Name) {
				list[i], replaced = al, true
			}
		}
		if !replaced {
			list = append(list, al)
		}
	}
	return list
}

// project resolves a projection over its resolved input: generators, subqueries,
// windows and aggregate calls in the list each get their own operators.
func (a *Analyzer) project(ctx context.Context, sc *scope, r *plan.Project) (plan.Rel, error) {
	if in, gl, err := sc.projectGenerator(ctx, r.Input, r.List); err != nil {
		return nil, err
	} else if in != r.Input {
		r = &plan.Project{Input: in, List: gl}
		sc = &scope{a: a, input: in}
	}
	list, err := sc.namedList(ctx, r.List)
	if err != nil {
		return nil, err
	}
	if hasSubquery(list...) {
		joined, nl, err := a.exprSubqueries(ctx, r.Input, list)
		if err != nil {
			return nil, err
		}
		r = &plan.Project{Input: joined, List: nl}
		list = nl
	}
	if hasWindow(list) {
		in, nl := extractWindows(r.Input, list)
		return &plan.Project{Input: in, List: nl}, nil
	}
	if hasAggregateCall(list) {
		// select(sum(x)) without groupBy is a global aggregation, as in Spark.
		if err := checkAggregate(nil, list); err != nil {
			return nil, err
		}
		return rewriteDistinct(&plan.Aggregate{Input: r.Input, Aggs: list})
	}
	return &plan.Project{Input: r.Input, List: list}, nil
}

// rewriteMixedDistinct plans an aggregation with several DISTINCT argument lists, or
// DISTINCT and plain aggregates together, as Spark's RewriteDistinctAggregates does:
// an Expand emits each input row once per distinct argument list (gid 1..k, with only
// that list's arguments set) and once for the plain aggregates (gid 0); a first
// aggregation groups by the keys, the gid and the distinct arguments (computing the
// plain aggregates on gid 0 rows); a second one aggregates each distinct list over its
// own gid's rows and picks the plain results from gid 0.
func rewriteMixedDistinct(a *plan.Aggregate, calls []*plan.AggregateCall) (plan.Rel, error) {
	type dgroup struct {
		args  []plan.Expr
		attrs []*plan.Attribute
	}
	var dgroups []*dgroup
	byKey := map[string]int{}
	regular := map[*plan.AggregateCall][]*plan.Attribute{}
	var regularOrder []*plan.AggregateCall
	for _, c := range calls {
		if c.Distinct {
			if c.Filter != nil {
				return nil, sqlerr.Unsupported("DISTINCT aggregates with FILTER next to other aggregates")
			}
			k := fingerprintList(c.Args)
			if _, ok := byKey[k]; !ok {
				g := &dgroup{args: c.Args}
				for _, arg := range c.Args {
					g.attrs = append(g.attrs, plan.NewAttribute(Pretty(arg), plan.TypeOf(arg), true))
				}
				byKey[k] = len(dgroups)
				dgroups = append(dgroups, g)
			}
			continue
		}
		var attrs []*plan.Attribute
		for _, arg := range c.Children() {
			attrs = append(attrs, plan.NewAttribute(Pretty(arg), plan.TypeOf(arg), true))
		}
		regular[c] = attrs
		regularOrder = append(regularOrder, c)
	}
	inAttrs := a.Input.Output()
	gid := plan.NewAttribute("gid", types.Integer, false)
	out := append(append([]*plan.Attribute(nil), inAttrs...), gid)
	for _, g := range dgroups {
		out = append(out, g.attrs...)
	}
	for _, c := range regularOrder {
		out = append(out, regular[c]...)
	}
	null := func(t types.DataType) plan.Expr { return &plan.Literal{Type: t} }
	projection := func(id int32, set func(k int) bool, regularArgs bool) []plan.Expr {
		list := make([]plan.Expr, 0, len(out))
		for _, at := range inAttrs {
			list = append(list, at)
		}
		list = append(list, &plan.Literal{Type: types.Integer, Value: id})
		for k, g := range dgroups {
			for i, arg := range g.args {
				if set(k) {
					list = append(list, arg)
				} else {
					list = append(list, null(g.attrs[i].Type))
				}
			}
		}
		for _, c := range regularOrder {
			for i, arg := range c.Children() {
				if regularArgs {
					list = append(list, arg)
				} else {
					list = append(list, null(regular[c][i].Type))
				}
			}
		}
		return list
	}
	var projs [][]plan.Expr
	for k := range dgroups {
		projs = append(projs, projection(int32(k+1), func(j int) bool { return j == k }, false))
	}
	if len(regularOrder) > 0 {
		projs = append(projs, projection(0, func(int) bool { return false }, true))
	}
	expand := &plan.Expand{Input: a.Input, Projections: projs, Out: out}
	isGid := func(id int32) plan.Expr {
		return &plan.Call{Name: "==", Args: []plan.Expr{gid, &plan.Literal{Type: types.Integer, Value: id}}, Type: types.Boolean, Display: "(gid = " + fmt.Sprint(id) + ")"}
	}
	// First aggregation.
	firstGroups := append([]plan.Expr(nil), a.Groups...)
	firstGroups = append(firstGroups, gid)
	var firstAggs []plan.Expr
	groupAttr := map[string]*plan.Attribute{}
	for _, g := range a.Groups {
		if at, ok := g.(*plan.Attribute); ok {
			firstAggs = append(firstAggs, at)
			groupAttr[fingerprint(g)] = at
			continue
		}
		al := &plan.Alias{Child: g, Name: Pretty(g), ID: plan.NewAttrID()}
		firstAggs = append(firstAggs, al)
		groupAttr[fingerprint(g)] = plan.ToAttribute(al)
	}
	firstAggs = append(firstAggs, gid)
	for _, g := range dgroups {
		for _, at := range g.attrs {
			firstGroups = append(firstGroups, at)
			firstAggs = append(firstAggs, at)
		}
	}
	partial := map[*plan.AggregateCall]*plan.Attribute{}
	for i, c := range regularOrder {
		n := *c
		kids := make([]plan.Expr, len(regular[c]))
		for j, at := range regular[c] {
			kids[j] = at
		}
		nc := n.WithChildren(kids...).(*plan.AggregateCall)
		cond := isGid(0)
		if nc.Filter != nil {
			cond = &plan.Call{Name: "and", Args: []plan.Expr{cond, nc.Filter}, Type: types.Boolean}
		}
		nc.Filter = cond
		al := &plan.Alias{Child: nc, Name: "__partial" + fmt.Sprint(i), ID: plan.NewAttrID()}
		firstAggs = append(firstAggs, al)
		partial[c] = plan.ToAttribute(al)
	}
	first := &plan.Aggregate{Input: expand, Groups: firstGroups, Aggs: firstAggs}
	// Second aggregation.
	secondGroups := make([]plan.Expr, len(a.Groups))
	for i, g := range a.Groups {
		secondGroups[i] = groupAttr[fingerprint(g)]
	}
	secondAggs := make([]plan.Expr, len(a.Aggs))
	made := map[*plan.AggregateCall]bool{} // calls built here, which the walk visits again
	for i, e := range a.Aggs {
		ne, _, err := transform.ExprDown(e, func(x plan.Expr) (plan.Expr, bool, error) {
			c, ok := x.(*plan.AggregateCall)
			if ok && made[c] {
				return x, false, nil
			}
			if !ok {
				if _, isAlias := x.(*plan.Alias); !isAlias {
					if at, ok := groupAttr[fingerprint(x)]; ok {
						return at, true, nil
					}
				}
				return x, false, nil
			}
			if c.Distinct {
				k := byKey[fingerprintList(c.Args)]
				n := *c
				n.Distinct = false
				n.Args = make([]plan.Expr, len(c.Args))
				for j, at := range dgroups[k].attrs {
					n.Args[j] = at
				}
				n.Filter = isGid(int32(k + 1))
				made[&n] = true
				return &n, true, nil
			}
			p := partial[c]
			pick := &plan.AggregateCall{Name: "first", Args: []plan.Expr{p, &plan.Literal{Type: types.Boolean, Value: true}},
				Type: c.Type, Nullable: true, Display: c.Display, Filter: isGid(0)}
			made[pick] = true
			if c.Name == "count" || c.Name == "count_if" {
				// A count over no rows is 0, not the NULL first() gives.
				return &plan.Call{Name: "coalesce", Args: []plan.Expr{pick, &plan.Literal{Type: types.Long, Value: int64(0)}},
					Type: types.Long, Display: c.Display}, true, nil
			}
			return pick, true, nil
		})
		if err != nil {
			return nil, err
		}
		secondAggs[i] = ne
	}
	return &plan.Aggregate{Input: first, Groups: secondGroups, Aggs: secondAggs}, nil
}
