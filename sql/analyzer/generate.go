package analyzer

import (
	"context"
	"strconv"
	"strings"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// generate resolves a generator over input: its arguments, then the columns it
// produces, named as Spark names them (col, pos, key/value, the struct's fields for
// inline, col0.. for stack) unless aliased.
func (sc *scope) generate(ctx context.Context, g *plan.Generate) (*plan.Generate, error) {
	args := make([]plan.Expr, len(g.Args))
	for i, a := range g.Args {
		ra, err := sc.expr(ctx, a)
		if err != nil {
			return nil, err
		}
		args[i] = ra
	}
	type col struct {
		name     string
		t        types.DataType
		nullable bool
	}
	var cols []col
	fname := g.Func
	if g.Outer {
		fname += "_outer"
	}
	mismatch := func(required string) error {
		t := types.Null
		if len(args) > 0 {
			t = plan.TypeOf(args[0])
		}
		return sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", quoteSQL(fname+"("+prettyList(args)+")"),
			"paramIndex", "first", "requiredType", required, "inputSql", quoteSQL(prettyList(args)), "inputType", quoteSQL(strings.ToUpper(t.String())))
	}
	switch g.Func {
	case "explode", "posexplode":
		if len(args) != 1 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+fname+"`", "expectedNum", "1", "actualNum", strconv.Itoa(len(args)), "docroot", docroot)
		}
		if g.Func == "posexplode" {
			cols = append(cols, col{"pos", types.Integer, g.Outer})
		}
		switch t := plan.TypeOf(args[0]).(type) {
		case types.ArrayType:
			cols = append(cols, col{"col", t.Elem, true})
		case types.MapType:
			cols = append(cols, col{"key", t.Key, g.Outer}, col{"value", t.Value, true})
		default:
			return nil, mismatch(`("ARRAY" or "MAP")`)
		}
	case "inline":
		if len(args) != 1 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`"+fname+"`", "expectedNum", "1", "actualNum", strconv.Itoa(len(args)), "docroot", docroot)
		}
		at, ok := plan.TypeOf(args[0]).(types.ArrayType)
		st, ok2 := at.Elem.(types.StructType)
		if !ok || !ok2 {
			return nil, mismatch(`"ARRAY<STRUCT>"`)
		}
		for _, f := range st.Fields {
			cols = append(cols, col{f.Name, f.Type, true})
		}
	case "stack":
		if len(args) < 2 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`stack`", "expectedNum", "> 1", "actualNum", strconv.Itoa(len(args)), "docroot", docroot)
		}
		n, ok := args[0].(*plan.Literal)
		if !ok || !types.IsIntegral(n.Type) || literalInt(n) <= 0 {
			return nil, sqlerr.New("DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", "sqlExpr", quoteSQL("stack("+prettyList(args)+")"), "inputName", "`n`", "inputType", `"INT"`, "inputExpr", quoteSQL(Pretty(args[0])))
		}
		rows := int(literalInt(n))
		width := (len(args) - 1 + rows - 1) / rows
		for c := 0; c < width; c++ {
			var t types.DataType = types.Null
			for r := 0; r < rows; r++ {
				if i := 1 + r*width + c; i < len(args) {
					// The values of a column must have one type (NULLs excepted).
					at := plan.TypeOf(args[i])
					w, ok := at, t == types.Null || at == types.Null || types.Equal(t, at)
					if at == types.Null {
						w = t
					}
					if !ok {
						return nil, sqlerr.New("DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES", "sqlExpr", quoteSQL("stack("+prettyList(args)+")"),
							"columnIndex", strconv.Itoa(c), "leftParamIndex", strconv.Itoa(1+c), "leftType", quoteSQL(strings.ToUpper(t.String())),
							"rightParamIndex", strconv.Itoa(i), "rightType", quoteSQL(strings.ToUpper(plan.TypeOf(args[i]).String())))
					}
					t = w
				}
			}
			for r := 0; r < rows; r++ {
				if i := 1 + r*width + c; i < len(args) && !types.Equal(plan.TypeOf(args[i]), t) {
					args[i] = &plan.Cast{Child: args[i], To: t, Mode: plan.EvalLegacy, Implicit: true}
				}
			}
			cols = append(cols, col{"col" + strconv.Itoa(c), t, true})
		}
	case plan.ReplicateRows:
	default:
		return nil, sqlerr.Unsupported("generator " + g.Func)
	}
	if g.Names != nil && len(g.Names) != len(cols) {
		return nil, sqlerr.New("UDTF_ALIAS_NUMBER_MISMATCH", "aliasesSize", strconv.Itoa(len(g.Names)), "aliasesNames", strings.Join(g.Names, ", "))
	}
	out := make([]*plan.Attribute, len(cols))
	for i, c := range cols {
		name := c.name
		if g.Names != nil {
			name = g.Names[i]
		}
		at := plan.NewAttribute(name, c.t, c.nullable)
		if g.Qualifier != "" {
			at = at.WithQualifier([]string{g.Qualifier})
		}
		out[i] = at
	}
	n := *g
	n.Args, n.Out = args, out
	return &n, nil
}

const docroot = "https://spark.apache.org/docs/latest"

// generatorItem finds the one generator call of a select list (Spark allows one),
// returning its index, the call and the aliases given to its output.
func generatorItem(list []plan.Expr) (int, *plan.UnresolvedFunction, []string, error) {
	found := -1
	var call *plan.UnresolvedFunction
	var names []string
	for i, e := range list {
		var al []string
		inner := e
		switch x := e.(type) {
		case *plan.Alias:
			inner, al = x.Child, []string{x.Name}
		case *plan.MultiAlias:
			inner, al = x.Child, x.Names
		}
		f, ok := inner.(*plan.UnresolvedFunction)
		if !ok {
			continue
		}
		if _, _, ok := plan.GeneratorName(f.Name); !ok {
			continue
		}
		if found >= 0 {
			continue // the next generator is planned on top of this one
		}
		found, call, names = i, f, al
	}
	return found, call, names, nil
}

