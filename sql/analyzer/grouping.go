package analyzer

import (
	"context"
	"strconv"
	"strings"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/plan/transform"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// groupingSets plans an aggregation by grouping sets (ROLLUP, CUBE, GROUPING SETS) as
// Spark does: an Expand emits every input row once per set, with the grouping columns
// outside the set NULL and a grouping id whose bit i (counting from the last grouping
// column) tells that column i is not in the set; the aggregation then groups by the
// expanded columns and the id. grouping(col) and grouping_id(...) read the id.
func (sc *scope) groupingSets(ctx context.Context, r *plan.Aggregate, groups []plan.Expr) (plan.Rel, error) {
	n := len(groups)
	if n > 63 {
		return nil, sqlerr.New("GROUPING_SIZE_LIMIT_EXCEEDED", "maxSize", "64")
	}
	inAttrs := r.Input.Output()
	gattrs := make([]*plan.Attribute, n)
	groupIndex := map[string]int{}
	for i, g := range groups {
		name, ok := plan.NamedExpr(g)
		if !ok {
			name = Pretty(g)
		}
		gattrs[i] = plan.NewAttribute(name, plan.TypeOf(g), true)
		if _, dup := groupIndex[fingerprint(g)]; !dup {
			groupIndex[fingerprint(g)] = i
		}
	}
	gid := plan.NewAttribute("spark_grouping_id", types.Long, false)
	out := make([]*plan.Attribute, 0, len(inAttrs)+n+1)
	out = append(append(append(out, inAttrs...), gattrs...), gid)
	projections := make([][]plan.Expr, len(r.GroupingSets))
	for k, set := range r.GroupingSets {
		in := map[int]bool{}
		for _, i := range set {
			in[i] = true
		}
		list := make([]plan.Expr, 0, len(out))
		for _, at := range inAttrs {
			list = append(list, at)
		}
		var mask int64
		for i, g := range groups {
			if in[i] {
				list = append(list, g)
			} else {
				list = append(list, &plan.Literal{Type: plan.TypeOf(g)})
				mask |= 1 << uint(n-1-i)
			}
		}
		projections[k] = append(list, &plan.Literal{Type: types.Long, Value: mask})
	}
	expand := &plan.Expand{Input: r.Input, Projections: projections, Out: out}

	// grouping() and grouping_id() resolve against the grouping id.
	shiftOf := func(arg plan.Expr) (int32, error) {
		ra, err := sc.expr(ctx, arg)
		if err != nil {
			return 0, err
		}
		i, ok := groupIndex[fingerprint(ra)]
		if !ok {
			return 0, sqlerr.New("GROUPING_COLUMN_MISMATCH", "grouping", quoteSQL(Pretty(ra)), "groupingColumns", quoteSQL(prettyList(groups)))
		}
		return int32(n - 1 - i), nil
	}
	aggs := make([]plan.Expr, len(r.Aggs))
	for k, e := range r.Aggs {
		ne, _, err := transform.ExprDown(e, func(x plan.Expr) (plan.Expr, bool, error) {
			f, ok := x.(*plan.UnresolvedFunction)
			if !ok {
				return x, false, nil
			}
			switch strings.ToLower(f.Name) {
			case "grouping":
				if len(f.Args) != 1 {
					return nil, false, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`grouping`", "expectedNum", "1", "actualNum", strconv.Itoa(len(f.Args)), "docroot", "https://spark.apache.org/docs/latest")
				}
				s, err := shiftOf(f.Args[0])
				if err != nil {
					return nil, false, err
				}
				return &plan.Call{Name: function.Grouping, Args: []plan.Expr{gid, int32Lit(s)}, Type: types.Byte,
					Display: "grouping(" + Pretty(mustResolve(sc, ctx, f.Args[0])) + ")"}, true, nil
			case "grouping_id":
				// The columns, if given, must be exactly the grouping columns.
				names := make([]string, len(f.Args))
				ok := len(f.Args) == 0 || len(f.Args) == n
				for i, a := range f.Args {
					ra := mustResolve(sc, ctx, a)
					names[i] = Pretty(ra)
					if ok && fingerprint(ra) != fingerprint(groups[i]) {
						ok = false
					}
				}
				if !ok {
					return nil, false, sqlerr.New("GROUPING_ID_COLUMN_MISMATCH", "groupingIdColumn", strings.Join(names, ","), "groupByColumns", prettyList(groups))
				}
				return &plan.Call{Name: function.GroupingID, Args: []plan.Expr{gid}, Type: types.Long,
					Display: "grouping_id(" + strings.Join(names, ", ") + ")"}, true, nil
			}
			return x, false, nil
		})
		if err != nil {
			return nil, err
		}
		aggs[k] = ne
	}
	named, err := sc.namedList(ctx, aggs)
	if err != nil {
		return nil, err
	}
	// Grouping expressions in the select list read the expanded (nullable) columns;
	// aggregate arguments keep reading the input's.
	var subst func(e plan.Expr) plan.Expr
	subst = func(e plan.Expr) plan.Expr {
		if _, ok := e.(*plan.AggregateCall); ok {
			return e
		}
		if _, ok := e.(*plan.Alias); !ok {
			if i, ok := groupIndex[fingerprint(e)]; ok {
				return gattrs[i]
			}
		}
		kids := e.Children()
		if len(kids) == 0 {
			return e
		}
		return e.WithChildren(mapExprs(kids, subst)...)
	}
	for k, e := range named {
		named[k] = subst(e)
	}
	newGroups := make([]plan.Expr, 0, n+1)
	for _, g := range gattrs {
		newGroups = append(newGroups, g)
	}
	newGroups = append(newGroups, gid)
	if err := checkAggregate(newGroups, named); err != nil {
		return nil, err
	}
	return rewriteDistinct(&plan.Aggregate{Input: expand, Groups: newGroups, Aggs: named})
}

func int32Lit(v int32) plan.Expr { return &plan.Literal{Type: types.Integer, Value: v} }

func mustResolve(sc *scope, ctx context.Context, e plan.Expr) plan.Expr {
	r, err := sc.expr(ctx, e)
	if err != nil {
		return e
	}
	return r
}
