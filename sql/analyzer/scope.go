package analyzer

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// scope resolves expressions against the output of one input relation.
type scope struct {
	a     *Analyzer
	input plan.Rel // may be nil (no FROM)
	// extra are further inputs whose columns are visible too (the right side of a join).
	extra []plan.Rel
}

func (sc *scope) inputs() []plan.Rel {
	if sc.input == nil {
		return sc.extra
	}
	return append([]plan.Rel{sc.input}, sc.extra...)
}

func (sc *scope) inputAttrs() []*plan.Attribute {
	var out []*plan.Attribute
	for _, in := range sc.inputs() {
		out = append(out, in.Output()...)
	}
	return out
}

// planIDAttrs returns the columns of the relation tagged with plan id, if any input
// holds it.
func (sc *scope) planIDAttrs(id int64) ([]*plan.Attribute, bool) {
	for _, in := range sc.inputs() {
		if r := findPlanID(in, id); r != nil {
			return r.Output(), true
		}
	}
	return nil, false
}

// namedList resolves a select list: stars expand, unnamed expressions get Spark's names.
func (sc *scope) namedList(ctx context.Context, list []plan.Expr) ([]plan.Expr, error) {
	out := make([]plan.Expr, 0, len(list))
	for _, e := range list {
		if st, ok := e.(*plan.UnresolvedStar); ok {
			attrs, err := sc.expandStar(st)
			if err != nil {
				return nil, err
			}
			for _, at := range attrs {
				out = append(out, at)
			}
			continue
		}
		re, err := sc.expr(ctx, e)
		if err != nil {
			return nil, err
		}
		out = append(out, named(re))
	}
	return out, nil
}

// named gives an unnamed resolved expression an alias with Spark's column name.
func named(e plan.Expr) plan.Expr {
	switch e := e.(type) {
	case *plan.Attribute:
		return e
	case *plan.Alias:
		if e.ID == 0 {
			n := *e
			n.ID = plan.NewAttrID()
			return &n
		}
		return e
	case *plan.Cast:
		// A cast of a named column keeps its name, in SQL and in the DataFrame API
		// (Spark 4.2: cast(id AS STRING) and col("id").cast("string") are both "id"),
		// through nested casts too.
		inner := e.Child
		for {
			c, ok := inner.(*plan.Cast)
			if !ok {
				break
			}
			inner = c.Child
		}
		if name, ok := plan.NamedExpr(inner); ok {
			return &plan.Alias{Child: e, Name: name, ID: plan.NewAttrID()}
		}
	}
	if w, ok := e.(*plan.WindowExpr); ok {
		return &plan.Alias{Child: w, Name: prettyWindow(w), ID: plan.NewAttrID()}
	}
	return &plan.Alias{Child: e, Name: Pretty(e), ID: plan.NewAttrID()}
}

func (sc *scope) expandStar(st *plan.UnresolvedStar) ([]*plan.Attribute, error) {
	attrs := sc.inputAttrs()
	if st.PlanID >= 0 {
		if pa, ok := sc.planIDAttrs(st.PlanID); ok {
			attrs = pa
		}
	}
	if len(st.Target) == 0 {
		return attrs, nil
	}
	var out []*plan.Attribute
	for _, at := range attrs {
		if sc.qualifierMatches(at.Qualifier, st.Target) {
			out = append(out, at)
		}
	}
	if len(out) == 0 {
		return nil, sqlerr.New("CANNOT_RESOLVE_STAR_EXPAND", "targetString", quoteParts(st.Target), "columns", joinNames(attrs))
	}
	return out, nil
}

func (sc *scope) qualifierMatches(q, target []string) bool {
	if len(q) < len(target) {
		return false
	}
	q = q[len(q)-len(target):]
	for i := range target {
		if !sc.a.nameEq(q[i], target[i]) {
			return false
		}
	}
	return true
}

func joinNames(attrs []*plan.Attribute) string {
	n := make([]string, len(attrs))
	for i, a := range attrs {
		n[i] = "`" + a.Name + "`"
	}
	return strings.Join(n, ", ")
}

func findPlanID(r plan.Rel, id int64) plan.Rel {
	var found plan.Rel
	plan.Walk(r, func(n plan.Rel) bool {
		if found != nil {
			return false
		}
		if p, ok := n.(*plan.PlanID); ok && p.ID == id {
			found = p
			return false
		}
		return true
	})
	return found
}

