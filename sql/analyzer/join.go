package analyzer

import (
	"context"
	"fmt"
	"strings"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// join resolves a join: the right side gets fresh attribute ids when both sides share
// some (a self-join), the condition resolves against both sides, and USING columns
// become equalities plus a projection that lists each USING column once.
func (sc *scope) join(ctx context.Context, j *plan.Join) (plan.Rel, error) {
	left, right := j.Left, j.Right
	right = dedupRight(left, right)
	js := &scope{a: sc.a, input: left, extra: []plan.Rel{right}}
	out := &plan.Join{Left: left, Right: right, Type: j.Type}
	if j.Natural {
		// NATURAL JOIN is USING every column name the sides share, in the left's order.
		rightNames := map[string]bool{}
		for _, a := range right.Output() {
			rightNames[strings.ToLower(a.Name)] = true
		}
		var using []string
		for _, a := range left.Output() {
			if rightNames[strings.ToLower(a.Name)] {
				using = append(using, a.Name)
			}
		}
		if len(using) == 0 {
			if out.Type == plan.InnerJoin {
				out.Type = plan.CrossJoin
			}
			return out, nil
		}
		return sc.usingJoin(ctx, out, using)
	}
	if len(j.Using) > 0 {
		return sc.usingJoin(ctx, out, j.Using)
	}
	if j.AllColumns {
		lo, ro := left.Output(), right.Output()
		if len(lo) != len(ro) {
			op := "INTERSECT"
			if j.Type == plan.LeftAntiJoin {
				op = "EXCEPT"
			}
			return nil, sqlerr.New("NUM_COLUMNS_MISMATCH", "operator", op, "firstNumColumns", fmt.Sprint(len(lo)),
				"invalidOrdinalNum", "second", "invalidNumColumns", fmt.Sprint(len(ro)))
		}
		var cond plan.Expr
		for i := range lo {
			eq := plan.Expr(&plan.UnresolvedFunction{Name: "<=>", Args: []plan.Expr{lo[i], ro[i]}, IsOperator: true})
			if cond == nil {
				cond = eq
			} else {
				cond = &plan.UnresolvedFunction{Name: "and", Args: []plan.Expr{cond, eq}, IsOperator: true}
			}
		}
		c, err := js.expr(ctx, cond)
		if err != nil {
			return nil, err
		}
		out.Cond = c
		return out, nil
	}
	if j.Cond != nil {
		c, err := js.expr(ctx, j.Cond)
		if err != nil {
			return nil, err
		}
		if t := plan.TypeOf(c); t != types.Boolean {
			return nil, sqlerr.New("JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE", "joinCondition", quoteSQL(Pretty(c)), "conditionType", quoteSQL(strings.ToUpper(t.String())))
		}
		out.Cond = c
	}
	return out, nil
}

// dedupRight gives the right side new attribute ids when they clash with the left's,
// keeping its plan-id tag outermost so df["col"] finds the new ids.
func dedupRight(left, right plan.Rel) plan.Rel {
	seen := map[plan.AttrID]bool{}
	for _, a := range left.Output() {
		seen[a.ID] = true
	}
	clash := false
	for _, a := range right.Output() {
		if seen[a.ID] {
			clash = true
		}
	}
	if !clash {
		return right
	}
	var tag *plan.PlanID
	inner := right
	if p, ok := right.(*plan.PlanID); ok {
		tag, inner = p, p.Input
	}
	list := make([]plan.Expr, 0, len(inner.Output()))
	for _, a := range inner.Output() {
		list = append(list, &plan.Alias{Child: a, Name: a.Name, ID: plan.NewAttrID()})
	}
	var r plan.Rel = &plan.Project{Input: inner, List: list}
	if q := qualifierOf(inner); q != "" {
		r = &plan.SubqueryAlias{Input: r, Alias: q}
	}
	if tag != nil {
		r = &plan.PlanID{Input: r, ID: tag.ID}
	}
	return r
}

func qualifierOf(r plan.Rel) string {
	if s, ok := r.(*plan.SubqueryAlias); ok {
		return s.Alias
	}
	return ""
}

func (sc *scope) usingJoin(ctx context.Context, j *plan.Join, using []string) (plan.Rel, error) {
	find := func(side plan.Rel, name string, which string) (*plan.Attribute, error) {
		var found *plan.Attribute
		for _, a := range side.Output() {
			if sc.a.nameEq(a.Name, name) {
				if found != nil {
					return nil, sqlerr.New("AMBIGUOUS_REFERENCE", "name", "`"+name+"`", "referenceNames", "[`"+name+"`]")
				}
				found = a
			}
		}
		if found == nil {
			return nil, sqlerr.New("UNRESOLVED_USING_COLUMN_FOR_JOIN", "colName", "`"+name+"`", "side", which,
				"suggestion", joinNames(side.Output()))
		}
		return found, nil
	}
	var cond plan.Expr
	var lk, rk []*plan.Attribute
	js := &scope{a: sc.a, input: j.Left, extra: []plan.Rel{j.Right}}
	for _, name := range using {
		l, err := find(j.Left, name, "left")
		if err != nil {
			return nil, err
		}
		r, err := find(j.Right, name, "right")
		if err != nil {
			return nil, err
		}
		lk, rk = append(lk, l), append(rk, r)
		eq, err := js.expr(ctx, &plan.UnresolvedFunction{Name: "==", Args: []plan.Expr{l, r}, IsOperator: true})
		if err != nil {
			return nil, err
		}
		if cond == nil {
			cond = eq
		} else {
			cond, err = js.expr(ctx, &plan.UnresolvedFunction{Name: "and", Args: []plan.Expr{cond, eq}, IsOperator: true})
			if err != nil {
				return nil, err
			}
		}
	}
	j.Cond = cond
	// The output: the USING columns once, then the other left, then the other right
	// columns, as Spark orders them.
	out := j.Output()
	byID := map[plan.AttrID]*plan.Attribute{}
	for _, a := range out {
		byID[a.ID] = a
	}
	skip := map[plan.AttrID]bool{}
	var list []plan.Expr
	for i := range lk {
		l, r := byID[lk[i].ID], byID[rk[i].ID]
		skip[l.ID] = true
		if r != nil { // semi and anti joins output only the left side
			skip[r.ID] = true
		}
		switch j.Type {
		case plan.RightOuterJoin:
			list = append(list, r)
		case plan.FullOuterJoin:
			c, err := js.expr(ctx, &plan.UnresolvedFunction{Name: "coalesce", Args: []plan.Expr{l, r}})
			if err != nil {
				return nil, err
			}
			list = append(list, &plan.Alias{Child: c, Name: lk[i].Name, ID: plan.NewAttrID()})
		default:
			list = append(list, l)
		}
	}
	for _, a := range out {
		if !skip[a.ID] {
			list = append(list, a)
		}
	}
	return &plan.Project{Input: j, List: list}, nil
}

// union checks column counts, matches columns by name when asked, and widens column
// types to a common type.
func (a *Analyzer) union(u *plan.Union) (plan.Rel, error) {
	first := u.Inputs[0].Output()
	inputs := make([]plan.Rel, len(u.Inputs))
	inputs[0] = u.Inputs[0]
	for i, in := range u.Inputs[1:] {
		out := in.Output()
		if u.ByName {
			list := make([]plan.Expr, len(first))
			for k, f := range first {
				var m *plan.Attribute
				for _, o := range out {
					if a.nameEq(o.Name, f.Name) {
						m = o
					}
				}
				if m == nil {
					if !u.AllowMissing {
						return nil, sqlerr.New("UNRESOLVED_COLUMN.WITH_SUGGESTION", "objectName", "`"+f.Name+"`", "proposal", joinNames(out))
					}
					list[k] = &plan.Alias{Child: &plan.Literal{Type: f.Type}, Name: f.Name, ID: plan.NewAttrID()}
					continue
				}
				list[k] = m
			}
			in = &plan.Project{Input: in, List: list}
			out = in.Output()
		}
		if len(out) != len(first) {
			return nil, sqlerr.New("NUM_COLUMNS_MISMATCH", "operator", "UNION", "firstNumColumns", fmt.Sprint(len(first)),
				"invalidOrdinalNum", ordinalWord(i+2), "invalidNumColumns", fmt.Sprint(len(out)))
		}
		inputs[i+1] = in
	}
	// Widen each column to the common type of all inputs.
	common := make([]types.DataType, len(first))
	for c := range first {
		t := first[c].Type
		for _, in := range inputs[1:] {
			w, ok := wider(t, in.Output()[c].Type, a.opts.ANSI)
			if !ok {
				return nil, sqlerr.New("INCOMPATIBLE_COLUMN_TYPE", "operator", "UNION", "columnOrdinalNumber", ordinalWord(c+1),
					"tableOrdinalNumber", "second", "dataType1", quoteSQL(strings.ToUpper(in.Output()[c].Type.String())),
					"dataType2", quoteSQL(strings.ToUpper(t.String())), "hint", "")
			}
			t = w
		}
		common[c] = t
	}
	for i, in := range inputs {
		out := in.Output()
		needs := false
		for c := range out {
			if !types.Equal(out[c].Type, common[c]) {
				needs = true
			}
		}
		if !needs {
			continue
		}
		list := make([]plan.Expr, len(out))
		for c, o := range out {
			if types.Equal(o.Type, common[c]) {
				list[c] = o
			} else {
				mode := plan.EvalLegacy
				if o.Type == types.String {
					mode = plan.EvalDefault // reading strings as numbers fails in ANSI mode
				}
				list[c] = &plan.Alias{Child: &plan.Cast{Child: o, To: common[c], Mode: mode, Implicit: true}, Name: o.Name, ID: plan.NewAttrID()}
			}
		}
		inputs[i] = &plan.Project{Input: in, List: list}
	}
	return &plan.Union{Inputs: inputs, ByName: u.ByName, AllowMissing: u.AllowMissing, Inline: u.Inline}, nil
}

func ordinalWord(i int) string {
	words := []string{"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"}
	if i < len(words) {
		return words[i]
	}
	return fmt.Sprintf("%dth", i)
}

// wider is the common type of two types for set operations: equal types, NULL and
// anything, numeric widening, and strings with other atomic types: in ANSI mode the
// string is read as the other type (BIGINT for integers, DOUBLE for fractions), in
// legacy mode the other side becomes a string.
func wider(a, b types.DataType, ansi bool) (types.DataType, bool) {
	if types.Equal(a, b) {
		return a, true
	}
	if a == types.Null {
		return b, true
	}
	if b == types.Null {
		return a, true
	}
	if w := function.Wider(a, b); w != nil {
		return w, true
	}
	other := b
	if b == types.String {
		other = a
	} else if a != types.String {
		return nil, false
	}
	if ansi {
		switch {
		case types.IsIntegral(other):
			return types.Long, true
		case types.IsNumeric(other):
			return types.Double, true
		case other == types.Date, other == types.Timestamp, other == types.TimestampNTZ, other == types.Boolean:
			return other, true
		}
		return nil, false
	}
	if types.IsNumeric(other) {
		return types.String, true
	}
	return nil, false
}
