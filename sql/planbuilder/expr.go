package planbuilder

import (
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/ast"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// op builds a call from an operator, which Spark names "(a + b)".
func op(name string, args ...plan.Expr) plan.Expr {
	return &plan.UnresolvedFunction{Name: name, Args: args, IsOperator: true}
}

func fn(name string, args ...plan.Expr) plan.Expr {
	return &plan.UnresolvedFunction{Name: name, Args: args}
}

func not(e plan.Expr) plan.Expr { return op("not", e) }

func boolLit(v bool) plan.Expr { return &plan.Literal{Type: types.Boolean, Value: v} }

// binaryOps maps the AST's operators to the registry's function names.
var binaryOps = map[ast.BinaryOp]string{
	ast.OpMul: "*", ast.OpDiv: "/", ast.OpMod: "%", ast.OpIntDiv: "div", ast.OpAdd: "+", ast.OpSub: "-",
	ast.OpShl: "shiftleft", ast.OpShr: "shiftright", ast.OpShru: "shiftrightunsigned",
	ast.OpBitAnd: "&", ast.OpBitXor: "^", ast.OpBitOr: "|",
	ast.OpEq: "==", ast.OpNullSafe: "<=>", ast.OpLt: "<", ast.OpLe: "<=", ast.OpGt: ">", ast.OpGe: ">=",
	ast.OpAnd: "and", ast.OpOr: "or",
}

// exprs converts a list of expressions.
func (b *builder) exprs(list []ast.Expr) ([]plan.Expr, error) {
	out := make([]plan.Expr, len(list))
	for i, e := range list {
		c, err := b.expr(e)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// expr converts one expression to an unresolved plan expression.
func (b *builder) expr(e ast.Expr) (plan.Expr, error) {
	switch e := e.(type) {
	case *ast.Literal:
		return literal(e)
	case *ast.TypedLiteral:
		return b.typedLiteral(e)
	case *ast.IntervalLit:
		return intervalLiteral(e)
	case *ast.ColumnRef:
		return &plan.UnresolvedAttribute{Parts: identNames(e.Parts), PlanID: -1}, nil
	case *ast.Star:
		if len(e.Except) > 0 {
			return nil, sqlerr.Unsupported("SELECT * EXCEPT")
		}
		return &plan.UnresolvedStar{Target: identNames(e.Qualifier), PlanID: -1}, nil
	case *ast.NamedParam:
		v, ok := b.params.Named[e.Name]
		if !ok {
			return nil, sqlerr.New("UNBOUND_SQL_PARAMETER", "name", e.Name)
		}
		return v, nil
	case *ast.PositionalParam:
		if e.Index >= len(b.params.Positional) {
			return nil, sqlerr.New("UNBOUND_SQL_PARAMETER", "name", "_"+strconv.Itoa(e.Pos().Offset))
		}
		return b.params.Positional[e.Index], nil
	case *ast.Unary:
		x, err := b.expr(e.X)
		if err != nil {
			return nil, err
		}
		switch e.Op {
		case ast.OpNeg:
			if l, ok := x.(*plan.Literal); ok {
				if n, ok := negateLiteral(l); ok {
					return n, nil
				}
			}
			return fn("negative", x), nil
		case ast.OpPlus:
			return fn("positive", x), nil
		case ast.OpBitNot:
			return op("~", x), nil
		case ast.OpNot:
			return not(x), nil
		}
	case *ast.Binary:
		xs, err := b.exprs([]ast.Expr{e.L, e.R})
		if err != nil {
			return nil, err
		}
		l, r := xs[0], xs[1]
		switch e.Op {
		case ast.OpNe:
			return not(op("==", l, r)), nil
		case ast.OpConcat:
			return fn("concat", l, r), nil
		}
		if name, ok := binaryOps[e.Op]; ok {
			return op(name, l, r), nil
		}
	case *ast.Is:
		x, err := b.expr(e.X)
		if err != nil {
			return nil, err
		}
		var out plan.Expr
		switch e.Value {
		case ast.IsNull:
			if e.Not {
				return fn("isnotnull", x), nil
			}
			return fn("isnull", x), nil
		case ast.IsTrue:
			out = op("<=>", x, boolLit(true))
		case ast.IsFalse:
			out = op("<=>", x, boolLit(false))
		case ast.IsUnknown:
			out = fn("isnull", x)
		}
		if e.Not {
			out = not(out)
		}
		return out, nil
	case *ast.IsDistinctFrom:
		xs, err := b.exprs([]ast.Expr{e.L, e.R})
		if err != nil {
			return nil, err
		}
		out := op("<=>", xs[0], xs[1])
		if !e.Not {
			out = not(out)
		}
		return out, nil
	case *ast.Between:
		xs, err := b.exprs([]ast.Expr{e.X, e.Lo, e.Hi})
		if err != nil {
			return nil, err
		}
		out := op("and", op(">=", xs[0], xs[1]), op("<=", xs[0], xs[2]))
		if e.Not {
			out = not(out)
		}
		return out, nil
	case *ast.In:
		return b.in(e)
	case *ast.Like:
		return b.like(e)
	case *ast.FuncCall:
		return b.funcCall(e)
	case *ast.Cast:
		x, err := b.expr(e.X)
		if err != nil {
			return nil, err
		}
		t, err := dataType(e.Type)
		if err != nil {
			return nil, err
		}
		c := &plan.Cast{Child: x, To: t}
		if e.Try {
			c.Mode = plan.EvalTry
		}
		return c, nil
	case *ast.Case:
		return b.caseExpr(e)
	case *ast.Exists:
		q, err := b.query(e.Query)
		if err != nil {
			return nil, err
		}
		return &plan.Subquery{Kind: plan.ExistsSubquery, Plan: q}, nil
	case *ast.Subquery:
		q, err := b.query(e.Query)
		if err != nil {
			return nil, err
		}
		return &plan.Subquery{Kind: plan.ScalarSubquery, Plan: q}, nil
	case *ast.Lambda:
		return nil, sqlerr.Unsupported("lambda functions")
	case *ast.Subscript:
		x, err := b.expr(e.X)
		if err != nil {
			return nil, err
		}
		_ = x
		return nil, sqlerr.Unsupported("subscripts (a[i])")
	case *ast.FieldAccess:
		return nil, sqlerr.Unsupported("struct field access on expressions")
	case *ast.Collate:
		return nil, sqlerr.Unsupported("COLLATE")
	case *ast.Alias:
		x, err := b.expr(e.X)
		if err != nil {
			return nil, err
		}
		return &plan.Alias{Child: x, Name: e.Name.Name}, nil
	case *ast.MultiAlias:
		x, err := b.expr(e.X)
		if err != nil {
			return nil, err
		}
		return &plan.MultiAlias{Child: x, Names: identNames(e.Names)}, nil
	case *ast.Row:
		items, err := b.exprs(e.Items)
		if err != nil {
			return nil, err
		}
		return fn("struct", items...), nil
	case *ast.Struct:
		items, err := b.exprs(e.Items)
		if err != nil {
			return nil, err
		}
		return fn("struct", items...), nil
	case *ast.Extract:
		src, err := b.expr(e.Source)
		if err != nil {
			return nil, err
		}
		return extract(e.Field.Name, src)
	case *ast.Position:
		xs, err := b.exprs([]ast.Expr{e.Substr, e.Str})
		if err != nil {
			return nil, err
		}
		return fn("locate", xs...), nil
	case *ast.Substring:
		args := []ast.Expr{e.Str, e.From}
		if e.For != nil {
			args = append(args, e.For)
		}
		xs, err := b.exprs(args)
		if err != nil {
			return nil, err
		}
		return fn(strings.ToLower(e.Name), xs...), nil
	case *ast.Trim:
		return b.trim(e)
	case *ast.Overlay:
		args := []ast.Expr{e.Input, e.Replace, e.From}
		if e.For != nil {
			args = append(args, e.For)
		}
		xs, err := b.exprs(args)
		if err != nil {
			return nil, err
		}
		return fn("overlay", xs...), nil
	case *ast.DatetimeUnitCall:
		return nil, sqlerr.Unsupported(e.Name + " with a unit argument")
	case *ast.IdentifierClause:
		name, err := b.constString(e.X)
		if err != nil {
			return nil, err
		}
		return &plan.UnresolvedAttribute{Parts: splitQualified(name), PlanID: -1}, nil
	case *ast.GroupingAnalytics:
		return nil, sqlerr.Unsupported(string(e.Kind))
	case *ast.NamedArg:
		return nil, sqlerr.Unsupported("named function arguments")
	case *ast.TableArg:
		return nil, sqlerr.Unsupported("TABLE arguments")
	}
	return nil, sqlerr.Unsupported("SQL expression " + ast.Format(e))
}

func (b *builder) in(e *ast.In) (plan.Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	if e.Query != nil {
		q, err := b.query(e.Query)
		if err != nil {
			return nil, err
		}
		values := []plan.Expr{x}
		if f, ok := x.(*plan.UnresolvedFunction); ok && f.Name == "struct" {
			values = f.Args // (a, b) IN (SELECT x, y ...)
		}
		var out plan.Expr = &plan.Subquery{Kind: plan.InSubquery, Plan: q, Values: values}
		if e.Not {
			out = not(out)
		}
		return out, nil
	}
	list, err := b.exprs(e.List)
	if err != nil {
		return nil, err
	}
	var out plan.Expr = fn("in", append([]plan.Expr{x}, list...)...)
	if e.Not {
		out = not(out)
	}
	return out, nil
}

func (b *builder) like(e *ast.Like) (plan.Expr, error) {
	x, err := b.expr(e.X)
	if err != nil {
		return nil, err
	}
	name := strings.ToLower(string(e.Op))
	one := func(p ast.Expr) (plan.Expr, error) {
		pat, err := b.expr(p)
		if err != nil {
			return nil, err
		}
		args := []plan.Expr{x, pat}
		if e.Escape != nil {
			if *e.Escape != `\` {
				return nil, sqlerr.Unsupported("LIKE with an ESCAPE character other than '\\'")
			}
		}
		return fn(name, args...), nil
	}
	var out plan.Expr
	if e.Quantifier != "" {
		for _, p := range e.Patterns {
			c, err := one(p)
			if err != nil {
				return nil, err
			}
			switch {
			case out == nil:
				out = c
			case e.Quantifier == "ALL":
				out = op("and", out, c)
			default:
				out = op("or", out, c)
			}
		}
	} else if out, err = one(e.Pattern); err != nil {
		return nil, err
	}
	if e.Not {
		out = not(out)
	}
	return out, nil
}

func (b *builder) funcCall(e *ast.FuncCall) (plan.Expr, error) {
	if len(e.Name.Parts) != 1 {
		return nil, sqlerr.Unsupported("qualified function name " + ast.Format(e.Name))
	}
	name := strings.ToLower(e.Name.Parts[0].Name)
	if len(e.WithinGroup) > 0 {
		return nil, sqlerr.Unsupported("WITHIN GROUP")
	}
	var filter plan.Expr
	if e.Filter != nil {
		f, err := b.expr(e.Filter)
		if err != nil {
			return nil, err
		}
		filter = f
	}
	var args []plan.Expr
	if len(e.Args) == 1 {
		if s, ok := e.Args[0].(*ast.Star); ok && len(s.Qualifier) == 0 && len(s.Except) == 0 && name == "count" {
			args = []plan.Expr{&plan.UnresolvedStar{PlanID: -1}}
		}
	}
	if args == nil {
		var err error
		if args, err = b.exprs(e.Args); err != nil {
			return nil, err
		}
	}
	if e.Nulls == "IGNORE" {
		switch name {
		case "first", "last", "first_value", "last_value", "any_value":
			args = append(args, boolLit(true))
		default:
			return nil, sqlerr.Unsupported("IGNORE NULLS for " + name)
		}
	}
	var out plan.Expr = &plan.UnresolvedFunction{Name: name, Args: args, Distinct: e.Quantifier == ast.QuantDistinct, Filter: filter}
	if e.Over != nil {
		return b.window(out, e.Over)
	}
	return out, nil
}

func (b *builder) caseExpr(e *ast.Case) (plan.Expr, error) {
	var subject plan.Expr
	if e.Operand != nil {
		s, err := b.expr(e.Operand)
		if err != nil {
			return nil, err
		}
		subject = s
	}
	var args []plan.Expr
	for _, w := range e.Whens {
		c, err := b.expr(w.Cond)
		if err != nil {
			return nil, err
		}
		if subject != nil {
			c = op("==", subject, c)
		}
		v, err := b.expr(w.Result)
		if err != nil {
			return nil, err
		}
		args = append(args, c, v)
	}
	if e.Else != nil {
		v, err := b.expr(e.Else)
		if err != nil {
			return nil, err
		}
		args = append(args, v)
	}
	return fn("when", args...), nil
}

func (b *builder) trim(e *ast.Trim) (plan.Expr, error) {
	src, err := b.expr(e.Src)
	if err != nil {
		return nil, err
	}
	name := map[string]string{"": "trim", "BOTH": "trim", "LEADING": "ltrim", "TRAILING": "rtrim"}[e.Option]
	if e.Chars == nil {
		return fn(name, src), nil
	}
	chars, err := b.expr(e.Chars)
	if err != nil {
		return nil, err
	}
	return fn(name, src, chars), nil
}

// extract maps EXTRACT(field FROM x) to the function Spark uses for the field.
func extract(field string, src plan.Expr) (plan.Expr, error) {
	name, ok := map[string]string{
		"YEAR": "year", "Y": "year", "YEARS": "year", "YR": "year", "YRS": "year",
		"QUARTER": "quarter", "QTR": "quarter",
		"MONTH": "month", "MON": "month", "MONS": "month", "MONTHS": "month",
		"DAY": "day", "D": "day", "DAYS": "day",
		"DAYOFWEEK": "dayofweek", "DOW": "dayofweek",
		"DOY":  "dayofyear",
		"HOUR": "hour", "H": "hour", "HOURS": "hour", "HR": "hour", "HRS": "hour",
		"MINUTE": "minute", "M": "minute", "MIN": "minute", "MINS": "minute", "MINUTES": "minute",
	}[strings.ToUpper(field)]
	if !ok {
		return nil, sqlerr.Unsupported("EXTRACT(" + field + " FROM ...)")
	}
	return fn(name, src), nil
}

// window attaches an OVER clause to a function call.
func (b *builder) window(f plan.Expr, spec *ast.WindowSpec) (plan.Expr, error) {
	if spec.Ref != nil {
		named, ok := b.lookupWindow(spec.Ref.Name)
		if !ok {
			return nil, sqlerr.New("MISSING_WINDOW_SPECIFICATION", "windowName", spec.Ref.Name, "docroot", "https://spark.apache.org/docs/latest")
		}
		spec = named
	}
	w := &plan.WindowExpr{Func: f}
	var err error
	if w.Partition, err = b.exprs(spec.PartitionBy); err != nil {
		return nil, err
	}
	if w.Order, err = b.sortOrders(spec.OrderBy); err != nil {
		return nil, err
	}
	if fr := spec.Frame; fr != nil {
		pf := &plan.WindowFrame{Rows: fr.Type == "ROWS"}
		if pf.Lower, err = b.frameBound(fr.Start); err != nil {
			return nil, err
		}
		pf.Upper = plan.FrameBound{Kind: plan.CurrentRowBound}
		if fr.End != nil {
			if pf.Upper, err = b.frameBound(fr.End); err != nil {
				return nil, err
			}
		}
		w.Frame = pf
	}
	return w, nil
}

func (b *builder) frameBound(fb *ast.FrameBound) (plan.FrameBound, error) {
	switch fb.Kind {
	case ast.UnboundedPreceding, ast.UnboundedFollowing:
		return plan.FrameBound{Kind: plan.UnboundedBound}, nil
	case ast.CurrentRow:
		return plan.FrameBound{Kind: plan.CurrentRowBound}, nil
	}
	n, err := b.constInt(fb.Offset)
	if err != nil {
		return plan.FrameBound{}, err
	}
	if fb.Kind == ast.Preceding {
		n = -n
	}
	return plan.FrameBound{Kind: plan.OffsetBound, Offset: n}, nil
}

func (b *builder) sortOrders(items []*ast.SortItem) ([]*plan.SortOrder, error) {
	out := make([]*plan.SortOrder, len(items))
	for i, it := range items {
		x, err := b.expr(it.X)
		if err != nil {
			return nil, err
		}
		out[i] = sortOrder(x, it)
	}
	return out, nil
}

// sortOrder applies Spark's defaults: ascending puts NULLs first, descending last.
func sortOrder(x plan.Expr, it *ast.SortItem) *plan.SortOrder {
	o := &plan.SortOrder{Child: x, Descending: it.Desc, NullsFirst: !it.Desc}
	switch it.Nulls {
	case "FIRST":
		o.NullsFirst = true
	case "LAST":
		o.NullsFirst = false
	}
	return o
}

// constInt evaluates an integer constant (a literal, possibly negated).
func (b *builder) constInt(e ast.Expr) (int64, error) {
	x, err := b.expr(e)
	if err != nil {
		return 0, err
	}
	if l, ok := x.(*plan.Literal); ok {
		switch v := l.Value.(type) {
		case int8:
			return int64(v), nil
		case int16:
			return int64(v), nil
		case int32:
			return int64(v), nil
		case int64:
			return v, nil
		}
	}
	return 0, sqlerr.Unsupported("non-literal integer argument " + ast.Format(e))
}

// constString evaluates a string constant (a literal or a bound parameter).
func (b *builder) constString(e ast.Expr) (string, error) {
	x, err := b.expr(e)
	if err != nil {
		return "", err
	}
	if l, ok := x.(*plan.Literal); ok {
		if s, ok := l.Value.(string); ok {
			return s, nil
		}
	}
	return "", sqlerr.Unsupported("non-literal string argument " + ast.Format(e))
}

func identNames(ids []*ast.Ident) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.Name
	}
	return out
}

// splitQualified splits a dotted name, honouring backquotes.
func splitQualified(s string) []string {
	var parts []string
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '`' && quoted && i+1 < len(s) && s[i+1] == '`':
			cur.WriteByte('`')
			i++
		case c == '`':
			quoted = !quoted
		case c == '.' && !quoted:
			parts = append(parts, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	return append(parts, cur.String())
}

// literal types a literal as Spark's parser does (the parser has checked ranges).
func literal(l *ast.Literal) (plan.Expr, error) {
	v := l.Value
	switch l.Kind {
	case ast.NullLit:
		return &plan.Literal{Type: types.Null}, nil
	case ast.BoolLit:
		return boolLit(strings.EqualFold(v, "true")), nil
	case ast.StringLit:
		return &plan.Literal{Type: types.String, Value: v}, nil
	case ast.TinyIntLit:
		n, err := strconv.ParseInt(v, 10, 8)
		return &plan.Literal{Type: types.Byte, Value: int8(n)}, err
	case ast.SmallIntLit:
		n, err := strconv.ParseInt(v, 10, 16)
		return &plan.Literal{Type: types.Short, Value: int16(n)}, err
	case ast.IntLit:
		n, err := strconv.ParseInt(v, 10, 32)
		return &plan.Literal{Type: types.Integer, Value: int32(n)}, err
	case ast.BigIntLit:
		n, err := strconv.ParseInt(v, 10, 64)
		return &plan.Literal{Type: types.Long, Value: n}, err
	case ast.DoubleLit:
		f, err := strconv.ParseFloat(v, 64)
		return &plan.Literal{Type: types.Double, Value: f}, err
	case ast.FloatLit:
		f, err := strconv.ParseFloat(v, 32)
		return &plan.Literal{Type: types.Float, Value: float32(f)}, err
	case ast.DecimalLit:
		return decimalLiteral(v)
	}
	return nil, sqlerr.Unsupported("literal " + l.Raw)
}

// decimalLiteral types a decimal literal: precision is the number of digits (at least
// the scale), scale the digits after the point; an exponent shifts the scale.
func decimalLiteral(s string) (plan.Expr, error) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil {
			return nil, err
		}
		exp, s = e, s[:i]
	}
	digits := strings.Replace(s, ".", "", 1)
	scale := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		scale = len(s) - i - 1
	}
	scale -= exp
	if scale < 0 {
		digits += strings.Repeat("0", -scale)
		scale = 0
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		digits = "0"
	}
	prec := max(len(digits), scale)
	if digits == "0" {
		prec = max(1, scale)
	}
	if prec > 38 {
		return nil, sqlerr.New("DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", "precision", strconv.Itoa(prec), "maxPrecision", "38")
	}
	bi, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return nil, sqlerr.Unsupported("decimal literal " + s)
	}
	if neg {
		bi.Neg(bi)
	}
	return &plan.Literal{Type: types.DecimalType{Precision: int32(prec), Scale: int32(scale)}, Value: decimal128.FromBigInt(bi)}, nil
}

// negateLiteral folds -literal so that -1 is the int literal -1 as in Spark.
func negateLiteral(l *plan.Literal) (*plan.Literal, bool) {
	switch v := l.Value.(type) {
	case int8:
		if v != math.MinInt8 {
			return &plan.Literal{Type: l.Type, Value: -v}, true
		}
	case int16:
		if v != math.MinInt16 {
			return &plan.Literal{Type: l.Type, Value: -v}, true
		}
	case int32:
		if v != math.MinInt32 {
			return &plan.Literal{Type: l.Type, Value: -v}, true
		}
	case int64:
		if v != math.MinInt64 {
			return &plan.Literal{Type: l.Type, Value: -v}, true
		}
	case float32:
		return &plan.Literal{Type: l.Type, Value: -v}, true
	case float64:
		return &plan.Literal{Type: l.Type, Value: -v}, true
	case decimal128.Num:
		return &plan.Literal{Type: l.Type, Value: v.Negate()}, true
	}
	return nil, false
}

func invalidTyped(kind, value string) error {
	return sqlerr.New("INVALID_TYPED_LITERAL", "valueType", `"`+kind+`"`, "value", "'"+value+"'")
}

func (b *builder) typedLiteral(l *ast.TypedLiteral) (plan.Expr, error) {
	v := strings.TrimSpace(l.Value)
	switch l.Type {
	case "X":
		raw, err := hex.DecodeString(l.Value)
		if err != nil {
			return nil, invalidTyped("X", l.Value)
		}
		return &plan.Literal{Type: types.Binary, Value: raw}, nil
	case "DATE":
		d, ok := parseDate(v)
		if !ok {
			return nil, invalidTyped("DATE", l.Value)
		}
		return &plan.Literal{Type: types.Date, Value: d}, nil
	case "TIMESTAMP_NTZ":
		t, ok := parseTimestamp(v, time.UTC)
		if !ok {
			return nil, invalidTyped("TIMESTAMP_NTZ", l.Value)
		}
		return &plan.Literal{Type: types.TimestampNTZ, Value: t, Text: "TIMESTAMP_NTZ '" + function.FormatTimestamp(t, time.UTC) + "'"}, nil
	case "TIMESTAMP", "TIMESTAMP_LTZ":
		loc := time.UTC
		if b.params.TimeZone != "" {
			if z, err := time.LoadLocation(b.params.TimeZone); err == nil {
				loc = z
			}
		}
		t, ok := parseTimestamp(v, loc)
		if !ok {
			return nil, invalidTyped(l.Type, l.Value)
		}
		return &plan.Literal{Type: types.Timestamp, Value: t, Text: "TIMESTAMP '" + function.FormatTimestamp(t, loc) + "'"}, nil
	}
	return nil, sqlerr.Unsupported(l.Type + " literals")
}

// parseDate reads yyyy[-[m]m[-[d]d]] with an optional trailing time part, as Spark's
// stringToDate accepts it.
func parseDate(s string) (int32, bool) {
	if i := strings.IndexAny(s, " T"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) < 4 {
		return 0, false
	}
	nums := []int{1, 1, 1}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (i > 0 && len(p) > 2) {
			return 0, false
		}
		nums[i] = n
	}
	t := time.Date(nums[0], time.Month(nums[1]), nums[2], 0, 0, 0, 0, time.UTC)
	if t.Month() != time.Month(nums[1]) || t.Day() != nums[2] {
		return 0, false
	}
	return int32(t.Unix() / 86400), true
}

// parseTimestamp reads the common forms of Spark's stringToTimestamp: a date, then an
// optional time with fractional seconds and an optional zone.
func parseTimestamp(s string, loc *time.Location) (int64, bool) {
	layouts := []string{
		"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999Z07:00",
		"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02",
	}
	for _, lay := range layouts {
		if t, err := time.ParseInLocation(lay, s, loc); err == nil {
			return t.UnixMicro(), true
		}
	}
	return 0, false
}

// intervalUnits maps interval unit words to (year-month?, field, multiplier in months or
// microseconds).
var intervalUnits = map[string]struct {
	yearMonth bool
	field     byte
	mult      int64
}{
	"YEAR": {true, types.IntervalYear, 12}, "MONTH": {true, types.IntervalMonth, 1},
	"WEEK": {false, types.IntervalDay, 7 * 86400e6}, "DAY": {false, types.IntervalDay, 86400e6},
	"HOUR": {false, types.IntervalHour, 3600e6}, "MINUTE": {false, types.IntervalMinute, 60e6},
	"SECOND": {false, types.IntervalSecond, 1e6}, "MILLISECOND": {false, types.IntervalSecond, 1e3},
	"MICROSECOND": {false, types.IntervalSecond, 1},
}

// intervalLiteral builds an ANSI interval literal from INTERVAL n UNIT [n UNIT ...]:
// year-month intervals count months, day-time intervals microseconds.
func intervalLiteral(l *ast.IntervalLit) (plan.Expr, error) {
	if l.To != "" {
		return unitToUnitInterval(l)
	}
	var total big.Rat
	var ym, dt bool
	var start, end byte = 255, 0
	for _, p := range l.Parts {
		u, ok := intervalUnits[strings.TrimSuffix(p.Unit, "S")]
		if !ok {
			return nil, sqlerr.Unsupported("interval unit " + p.Unit)
		}
		ym = ym || u.yearMonth
		dt = dt || !u.yearMonth
		start, end = min(start, u.field), max(end, u.field)
		var v big.Rat
		if _, ok := v.SetString(strings.TrimSpace(p.Value)); !ok {
			return nil, sqlerr.New("INVALID_TYPED_LITERAL", "valueType", `"INTERVAL"`, "value", "'"+p.Value+"'")
		}
		if p.Sign == "-" {
			v.Neg(&v)
		}
		v.Mul(&v, new(big.Rat).SetInt64(u.mult))
		total.Add(&total, &v)
	}
	if ym && dt {
		return nil, sqlerr.Unsupported("intervals mixing year-month and day-time units")
	}
	if !total.IsInt() {
		return nil, sqlerr.Unsupported("fractional interval values")
	}
	n := total.Num()
	if !n.IsInt64() {
		return nil, sqlerr.New("ARITHMETIC_OVERFLOW", "message", "interval overflow", "alternative", "", "config", `"spark.sql.ansi.enabled"`)
	}
	if ym {
		return &plan.Literal{Type: types.YearMonthIntervalType{Start: start, End: end}, Value: int32(n.Int64())}, nil
	}
	return &plan.Literal{Type: types.DayTimeIntervalType{Start: start, End: end}, Value: n.Int64()}, nil
}

// dataType converts a type as written to a Spark type.
func dataType(t ast.DataType) (types.DataType, error) {
	switch t := t.(type) {
	case *ast.PrimitiveType:
		name := strings.ToLower(t.Name)
		switch name {
		case "varchar", "char", "character":
			return types.String, nil
		}
		if len(t.Params) > 0 {
			ps := make([]string, len(t.Params))
			for i, p := range t.Params {
				ps[i] = strconv.Itoa(p)
			}
			name += "(" + strings.Join(ps, ",") + ")"
		}
		if dt, ok := types.ParseSimple(name); ok {
			return dt, nil
		}
		return nil, sqlerr.New("UNSUPPORTED_DATATYPE", "typeName", `"`+strings.ToUpper(name)+`"`)
	case *ast.ArrayType:
		e, err := dataType(t.Elem)
		if err != nil {
			return nil, err
		}
		return types.ArrayType{Elem: e, ContainsNull: true}, nil
	case *ast.MapType:
		k, err := dataType(t.Key)
		if err != nil {
			return nil, err
		}
		v, err := dataType(t.Value)
		if err != nil {
			return nil, err
		}
		return types.MapType{Key: k, Value: v, ValueContainsNull: true}, nil
	case *ast.StructType:
		fields := make([]types.StructField, len(t.Fields))
		for i, f := range t.Fields {
			ft, err := dataType(f.Type)
			if err != nil {
				return nil, err
			}
			fields[i] = types.StructField{Name: f.Name.Name, Type: ft, Nullable: !f.NotNull}
		}
		return types.StructType{Fields: fields}, nil
	case *ast.IntervalType:
		if t.From == "" {
			return types.CalendarIntervalType{}, nil
		}
		from, ok := intervalUnits[t.From]
		if !ok {
			return nil, sqlerr.Unsupported("interval type " + t.From)
		}
		to := from
		if t.To != "" {
			if to, ok = intervalUnits[t.To]; !ok {
				return nil, sqlerr.Unsupported("interval type " + t.To)
			}
		}
		if from.yearMonth {
			return types.YearMonthIntervalType{Start: from.field, End: to.field}, nil
		}
		return types.DayTimeIntervalType{Start: from.field, End: to.field}, nil
	}
	return nil, sqlerr.Unsupported("data type " + ast.Format(t))
}

// unitToUnitInterval reads INTERVAL 'text' FROM TO TO: 'y-m' for YEAR TO MONTH, and
// 'd h:m:s.f' trimmed to the fields between FROM and TO for day-time intervals.
func unitToUnitInterval(l *ast.IntervalLit) (plan.Expr, error) {
	p := l.Parts[0]
	from, ok1 := intervalUnits[strings.TrimSuffix(p.Unit, "S")]
	to, ok2 := intervalUnits[strings.TrimSuffix(l.To, "S")]
	bad := invalidTyped("INTERVAL", p.Value)
	if !ok1 || !ok2 || from.yearMonth != to.yearMonth || from.field > to.field {
		return nil, bad
	}
	text := strings.TrimSpace(p.Value)
	neg := p.Sign == "-"
	if strings.HasPrefix(text, "-") {
		neg, text = !neg, text[1:]
	} else {
		text = strings.TrimPrefix(text, "+")
	}
	sign := int64(1)
	if neg {
		sign = -1
	}
	if from.yearMonth {
		y, m, ok := strings.Cut(text, "-")
		yi, err1 := strconv.ParseInt(y, 10, 32)
		mi, err2 := strconv.ParseInt(m, 10, 32)
		if !ok || err1 != nil || err2 != nil || mi > 11 {
			return nil, bad
		}
		return &plan.Literal{Type: types.YearMonthIntervalType{Start: from.field, End: to.field}, Value: int32(sign * (yi*12 + mi))}, nil
	}
	// Split "d h:m:s.f" into the fields from..to.
	var fields []string
	if from.field == types.IntervalDay {
		d, rest, hasRest := strings.Cut(text, " ")
		fields = append(fields, d)
		if hasRest {
			fields = append(fields, strings.Split(rest, ":")...)
		}
	} else {
		fields = strings.Split(text, ":")
	}
	if len(fields) != int(to.field-from.field)+1 {
		return nil, bad
	}
	units := [...]int64{86400e6, 3600e6, 60e6, 1e6}
	var total int64
	for i, f := range fields {
		field := from.field + byte(i)
		if field == types.IntervalSecond {
			var r big.Rat
			if _, ok := r.SetString(f); !ok {
				return nil, bad
			}
			r.Mul(&r, big.NewRat(1e6, 1))
			if !r.IsInt() {
				return nil, bad
			}
			total += r.Num().Int64()
			continue
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return nil, bad
		}
		total += n * units[field]
	}
	return &plan.Literal{Type: types.DayTimeIntervalType{Start: from.field, End: to.field}, Value: sign * total}, nil
}
