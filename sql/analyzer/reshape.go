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