// expr resolves one expression.
func (sc *scope) expr(ctx context.Context, e plan.Expr) (plan.Expr, error) {
	switch e := e.(type) {
	case *plan.Attribute, *plan.Literal, *plan.BoundRef, *plan.OuterRef:
		return e, nil
	case *plan.Subquery:
		return sc.subquery(ctx, e)
	case *plan.UnresolvedAttribute:
		return sc.attribute(e)
	case *plan.UnresolvedStar:
		return nil, sqlerr.New("INVALID_USAGE_OF_STAR_OR_REGEX", "elem", "'*'", "prettyName", "expression")
	case *plan.Alias:
		c, err := sc.expr(ctx, e.Child)
		if err != nil {
			return nil, err
		}
		return &plan.Alias{Child: c, Name: e.Name, ID: plan.NewAttrID(), Metadata: e.Metadata}, nil
	case *plan.Cast:
		c, err := sc.expr(ctx, e.Child)
		if err != nil {
			return nil, err
		}
		mode := e.Mode
		if mode == plan.EvalDefault {
			mode = plan.EvalLegacy
			if sc.a.opts.ANSI {
				mode = plan.EvalANSI
			}
		}
		return &plan.Cast{Child: c, To: e.To, Mode: mode, TimeZone: sc.a.opts.TimeZone, Implicit: e.Implicit}, nil
	case *plan.SortOrder:
		c, err := sc.expr(ctx, e.Child)
		if err != nil {
			return nil, err
		}
		return &plan.SortOrder{Child: c, Descending: e.Descending, NullsFirst: e.NullsFirst}, nil
	case *plan.UnresolvedFunction:
		return sc.function(ctx, e)
	case *plan.WindowExpr:
		return sc.window(ctx, e)
	case *plan.Call, *plan.AggregateCall, *plan.WindowFunc:
		return e, nil
	}
	return nil, sqlerr.Unsupported(fmt.Sprintf("expression %T", e))
}

func (sc *scope) attribute(u *plan.UnresolvedAttribute) (plan.Expr, error) {
	attrs := sc.inputAttrs()
	if u.PlanID >= 0 {
		if pa, ok := sc.planIDAttrs(u.PlanID); ok {
			attrs = pa
		}
	}
	parts := u.Parts
	var matches []*plan.Attribute
	// A qualified name first: t.col.
	if len(parts) > 1 {
		for _, at := range attrs {
			if sc.a.nameEq(at.Name, parts[len(parts)-1]) && sc.qualifierMatches(at.Qualifier, parts[:len(parts)-1]) {
				matches = append(matches, at)
			}
		}
	}
	if len(matches) == 0 && len(parts) == 1 {
		for _, at := range attrs {
			if sc.a.nameEq(at.Name, parts[0]) {
				matches = append(matches, at)
			}
		}
	}
	switch len(matches) {
	case 1:
		// A column matched case-insensitively carries the name as written, which
		// Spark uses for the output column and inside expression names.
		if written := parts[len(parts)-1]; matches[0].Name != written {
			return matches[0].WithName(written), nil
		}
		return matches[0], nil
	case 0:
		if o := sc.outerAttribute(parts); o != nil {
			return o, nil
		}
		return nil, unresolvedColumn(parts, attrs)
	}
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = quoteParts(append(append([]string(nil), m.Qualifier...), m.Name))
	}
	return nil, sqlerr.New("AMBIGUOUS_REFERENCE", "name", quoteParts(parts), "referenceNames", "["+strings.Join(names, ", ")+"]")
}

// unresolvedColumn builds Spark's UNRESOLVED_COLUMN error with suggestions ordered by
// edit distance, as Spark's StringUtils.orderSuggestedIdentifiersBySimilarity does.
func unresolvedColumn(parts []string, attrs []*plan.Attribute) error {
	name := quoteParts(parts)
	if len(attrs) == 0 {
		return sqlerr.New("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "objectName", name)
	}
	type cand struct {
		s string
		d int
	}
	target := strings.ToLower(strings.Join(parts, "."))
	cands := make([]cand, len(attrs))
	for i, a := range attrs {
		full := append(append([]string(nil), a.Qualifier...), a.Name)
		q := quoteParts(full)
		cands[i] = cand{q, levenshtein(strings.ToLower(a.Name), target)}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].d < cands[j].d })
	if len(cands) > 5 {
		cands = cands[:5]
	}
	s := make([]string, len(cands))
	for i, c := range cands {
		s[i] = c.s
	}
	return sqlerr.New("UNRESOLVED_COLUMN.WITH_SUGGESTION", "objectName", name, "proposal", strings.Join(s, ", "))
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func (sc *scope) function(ctx context.Context, f *plan.UnresolvedFunction) (plan.Expr, error) {
	switch name := strings.ToLower(f.Name); name {
	case "struct", "named_struct":
		return sc.structCall(ctx, name, f.Args)
	}
	return sc.registryCall(ctx, f)
}