// projectGenerator plans a select list holding a generator: the generator runs over
// the input, and the list reads its columns in place of the call.
func (sc *scope) projectGenerator(ctx context.Context, input plan.Rel, list []plan.Expr) (plan.Rel, []plan.Expr, error) {
	i, call, names, err := generatorItem(list)
	if err != nil || i < 0 {
		return input, list, err
	}
	gen, outer, _ := plan.GeneratorName(call.Name)
	g, err := sc.generate(ctx, &plan.Generate{Input: input, Func: gen, Args: call.Args, Outer: outer, Names: names})
	if err != nil {
		return nil, nil, err
	}
	nl := make([]plan.Expr, 0, len(list)+len(g.Out))
	nl = append(nl, list[:i]...)
	for _, at := range g.Out {
		nl = append(nl, at)
	}
	nl = append(nl, list[i+1:]...)
	// Further generators in the list run over this one's output.
	next := &scope{a: sc.a, input: g}
	return next.projectGenerator(ctx, g, nl)
}

// setOpAll rewrites INTERSECT ALL and EXCEPT ALL. Both sides are tagged and unioned;
// an aggregation per distinct row counts its occurrences on each side; the count to
// keep (left minus right for EXCEPT, the smaller for INTERSECT) replicates the row.
func (a *Analyzer) setOpAll(ctx context.Context, r *plan.SetOpAll) (plan.Rel, error) {
	lo, ro := r.Left.Output(), r.Right.Output()
	op := "INTERSECT ALL"
	if r.Except {
		op = "EXCEPT ALL"
	}
	if len(lo) != len(ro) {
		return nil, sqlerr.New("NUM_COLUMNS_MISMATCH", "operator", op, "firstNumColumns", strconv.Itoa(len(lo)),
			"invalidOrdinalNum", "second", "invalidNumColumns", strconv.Itoa(len(ro)))
	}
	tag := func(in plan.Rel, vals ...plan.Expr) plan.Rel {
		list := make([]plan.Expr, 0, len(in.Output())+len(vals))
		for _, at := range in.Output() {
			list = append(list, at)
		}
		for i, v := range vals {
			list = append(list, &plan.Alias{Child: v, Name: "vcol" + strconv.Itoa(i+1), ID: plan.NewAttrID()})
		}
		return &plan.Project{Input: in, List: list}
	}
	one := func(v int64) plan.Expr { return &plan.Literal{Type: types.Long, Value: v} }
	yes, null := &plan.Literal{Type: types.Boolean, Value: true}, &plan.Literal{Type: types.Boolean}
	var u plan.Rel
	var err error
	if r.Except {
		u, err = a.union(&plan.Union{Inputs: []plan.Rel{tag(r.Left, one(1)), tag(r.Right, one(-1))}})
	} else {
		u, err = a.union(&plan.Union{Inputs: []plan.Rel{tag(r.Left, yes, null), tag(r.Right, null, yes)}})
	}
	if err != nil {
		return nil, err
	}
	uo := u.Output()
	n := len(lo)
	keys := make([]plan.Expr, n)
	for i := range keys {
		keys[i] = uo[i]
	}
	sc := &scope{a: a, input: u}
	var aggs []plan.Expr
	var count plan.Expr
	if r.Except {
		sum, err := sc.expr(ctx, &plan.Alias{Name: "sum", Child: unresolvedCall("sum", uo[n])})
		if err != nil {
			return nil, err
		}
		aggs = []plan.Expr{sum}
	} else {
		for i, name := range []string{"vcol1_count", "vcol2_count"} {
			c, err := sc.expr(ctx, &plan.Alias{Name: name, Child: unresolvedCall("count", uo[n+i])})
			if err != nil {
				return nil, err
			}
			aggs = append(aggs, c)
		}
	}
	agg := &plan.Aggregate{Input: u, Groups: keys, Aggs: append(append([]plan.Expr(nil), keys...), aggs...)}
	as := &scope{a: a, input: agg}
	var keep plan.Expr
	var rel plan.Rel = agg
	if r.Except {
		count = plan.ToAttribute(aggs[0])
		if keep, err = as.expr(ctx, unresolvedCall(">", count, one(0))); err != nil {
			return nil, err
		}
		rel = &plan.Filter{Input: agg, Cond: keep}
	} else {
		c1, c2 := plan.ToAttribute(aggs[0]), plan.ToAttribute(aggs[1])
		if keep, err = as.expr(ctx, unresolvedCall("and", unresolvedCall(">=", c1, one(1)), unresolvedCall(">=", c2, one(1)))); err != nil {
			return nil, err
		}
		f := &plan.Filter{Input: agg, Cond: keep}
		least, err := (&scope{a: a, input: f}).expr(ctx, &plan.Alias{Name: "min_count", Child: unresolvedCall("when", unresolvedCall(">", c1, c2), c2, c1)})
		if err != nil {
			return nil, err
		}
		rel = &plan.Project{Input: f, List: append(append([]plan.Expr(nil), keys...), least)}
		count = plan.ToAttribute(least)
	}
	g, err := (&scope{a: a, input: rel}).generate(ctx, &plan.Generate{Input: rel, Func: plan.ReplicateRows, Args: []plan.Expr{count}})
	if err != nil {
		return nil, err
	}
	return &plan.Project{Input: g, List: keys}, nil
}
