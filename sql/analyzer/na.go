package analyzer

import (
	"context"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

func call(name string, args ...plan.Expr) plan.Expr {
	return &plan.UnresolvedFunction{Name: name, Args: args, IsOperator: true}
}

// naColumns returns the input columns named in cols (all when empty).
func (sc *scope) naColumns(in plan.Rel, cols []string) ([]*plan.Attribute, error) {
	if len(cols) == 0 {
		return in.Output(), nil
	}
	var out []*plan.Attribute
	for _, c := range cols {
		e, err := sc.attribute(&plan.UnresolvedAttribute{Parts: []string{c}, PlanID: -1})
		if err != nil {
			return nil, err
		}
		out = append(out, e.(*plan.Attribute))
	}
	return out, nil
}

// fillCompatible reports whether value v may fill a column of type t, as
// DataFrameNaFunctions.fill does: numbers fill numeric columns, strings string
// columns, booleans boolean columns.
func fillCompatible(v *plan.Literal, t types.DataType) bool {
	switch {
	case types.IsNumeric(v.Type):
		return types.IsNumeric(t)
	case v.Type == types.String:
		return t == types.String
	case v.Type == types.Boolean:
		return t == types.Boolean
	}
	return false
}

// fillNA is a projection replacing NULL (and NaN) in the chosen columns.
func (sc *scope) fillNA(ctx context.Context, r *plan.FillNA) (plan.Rel, error) {
	targets, err := sc.naColumns(r.Input, r.Cols)
	if err != nil {
		return nil, err
	}
	value := map[plan.AttrID]*plan.Literal{}
	for i, t := range targets {
		v := r.Values[0]
		if len(r.Values) > 1 {
			v = r.Values[i]
		}
		if v.Value != nil && fillCompatible(v, t.Type) {
			value[t.ID] = v
		}
	}
	var list []plan.Expr
	for _, a := range r.Input.Output() {
		v, ok := value[a.ID]
		if !ok {
			list = append(list, a)
			continue
		}
		var cond plan.Expr = call("isnull", a)
		if a.Type == types.Double || a.Type == types.Float {
			cond = call("or", cond, call("isnan", a))
		}
		filled := call("when", cond, &plan.Cast{Child: v, To: a.Type, Mode: plan.EvalLegacy, Implicit: true}, a)
		e, err := sc.expr(ctx, filled)
		if err != nil {
			return nil, err
		}
		if c, ok := e.(*plan.Call); ok {
			c.Nullable = false // a filled column has no NULLs left (as Spark's coalesce)
		}
		list = append(list, &plan.Alias{Child: e, Name: a.Name, ID: plan.NewAttrID()})
	}
	return &plan.Project{Input: r.Input, List: list}, nil
}

// dropNA keeps rows with at least MinNonNulls non-NULL, non-NaN values in the columns.
func (sc *scope) dropNA(ctx context.Context, r *plan.DropNA) (plan.Rel, error) {
	targets, err := sc.naColumns(r.Input, r.Cols)
	if err != nil {
		return nil, err
	}
	min := r.MinNonNulls
	if min < 0 {
		min = len(targets)
	}
	var count plan.Expr = &plan.Literal{Type: types.Integer, Value: int32(0)}
	for _, a := range targets {
		var present plan.Expr = call("isnotnull", a)
		if a.Type == types.Double || a.Type == types.Float {
			present = call("and", present, call("not", call("isnan", a)))
		}
		count = call("+", count, call("when", present, &plan.Literal{Type: types.Integer, Value: int32(1)}, &plan.Literal{Type: types.Integer, Value: int32(0)}))
	}
	cond, err := sc.expr(ctx, call(">=", count, &plan.Literal{Type: types.Integer, Value: int32(min)}))
	if err != nil {
		return nil, err
	}
	return &plan.Filter{Input: r.Input, Cond: cond}, nil
}

// deduplicate keeps the first row of each key: an aggregation grouped by the key
// columns that takes first() of the others, in the input's column order.
func (sc *scope) deduplicate(ctx context.Context, r *plan.Deduplicate) (plan.Rel, error) {
	keys, err := sc.naColumns(r.Input, r.Cols)
	if err != nil {
		return nil, err
	}
	isKey := map[plan.AttrID]bool{}
	groups := make([]plan.Expr, len(keys))
	for i, k := range keys {
		isKey[k.ID] = true
		groups[i] = k
	}
	var aggs []plan.Expr
	for _, a := range r.Input.Output() {
		if isKey[a.ID] {
			aggs = append(aggs, a)
			continue
		}
		f, err := sc.expr(ctx, &plan.UnresolvedFunction{Name: "first", Args: []plan.Expr{a}})
		if err != nil {
			return nil, err
		}
		aggs = append(aggs, &plan.Alias{Child: f, Name: a.Name, ID: plan.NewAttrID()})
	}
	return &plan.Aggregate{Input: r.Input, Groups: groups, Aggs: aggs}, nil
}

// describe unions one single-row aggregation per statistic; every value is a string.
func (sc *scope) describe(ctx context.Context, r *plan.Describe) (plan.Rel, error) {
	var cols []*plan.Attribute
	if len(r.Cols) == 0 {
		for _, a := range r.Input.Output() {
			if types.IsNumeric(a.Type) || a.Type == types.String {
				cols = append(cols, a)
			}
		}
	} else {
		var err error
		if cols, err = sc.naColumns(r.Input, r.Cols); err != nil {
			return nil, err
		}
	}
	fns := map[string]string{"count": "count", "mean": "avg", "stddev": "stddev_samp", "min": "min", "max": "max"}
	var inputs []plan.Rel
	for _, stat := range r.Stats {
		fn, ok := fns[stat]
		if !ok {
			return nil, sqlerr.Unsupported("summary statistic " + stat)
		}
		aggs := []plan.Expr{&plan.Alias{Child: &plan.Literal{Type: types.String, Value: stat}, Name: "summary"}}
		for _, c := range cols {
			var v plan.Expr = &plan.Literal{Type: types.String}
			if types.IsNumeric(c.Type) || fn == "count" || fn == "min" || fn == "max" {
				v = &plan.Cast{Child: &plan.UnresolvedFunction{Name: fn, Args: []plan.Expr{c}}, To: types.String}
			}
			aggs = append(aggs, &plan.Alias{Child: v, Name: c.Name})
		}
		in := &scope{a: sc.a, input: r.Input}
		list, err := in.namedList(ctx, aggs)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, &plan.Aggregate{Input: r.Input, Aggs: list})
	}
	return sc.a.union(&plan.Union{Inputs: inputs})
}