// registryCall resolves a call through the function registry.
func (sc *scope) registryCall(ctx context.Context, f *plan.UnresolvedFunction) (plan.Expr, error) {
	name := strings.ToLower(f.Name)
	args := make([]plan.Expr, 0, len(f.Args))
	for _, a := range f.Args {
		if st, ok := a.(*plan.UnresolvedStar); ok && name == "count" && len(st.Target) == 0 {
			// count(*) is count(1).
			args = append(args, &plan.Literal{Type: types.Integer, Value: int32(1)})
			continue
		}
		ra, err := sc.expr(ctx, a)
		if err != nil {
			return nil, err
		}
		args = append(args, ra)
	}
	if (name == "+" || name == "-") && len(args) == 2 {
		if e, ok, err := sc.datetimeArithmetic(ctx, name, args); ok {
			return e, err
		}
	}
	args = narrowIntegralLiterals(name, args)
	reg := sc.a.opts.Functions
	argTypes := make([]types.DataType, len(args))
	for i, a := range args {
		argTypes[i] = plan.TypeOf(a)
	}
	if agg, ok := reg.Aggregate(name); ok {
		b, err := agg.Bind(argTypes, f.Distinct, sc.a.opts.ANSI)
		if err != nil {
			return nil, withSQLExpr(err, displayCall(name, nil, f.Distinct, args))
		}
		args = castArgs(args, b.ArgTypes, sc.a.opts)
		call := &plan.AggregateCall{Name: name, Args: args, Distinct: f.Distinct, Type: b.Result, Nullable: b.Nullable,
			Display: displayCall(name, nil, f.Distinct, args)}
		if f.Filter != nil {
			c, err := sc.expr(ctx, f.Filter)
			if err != nil {
				return nil, err
			}
			if t := plan.TypeOf(c); t != types.Boolean {
				return nil, sqlerr.New("INVALID_WHERE_CONDITION", "condition", quoteSQL(Pretty(c)), "expressionList", quoteSQL(Pretty(c)))
			}
			call.Filter = c
			call.Display += " FILTER (WHERE " + Pretty(c) + ")"
		}
		return call, nil
	}
	if fn, ok := reg.Scalar(name); ok {
		b, err := fn.Bind(argTypes, sc.a.opts.ANSI)
		if err != nil {
			return nil, withSQLExpr(err, displayCall(name, fn, false, args))
		}
		display := displayCall(name, fn, false, args)
		args = castArgs(args, b.ArgTypes, sc.a.opts)
		nullable := b.AlwaysNullable
		if !nullable {
			for _, a := range args {
				if plan.Nullable(a) {
					nullable = true
				}
			}
		}
		if name == "coalesce" || name == "nvl" || name == "ifnull" {
			// NULL only when every argument is.
			nullable = true
			for _, a := range args {
				if !plan.Nullable(a) {
					nullable = false
				}
			}
		}
		mode := plan.EvalLegacy
		if sc.a.opts.ANSI {
			mode = plan.EvalANSI
		}
		return &plan.Call{Name: fn.Name, Args: args, Type: b.Result, Nullable: nullable, Display: display, Mode: mode}, nil
	}
	return nil, sqlerr.New("UNRESOLVED_ROUTINE", "routineName", "`"+f.Name+"`",
		"searchPath", "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]")
}

// withSQLExpr fills the sqlExpr parameter of type errors from Bind with the call text.
func withSQLExpr(err error, sql string) error {
	if e, ok := sqlerr.As(err); ok {
		if _, has := e.Params["sqlExpr"]; has && e.Params["sqlExpr"] == "" {
			e.Params["sqlExpr"] = quoteSQL(sql)
		}
	}
	return err
}

func castArgs(args []plan.Expr, want []types.DataType, opts Options) []plan.Expr {
	if len(want) != len(args) {
		return args
	}
	var out []plan.Expr
	for i, a := range args {
		if want[i] == nil || types.Equal(plan.TypeOf(a), want[i]) {
			continue
		}
		if out == nil {
			out = append([]plan.Expr(nil), args...)
		}
		if l, ok := a.(*plan.Literal); ok {
			if c, ok := widenLiteral(l, want[i]); ok {
				out[i] = c
				continue
			}
		}
		// Implicit casts are never ANSI-failing for widening; Spark marks them as
		// ANSI casts in ANSI mode.
		mode := plan.EvalLegacy
		if opts.ANSI {
			mode = plan.EvalANSI
		}
		out[i] = &plan.Cast{Child: a, To: want[i], Mode: mode, TimeZone: opts.TimeZone, Implicit: true}
	}
	if out == nil {
		return args
	}
	return out
}

