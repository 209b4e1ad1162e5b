package analyzer

import (
	"context"
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// sample checks a sample's bounds as Spark's Sample does.
func sample(r *plan.Sample) (plan.Rel, error) {
	f := r.Upper - r.Lower
	if r.WithReplacement {
		if f < 0 {
			return nil, sqlerr.IllegalArgument(fmt.Sprintf("requirement failed: Sampling fraction (%v) must be nonnegative with replacement", f))
		}
	} else if r.Lower < 0 || r.Upper > 1 || f < 0 {
		return nil, sqlerr.IllegalArgument(fmt.Sprintf("requirement failed: Sampling fraction (%v) must be on interval [0, 1] without replacement", f))
	}
	return r, nil
}

// unpivot plans melt: an Expand with one projection per value column.
func (sc *scope) unpivot(ctx context.Context, r *plan.Unpivot) (plan.Rel, error) {
	ids, err := sc.namedList(ctx, r.IDs)
	if err != nil {
		return nil, err
	}
	var values []plan.Expr
	if r.Values == nil {
		idSet := map[plan.AttrID]bool{}
		for _, e := range ids {
			idSet[plan.ToAttribute(e).ID] = true
		}
		for _, at := range r.Input.Output() {
			if !idSet[at.ID] {
				values = append(values, at)
			}
		}
	} else if values, err = sc.namedList(ctx, r.Values); err != nil {
		return nil, err
	}
	if len(values) == 0 {
		return nil, sqlerr.New("UNPIVOT_REQUIRES_VALUE_COLUMNS")
	}
	var t types.DataType = types.Null
	for _, v := range values {
		w, ok := wider(t, plan.TypeOf(v), sc.a.opts.ANSI)
		if !ok {
			var ts []string
			for _, v := range values {
				ts = append(ts, quoteSQL(strings.ToUpper(plan.TypeOf(v).String())))
			}
			return nil, sqlerr.New("UNPIVOT_VALUE_DATA_TYPE_MISMATCH", "types", strings.Join(ts, ", "))
		}
		t = w
	}
	out := make([]*plan.Attribute, 0, len(ids)+2)
	for _, e := range ids {
		at := plan.ToAttribute(e)
		out = append(out, plan.NewAttribute(at.Name, at.Type, at.Nullable))
	}
	out = append(out, plan.NewAttribute(r.VariableName, types.String, false), plan.NewAttribute(r.ValueName, t, true))
	projs := make([][]plan.Expr, len(values))
	for i, v := range values {
		list := make([]plan.Expr, 0, len(out))
		for _, e := range ids {
			list = append(list, unalias(e))
		}
		name := plan.ToAttribute(v).Name
		var val plan.Expr = unalias(v)
		if !types.Equal(plan.TypeOf(val), t) {
			val = &plan.Cast{Child: val, To: t, Mode: plan.EvalLegacy, Implicit: true}
		}
		projs[i] = append(list, &plan.Literal{Type: types.String, Value: name}, val)
	}
	return &plan.Expand{Input: r.Input, Projections: projs, Out: out}, nil
}

func unalias(e plan.Expr) plan.Expr {
	if a, ok := e.(*plan.Alias); ok {
		return a.Child
	}
	return e
}

// replace plans na.replace as a projection: each affected column becomes
// CASE WHEN col = old THEN new ... ELSE col END, keeping its name and type.
func (sc *scope) replace(ctx context.Context, r *plan.Replace) (plan.Rel, error) {
	want := map[string]bool{}
	for _, c := range r.Cols {
		want[strings.ToLower(c)] = true
		found := false
		for _, at := range r.Input.Output() {
			if sc.a.nameEq(at.Name, c) {
				found = true
			}
		}
		if !found {
			return nil, unresolvedColumn([]string{c}, r.Input.Output())
		}
	}
	kind := func(t types.DataType) string {
		switch {
		case types.IsNumeric(t):
			return "number"
		case t == types.String:
			return "string"
		case t == types.Boolean:
			return "boolean"
		}
		return ""
	}
	valueKind := ""
	for _, l := range append(append([]*plan.Literal(nil), r.Old...), r.New...) {
		if l.Value != nil {
			valueKind = kind(l.Type)
			break
		}
	}
	list := make([]plan.Expr, 0, len(r.Input.Output()))
	for _, at := range r.Input.Output() {
		if (len(want) > 0 && !want[strings.ToLower(at.Name)]) || kind(at.Type) == "" || (valueKind != "" && kind(at.Type) != valueKind) {
			list = append(list, at)
			continue
		}
		var args []plan.Expr
		for i, old := range r.Old {
			var cond plan.Expr
			if old.Value == nil {
				cond = unresolvedCall("isnull", at)
			} else {
				cond = unresolvedCall("==", at, &plan.Cast{Child: old, To: at.Type, Mode: plan.EvalLegacy, Implicit: true})
			}
			args = append(args, cond, &plan.Cast{Child: r.New[i], To: at.Type, Mode: plan.EvalLegacy, Implicit: true})
		}
		args = append(args, at)
		e, err := sc.expr(ctx, &plan.Alias{Name: at.Name, Child: &plan.UnresolvedFunction{Name: "when", Args: args}})
		if err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return &plan.Project{Input: r.Input, List: list}, nil
}

// toSchema matches the input's columns to a schema by name, casting where the types
// differ and failing for missing columns.
func (sc *scope) toSchema(ctx context.Context, r *plan.ToSchema) (plan.Rel, error) {
	in := r.Input.Output()
	list := make([]plan.Expr, 0, len(r.Schema.Fields))
	for _, f := range r.Schema.Fields {
		var match *plan.Attribute
		for _, at := range in {
			if sc.a.nameEq(at.Name, f.Name) {
				match = at
			}
		}
		if match == nil {
			return nil, sqlerr.New("UNRESOLVED_COLUMN.WITH_SUGGESTION", "objectName", "`"+f.Name+"`", "proposal", joinNames(in))
		}
		if types.Equal(match.Type, f.Type) && match.Name == f.Name {
			list = append(list, match)
			continue
		}
		var e plan.Expr = match
		if !types.Equal(match.Type, f.Type) {
			e = &plan.Cast{Child: match, To: f.Type, Mode: plan.EvalANSI, TimeZone: sc.a.opts.TimeZone, Implicit: true}
		}
		list = append(list, &plan.Alias{Child: e, Name: f.Name, ID: plan.NewAttrID()})
	}
	return &plan.Project{Input: r.Input, List: list}, nil
}

// maxPivotValues is spark.sql.pivotMaxValues.
const maxPivotValues = 10000

// pivot plans groupBy.pivot.agg in two aggregations, like Spark's PivotFirst: the
// aggregates per group and pivot value, then one column per value and aggregate that
// picks the row of its value (NULL when the group has none).
func (sc *scope) pivot(ctx context.Context, r *plan.Pivot) (plan.Rel, error) {
	groups, err := sc.namedList(ctx, r.Groups)
	if err != nil {
		return nil, err
	}
	col, err := sc.expr(ctx, r.Column)
	if err != nil {
		return nil, err
	}
	aggs, err := sc.namedList(ctx, r.Aggs)
	if err != nil {
		return nil, err
	}
	ct := plan.TypeOf(col)
	values := r.Values
	if values == nil {
		if values, err = sc.pivotValues(ctx, r.Input, col); err != nil {
			return nil, err
		}
	}
	for i, v := range values {
		if !types.Equal(v.Type, ct) && v.Value != nil {
			cv, ok := widenLiteral(v, ct)
			if !ok {
				return nil, sqlerr.New("PIVOT_VALUE_DATA_TYPE_MISMATCH", "value", PrettyLiteral(v),
					"valueType", quoteSQL(strings.ToUpper(v.Type.String())), "pivotType", quoteSQL(strings.ToUpper(ct.String())))
			}
			values[i] = cv
		}
	}
	name := func(vname string, a plan.Expr) string {
		if len(aggs) > 1 {
			return vname + "_" + plan.ToAttribute(a).Name
		}
		return vname
	}
	valueName := func(v *plan.Literal) string {
		if v.Value == nil {
			return "null"
		}
		return PrettyLiteral(v)
	}
	if !pivotFirstTypes(aggs) {
		// Spark aggregates in one pass when a result type is not one PivotFirst
		// handles: each aggregate reads only its value's rows.
		outAggs := append([]plan.Expr(nil), groups...)
		for _, v := range values {
			for _, a := range aggs {
				call, ok := unalias(a).(*plan.AggregateCall)
				if !ok {
					return nil, sqlerr.Unsupported("pivot over expressions of aggregates")
				}
				args := make([]plan.Expr, len(call.Args))
				for i, arg := range call.Args {
					if args[i], err = sc.expr(ctx, unresolvedCall("if", unresolvedCall("<=>", col, v), arg, &plan.Literal{Type: plan.TypeOf(arg)})); err != nil {
						return nil, err
					}
				}
				nc := *call
				nc.Args = args
				outAggs = append(outAggs, &plan.Alias{Child: &nc, Name: name(valueName(v), a), ID: plan.NewAttrID()})
			}
		}
		return &plan.Aggregate{Input: r.Input, Groups: unaliasAll(groups), Aggs: outAggs}, nil
	}
	// Inner: the aggregates per group and pivot value.
	pcol := &plan.Alias{Child: col, Name: "__pivot", ID: plan.NewAttrID()}
	innerGroups := append(unaliasAll(groups), col)
	innerAggs := append(append([]plan.Expr(nil), groups...), pcol)
	inner := make([]*plan.Attribute, len(aggs))
	for i, a := range aggs {
		al := &plan.Alias{Child: unalias(a), Name: "__agg" + fmt.Sprint(i), ID: plan.NewAttrID()}
		innerAggs = append(innerAggs, al)
		inner[i] = plan.ToAttribute(al)
	}
	if err := checkAggregate(innerGroups, innerAggs); err != nil {
		return nil, err
	}
	in := &plan.Aggregate{Input: r.Input, Groups: innerGroups, Aggs: innerAggs}
	os := &scope{a: sc.a, input: in}
	outGroups := make([]plan.Expr, len(groups))
	for i, g := range groups {
		outGroups[i] = plan.ToAttribute(g)
	}
	outAggs := append([]plan.Expr(nil), outGroups...)
	pattr := plan.ToAttribute(pcol)
	for _, v := range values {
		for i, a := range aggs {
			pick, err := os.expr(ctx, &plan.Alias{Name: name(valueName(v), a), Child: unresolvedCall("first",
				unresolvedCall("if", unresolvedCall("<=>", pattr, v), inner[i], &plan.Literal{Type: inner[i].Type}),
				&plan.Literal{Type: types.Boolean, Value: true})})
			if err != nil {
				return nil, err
			}
			outAggs = append(outAggs, pick)
		}
	}
	return &plan.Aggregate{Input: in, Groups: outGroups, Aggs: outAggs}, nil
}

func unaliasAll(list []plan.Expr) []plan.Expr {
	out := make([]plan.Expr, len(list))
	for i, e := range list {
		out[i] = unalias(e)
	}
	return out
}

// pivotValues runs the query for the distinct values of the pivot column, sorted.
func (sc *scope) pivotValues(ctx context.Context, input plan.Rel, col plan.Expr) ([]*plan.Literal, error) {
	if sc.a.opts.Query == nil {
		return nil, sqlerr.Unsupported("pivot without values")
	}
	al := &plan.Alias{Child: col, Name: "__pivot", ID: plan.NewAttrID()}
	at := plan.ToAttribute(al)
	q := &plan.Limit{N: maxPivotValues + 1, Input: &plan.Sort{Global: true, Orders: []*plan.SortOrder{{Child: at, NullsFirst: true}},
		Input: &plan.Aggregate{Input: input, Groups: []plan.Expr{col}, Aggs: []plan.Expr{al}}}}
	values, err := sc.a.opts.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(values) > maxPivotValues {
		return nil, sqlerr.Unsupported(fmt.Sprintf("pivot columns with more than %d distinct values", maxPivotValues))
	}
	return values, nil
}

// pivotFirstTypes reports whether every aggregate's type is one Spark's PivotFirst
// handles (numbers and booleans), which selects the two-pass plan.
func pivotFirstTypes(aggs []plan.Expr) bool {
	for _, a := range aggs {
		t := plan.TypeOf(a)
		if !types.IsNumeric(t) && t != types.Boolean {
			return false
		}
	}
	return true
}