// displayDefaults are the arguments Spark shows in a column name when they were left
// out (sort_array(a) is named sort_array(a, true)), by function and argument count.
var displayDefaults = map[string]map[int][]string{
	"sort_array":        {1: {"true"}},
	"percentile_approx": {2: {"10000"}},
	"approx_percentile": {2: {"10000"}},
	"percentile":        {2: {"1"}},
	"str_to_map":        {1: {",", ":"}, 2: {":"}},
}

func displayCall(name string, fn *function.ScalarFunc, distinct bool, args []plan.Expr) string {
	if d, ok := displayDefaults[name][len(args)]; ok {
		for _, v := range d {
			args = append(args[:len(args):len(args)], &plan.Literal{Type: types.String, Value: v})
		}
	}
	// first/last name only their column, whether or not nulls are ignored (Spark 4.2).
	switch name {
	case "first", "last", "first_value", "last_value", "any_value":
		if len(args) == 2 {
			if _, ok := args[1].(*plan.Literal); ok {
				args = args[:1]
			}
		}
	}
	strs := make([]string, len(args))
	for i, a := range args {
		strs[i] = Pretty(a)
	}
	if fn != nil && fn.Display != nil {
		return fn.Display(strs)
	}
	if fn != nil && fn.Infix != "" && len(args) == 2 {
		return "(" + strs[0] + " " + fn.Infix + " " + strs[1] + ")"
	}
	d := ""
	if distinct {
		d = "DISTINCT "
	}
	return name + "(" + d + strings.Join(strs, ", ") + ")"
}

// narrowIntegralLiterals gives an integral literal next to a decimal in arithmetic the
// smallest decimal type that holds it, as Spark's DecimalPrecision does for literals
// (spark.sql.legacy.literal.pickMinimumPrecision): 4 becomes DECIMAL(1,0), so
// DECIMAL(10,2) / 4 is DECIMAL(14,6).
func narrowIntegralLiterals(name string, args []plan.Expr) []plan.Expr {
	switch name {
	case "+", "-", "*", "/", "%", "pmod", "div", "try_add", "try_subtract", "try_multiply", "try_divide":
	default:
		return args
	}
	if len(args) != 2 {
		return args
	}
	hasDecimal := false
	for _, a := range args {
		if _, ok := plan.TypeOf(a).(types.DecimalType); ok {
			hasDecimal = true
		}
	}
	if !hasDecimal {
		return args
	}
	out := append([]plan.Expr(nil), args...)
	for i, a := range args {
		l, ok := a.(*plan.Literal)
		if !ok || l.Value == nil || !types.IsIntegral(l.Type) {
			continue
		}
		var v int64
		switch x := l.Value.(type) {
		case int8:
			v = int64(x)
		case int16:
			v = int64(x)
		case int32:
			v = int64(x)
		case int64:
			v = x
		}
		digits := len(strings.TrimPrefix(fmt.Sprint(v), "-"))
		out[i] = &plan.Cast{Child: l, To: types.DecimalType{Precision: int32(digits), Scale: 0}, Mode: plan.EvalLegacy, Implicit: true}
	}
	return out
}

// widenLiteral converts a numeric literal to a wider numeric type at analysis time, so
// kernels see a constant of the right type instead of a cast evaluated per batch.
func widenLiteral(l *plan.Literal, to types.DataType) (*plan.Literal, bool) {
	var i int64
	var f float64
	isInt := true
	switch v := l.Value.(type) {
	case int8:
		i = int64(v)
	case int16:
		i = int64(v)
	case int32:
		i = int64(v)
	case int64:
		i = v
	case float32:
		f, isInt = float64(v), false
	case nil:
		return &plan.Literal{Type: to}, true
	default:
		return nil, false
	}
	switch to.(type) {
	case types.LongType:
		if isInt {
			return &plan.Literal{Type: to, Value: i}, true
		}
	case types.IntegerType:
		if isInt && i >= -1<<31 && i < 1<<31 {
			return &plan.Literal{Type: to, Value: int32(i)}, true
		}
	case types.DoubleType:
		if isInt {
			f = float64(i)
		}
		return &plan.Literal{Type: to, Value: f}, true
	}
	return nil, false
}

func isInterval(t types.DataType) bool {
	switch t.(type) {
	case types.DayTimeIntervalType, types.YearMonthIntervalType:
		return true
	}
	return false
}

// datetimeArithmetic rewrites date/timestamp ± ANSI interval as Spark's analyzer does:
// whole days onto a date are date_add(d, extractansiintervaldays(i)), months go through
// add-months semantics, and smaller units turn the date into a timestamp.
func (sc *scope) datetimeArithmetic(ctx context.Context, op string, args []plan.Expr) (plan.Expr, bool, error) {
	l, r := plan.TypeOf(args[0]), plan.TypeOf(args[1])
	if op == "+" && isInterval(l) && !isInterval(r) {
		args = []plan.Expr{args[1], args[0]}
		l, r = r, l
	}
	if !isInterval(r) || (l != types.Date && l != types.Timestamp && l != types.TimestampNTZ) {
		return nil, false, nil
	}
	call := func(name string, a ...plan.Expr) (plan.Expr, bool, error) {
		if op == "-" && name != "date_add" {
			name += "_neg"
		}
		e, err := sc.function(ctx, &plan.UnresolvedFunction{Name: name, Args: a})
		return e, true, err
	}
	switch rt := r.(type) {
	case types.YearMonthIntervalType:
		if l == types.Date {
			return call(function.DateAddMonths, args...)
		}
		return call(function.TimestampAddMonths, args...)
	case types.DayTimeIntervalType:
		if l == types.Date && rt.Start == types.IntervalDay && rt.End == types.IntervalDay {
			var days plan.Expr = &plan.UnresolvedFunction{Name: function.ExtractIntervalDays, Args: args[1:]}
			if op == "-" {
				days = &plan.UnresolvedFunction{Name: "negative", Args: []plan.Expr{days}}
			}
			return call("date_add", args[0], days)
		}
		ts := args[0]
		if l == types.Date {
			ts = &plan.Cast{Child: ts, To: types.Timestamp, Implicit: true}
		}
		return call(function.TimestampAddMicros, ts, args[1])
	}
	return nil, false, nil
}

// structCall resolves struct(...) and named_struct(name, value, ...): one struct
// constructor whose field names come from the aliases or column names of the
// arguments (col1, col2, ... otherwise), or from the literal names.
func (sc *scope) structCall(ctx context.Context, name string, args []plan.Expr) (plan.Expr, error) {
	var names []string
	var values []plan.Expr
	display := make([]string, 0, len(args))
	if name == "named_struct" {
		if len(args)%2 != 0 {
			return nil, sqlerr.New("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`named_struct`", "expectedNum", "2n (n > 0)", "actualNum", strconv.Itoa(len(args)), "docroot", "https://spark.apache.org/docs/latest")
		}
		for i := 0; i < len(args); i += 2 {
			l, ok := args[i].(*plan.Literal)
			s, isStr := l.Value.(string)
			if !ok || !isStr {
				return nil, sqlerr.New("DATATYPE_MISMATCH.CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING", "sqlExpr", `"named_struct(...)"`, "inputExprs", quoteSQL(Pretty(args[i])))
			}
			v, err := sc.expr(ctx, args[i+1])
			if err != nil {
				return nil, err
			}
			names, values = append(names, s), append(values, v)
			display = append(display, s, Pretty(v))
		}
	} else {
		for i, a := range args {
			n := "col" + strconv.Itoa(i+1)
			switch x := a.(type) {
			case *plan.Alias:
				n = x.Name
			case *plan.UnresolvedAttribute:
				n = x.Parts[len(x.Parts)-1]
			}
			v, err := sc.expr(ctx, a)
			if err != nil {
				return nil, err
			}
			display = append(display, Pretty(v))
			if al, ok := v.(*plan.Alias); ok {
				v = al.Child
			} else if at, ok := v.(*plan.Attribute); ok {
				n = at.Name
			}
			names, values = append(names, n), append(values, v)
		}
	}
	call, err := sc.registryCall(ctx, &plan.UnresolvedFunction{Name: "struct", Args: values})
	if err != nil {
		return nil, err
	}
	c := call.(*plan.Call)
	st := c.Type.(types.StructType)
	fields := make([]types.StructField, len(st.Fields))
	for i, f := range st.Fields {
		fields[i] = types.StructField{Name: names[i], Type: f.Type, Nullable: plan.Nullable(values[i])}
	}
	c.Type = types.StructType{Fields: fields}
	c.Nullable = false
	c.Display = name + "(" + strings.Join(display, ", ") + ")"
	return c, nil
}
