package planbuilder

import (
	"encoding/hex"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/decimal128"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
)

// Params are the values of named (:name) and positional (?) parameters of a statement.
type Params struct {
	Named      map[string]plan.Expr
	Positional []plan.Expr
}

// Query parses sql, which must be a query, and returns its unresolved plan. Syntax
// errors are *sqlerr.Error of class PARSE_SYNTAX_ERROR with Spark's position context.
func Query(sql string, params Params) (plan.Rel, error) {
	p, err := newParser(sql, params)
	if err != nil {
		return nil, err
	}
	if p.peek().kind == tEOF || (p.peek().kind == tOp && p.peek().text == ";" && p.toks[p.i+1].kind == tEOF) {
		return nil, sqlerr.New("PARSE_EMPTY_STATEMENT")
	}
	rel, err := p.query()
	if err != nil {
		return nil, err
	}
	p.accept(";")
	if p.peek().kind != tEOF {
		return nil, p.errorAt(p.peek(), "")
	}
	return rel, nil
}

// Expr parses a SQL expression (selectExpr, expr(...)) into an unresolved expression.
func Expr(sql string) (plan.Expr, error) {
	p, err := newParser(sql, Params{})
	if err != nil {
		return nil, err
	}
	e, err := p.namedExpr()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tEOF {
		return nil, p.errorAt(p.peek(), "")
	}
	return e, nil
}

type parser struct {
	src    string
	toks   []token
	i      int
	params Params
	posArg int
	// ctes are the common table expressions in scope, innermost last.
	ctes []map[string]plan.Rel
}

func newParser(sql string, params Params) (*parser, error) {
	toks, err := lex(sql)
	if err != nil {
		return nil, err
	}
	return &parser{src: sql, toks: toks, params: params}, nil
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) peekAt(n int) token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return p.toks[len(p.toks)-1]
}
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

// accept consumes an operator or keyword if it is next.
func (p *parser) accept(s string) bool {
	t := p.peek()
	if (t.kind == tOp && t.text == s) || t.is(s) {
		p.i++
		return true
	}
	return false
}

func (p *parser) expect(s string) error {
	if !p.accept(s) {
		return p.errorAt(p.peek(), "")
	}
	return nil
}

func (p *parser) errorAt(t token, hint string) error {
	near := t.text
	switch t.kind {
	case tString:
		near = "'" + t.text + "'"
	case tQuoted:
		near = "`" + t.text + "`"
	case tParam:
		near = ":" + t.text
	}
	return syntaxError(p.src, t.pos, near, hint)
}

// reserved words cannot be aliases without AS (Spark's default, non-ANSI keywords are
// mostly usable as identifiers; these end clauses).
var reserved = map[string]bool{
	"select": true, "from": true, "where": true, "group": true, "having": true, "order": true,
	"limit": true, "offset": true, "union": true, "intersect": true, "except": true, "minus": true,
	"join": true, "inner": true, "left": true, "right": true, "full": true, "cross": true, "on": true,
	"and": true, "or": true, "not": true, "as": true, "by": true, "is": true, "in": true, "between": true,
	"like": true, "rlike": true, "case": true, "when": true, "then": true, "else": true, "end": true,
	"distinct": true, "all": true, "null": true, "true": true, "false": true, "natural": true,
	"using": true, "window": true, "sort": true, "cluster": true, "distribute": true, "lateral": true,
	"qualify": true, "anti": true, "semi": true,
}

func (p *parser) ident() (string, bool) {
	t := p.peek()
	if t.kind == tQuoted || (t.kind == tIdent && !reserved[strings.ToLower(t.text)]) {
		p.i++
		return t.text, true
	}
	return "", false
}

// query := select [ORDER BY ...] [LIMIT n] [OFFSET n]
func (p *parser) query() (plan.Rel, error) {
	if p.peek().is("WITH") {
		p.next()
		if p.peek().is("RECURSIVE") {
			return nil, sqlerr.Unsupported("WITH RECURSIVE")
		}
		scope := map[string]plan.Rel{}
		p.ctes = append(p.ctes, scope)
		defer func() { p.ctes = p.ctes[:len(p.ctes)-1] }()
		for {
			name, ok := p.ident()
			if !ok {
				return nil, p.errorAt(p.peek(), "")
			}
			var cols []string
			if p.accept("(") {
				for {
					c, ok := p.ident()
					if !ok {
						return nil, p.errorAt(p.peek(), "")
					}
					cols = append(cols, c)
					if p.accept(")") {
						break
					}
					if err := p.expect(","); err != nil {
						return nil, err
					}
				}
			}
			if err := p.expect("AS"); err != nil {
				return nil, err
			}
			if err := p.expect("("); err != nil {
				return nil, err
			}
			q, err := p.query()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			if len(cols) > 0 {
				q = &plan.ToDF{Input: q, Names: cols}
			}
			scope[strings.ToLower(name)] = q
			if !p.accept(",") {
				break
			}
		}
	}
	if !p.peek().is("SELECT") && !p.peek().is("VALUES") && !(p.peek().kind == tOp && p.peek().text == "(") {
		if p.peek().is("TABLE") {
			return nil, sqlerr.Unsupported("SQL TABLE queries")
		}
		return nil, p.errorAt(p.peek(), "")
	}
	rel, err := p.setExpr()
	if err != nil {
		return nil, err
	}
	if p.accept("ORDER") {
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		orders, err := p.orderList()
		if err != nil {
			return nil, err
		}
		rel = &plan.Sort{Input: rel, Orders: orders, Global: true}
	}
	if p.accept("LIMIT") {
		if p.accept("ALL") {
			// LIMIT ALL is no limit.
		} else {
			n, err := p.intValue()
			if err != nil {
				return nil, err
			}
			rel = &plan.Limit{Input: rel, N: n}
		}
	}
	if p.accept("OFFSET") {
		n, err := p.intValue()
		if err != nil {
			return nil, err
		}
		// OFFSET applies before LIMIT in Spark.
		if l, ok := rel.(*plan.Limit); ok {
			rel = &plan.Limit{Input: &plan.Offset{Input: l.Input, N: n}, N: l.N}
		} else {
			rel = &plan.Offset{Input: rel, N: n}
		}
	}
	return rel, nil
}

// setExpr := intersectTerm { (UNION | EXCEPT | MINUS) [ALL | DISTINCT] intersectTerm }
func (p *parser) setExpr() (plan.Rel, error) {
	left, err := p.intersectTerm()
	if err != nil {
		return nil, err
	}
	for {
		var op string
		switch {
		case p.accept("UNION"):
			op = "union"
		case p.accept("EXCEPT"), p.accept("MINUS"):
			op = "except"
		default:
			return left, nil
		}
		all := p.accept("ALL")
		if !all {
			p.accept("DISTINCT")
		}
		right, err := p.intersectTerm()
		if err != nil {
			return nil, err
		}
		if left, err = setOperation(op, all, left, right); err != nil {
			return nil, err
		}
	}
}

// intersectTerm := queryPrimary { INTERSECT [ALL | DISTINCT] queryPrimary }
func (p *parser) intersectTerm() (plan.Rel, error) {
	left, err := p.queryPrimary()
	if err != nil {
		return nil, err
	}
	for p.accept("INTERSECT") {
		all := p.accept("ALL")
		if !all {
			p.accept("DISTINCT")
		}
		right, err := p.queryPrimary()
		if err != nil {
			return nil, err
		}
		if left, err = setOperation("intersect", all, left, right); err != nil {
			return nil, err
		}
	}
	return left, nil
}

func (p *parser) queryPrimary() (plan.Rel, error) {
	if p.peek().is("VALUES") {
		return p.values()
	}
	if p.accept("(") {
		q, err := p.query()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return q, nil
	}
	return p.selectCore()
}

// values := VALUES row {, row}, row := '(' expr {, expr} ')' | expr. Columns are named
// col1, col2, ... as in Spark; the rows are unioned (widening types).
func (p *parser) values() (plan.Rel, error) {
	p.next()
	var rows []plan.Rel
	width := -1
	for {
		var exprs []plan.Expr
		if p.accept("(") {
			args, err := p.args()
			if err != nil {
				return nil, err
			}
			exprs = args
		} else {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			exprs = []plan.Expr{e}
		}
		if width >= 0 && len(exprs) != width {
			return nil, sqlerr.New("INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH", "expectedNumCols", strconv.Itoa(width),
				"actualNumCols", strconv.Itoa(len(exprs)), "rowIndex", strconv.Itoa(len(rows)))
		}
		width = len(exprs)
		list := make([]plan.Expr, len(exprs))
		for i, e := range exprs {
			list[i] = &plan.Alias{Child: e, Name: "col" + strconv.Itoa(i+1)}
		}
		rows = append(rows, &plan.Project{Input: &plan.OneRow{}, List: list})
		if !p.accept(",") {
			break
		}
	}
	if len(rows) == 1 {
		return rows[0], nil
	}
	return &plan.Union{Inputs: rows}, nil
}

func (p *parser) cte(parts []string) (plan.Rel, bool) {
	if len(parts) != 1 {
		return nil, false
	}
	for i := len(p.ctes) - 1; i >= 0; i-- {
		if r, ok := p.ctes[i][strings.ToLower(parts[0])]; ok {
			return r, true
		}
	}
	return nil, false
}

func setOperation(op string, all bool, left, right plan.Rel) (plan.Rel, error) {
	switch op {
	case "union":
		var r plan.Rel = &plan.Union{Inputs: []plan.Rel{left, right}}
		if !all {
			r = &plan.Distinct{Input: r}
		}
		return r, nil
	case "intersect", "except":
		if all {
			return nil, sqlerr.Unsupported(strings.ToUpper(op) + " ALL")
		}
		t := plan.LeftSemiJoin
		if op == "except" {
			t = plan.LeftAntiJoin
		}
		return &plan.Distinct{Input: &plan.Join{Left: left, Right: right, Type: t, AllColumns: true}}, nil
	}
	return nil, sqlerr.Unsupported(op)
}

func (p *parser) intValue() (int64, error) {
	t := p.next()
	if t.kind != tNumber {
		return 0, p.errorAt(t, "")
	}
	n, err := strconv.ParseInt(strings.TrimRight(t.text, "lL"), 10, 64)
	if err != nil {
		return 0, p.errorAt(t, "")
	}
	return n, nil
}

func (p *parser) selectCore() (plan.Rel, error) {
	if err := p.expect("SELECT"); err != nil {
		return nil, err
	}
	distinct := false
	if p.accept("DISTINCT") {
		distinct = true
	} else {
		p.accept("ALL")
	}
	var items []plan.Expr
	for {
		e, err := p.namedExpr()
		if err != nil {
			return nil, err
		}
		items = append(items, e)
		if !p.accept(",") {
			break
		}
	}
	var from plan.Rel = &plan.OneRow{}
	if p.accept("FROM") {
		r, err := p.joinedRelation()
		if err != nil {
			return nil, err
		}
		from = r
	}
	if p.accept("WHERE") {
		c, err := p.expr()
		if err != nil {
			return nil, err
		}
		from = &plan.Filter{Input: from, Cond: c}
	}
	var rel plan.Rel
	if p.accept("GROUP") {
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		var groups []plan.Expr
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			// GROUP BY ordinal refers to a select item.
			if l, ok := e.(*plan.Literal); ok && l.Type == types.Integer {
				i := int(l.Value.(int32))
				if i < 1 || i > len(items) {
					return nil, sqlerr.New("GROUP_BY_POS_OUT_OF_RANGE", "index", strconv.Itoa(i), "size", strconv.Itoa(len(items)))
				}
				e = stripAlias(items[i-1])
			}
			groups = append(groups, e)
			if !p.accept(",") {
				break
			}
		}
		rel = &plan.Aggregate{Input: from, Groups: groups, Aggs: items}
	} else if hasAggregate(items) {
		rel = &plan.Aggregate{Input: from, Aggs: items}
	} else {
		rel = &plan.Project{Input: from, List: items}
	}
	if p.accept("HAVING") {
		cond, err := p.expr()
		if err != nil {
			return nil, err
		}
		rel, err = having(rel, from, items, cond)
		if err != nil {
			return nil, err
		}
	}
	if distinct {
		rel = &plan.Distinct{Input: rel}
	}
	return rel, nil
}

// having filters an aggregation: aggregate calls in the condition become hidden
// aggregate columns, the filter runs on them, and a projection drops them again.
func having(rel, from plan.Rel, items []plan.Expr, cond plan.Expr) (plan.Rel, error) {
	agg, ok := rel.(*plan.Aggregate)
	if !ok {
		agg = &plan.Aggregate{Input: from, Aggs: items}
	}
	var hidden []plan.Expr
	var rewrite func(e plan.Expr) plan.Expr
	rewrite = func(e plan.Expr) plan.Expr {
		if f, ok := e.(*plan.UnresolvedFunction); ok && aggregates[strings.ToLower(f.Name)] {
			name := "__having_" + strconv.Itoa(len(hidden))
			hidden = append(hidden, &plan.Alias{Child: f, Name: name})
			return &plan.UnresolvedAttribute{Parts: []string{name}, PlanID: -1}
		}
		kids := e.Children()
		if len(kids) == 0 {
			return e
		}
		nk := make([]plan.Expr, len(kids))
		for i, k := range kids {
			nk[i] = rewrite(k)
		}
		return e.WithChildren(nk...)
	}
	cond = rewrite(cond)
	if len(hidden) == 0 {
		return &plan.Filter{Input: agg, Cond: cond}, nil
	}
	// Name every select item so the outer projection can refer to it.
	named := make([]plan.Expr, len(items))
	outer := make([]plan.Expr, len(items))
	for i, it := range items {
		if a, ok := it.(*plan.Alias); ok {
			named[i] = a
			outer[i] = &plan.UnresolvedAttribute{Parts: []string{a.Name}, PlanID: -1}
			continue
		}
		if at, ok := it.(*plan.UnresolvedAttribute); ok {
			named[i] = at
			outer[i] = &plan.UnresolvedAttribute{Parts: at.Parts[len(at.Parts)-1:], PlanID: -1}
			continue
		}
		return nil, sqlerr.Unsupported("HAVING with unaliased computed select items")
	}
	agg = &plan.Aggregate{Input: agg.Input, Groups: agg.Groups, Aggs: append(named, hidden...)}
	return &plan.Project{Input: &plan.Filter{Input: agg, Cond: cond}, List: outer}, nil
}

// joinedRelation := relation { (',' | joinType JOIN) relation [ON expr | USING (cols)] }
func (p *parser) joinedRelation() (plan.Rel, error) {
	left, err := p.relation()
	if err != nil {
		return nil, err
	}
	for {
		t := plan.InnerJoin
		switch {
		case p.accept(","):
			r, err := p.relation()
			if err != nil {
				return nil, err
			}
			left = &plan.Join{Left: left, Right: r, Type: plan.CrossJoin}
			continue
		case p.accept("JOIN"):
		case p.accept("INNER"):
			if err := p.expect("JOIN"); err != nil {
				return nil, err
			}
		case p.accept("CROSS"):
			if err := p.expect("JOIN"); err != nil {
				return nil, err
			}
			t = plan.CrossJoin
		case p.peek().is("LEFT") || p.peek().is("RIGHT") || p.peek().is("FULL"):
			side := strings.ToUpper(p.next().text)
			switch {
			case side == "LEFT" && p.accept("SEMI"):
				t = plan.LeftSemiJoin
			case side == "LEFT" && p.accept("ANTI"):
				t = plan.LeftAntiJoin
			default:
				p.accept("OUTER")
				t = map[string]plan.JoinType{"LEFT": plan.LeftOuterJoin, "RIGHT": plan.RightOuterJoin, "FULL": plan.FullOuterJoin}[side]
			}
			if err := p.expect("JOIN"); err != nil {
				return nil, err
			}
		case p.peek().is("SEMI") || p.peek().is("ANTI"):
			if p.next().is("SEMI") {
				t = plan.LeftSemiJoin
			} else {
				t = plan.LeftAntiJoin
			}
			if err := p.expect("JOIN"); err != nil {
				return nil, err
			}
		case p.peek().is("NATURAL"):
			return nil, sqlerr.Unsupported("NATURAL JOIN")
		default:
			return left, nil
		}
		right, err := p.relation()
		if err != nil {
			return nil, err
		}
		j := &plan.Join{Left: left, Right: right, Type: t}
		switch {
		case p.accept("ON"):
			if j.Cond, err = p.expr(); err != nil {
				return nil, err
			}
			if t == plan.CrossJoin {
				j.Type = plan.InnerJoin
			}
		case p.accept("USING"):
			if err := p.expect("("); err != nil {
				return nil, err
			}
			for {
				n, ok := p.ident()
				if !ok {
					return nil, p.errorAt(p.peek(), "")
				}
				j.Using = append(j.Using, n)
				if p.accept(")") {
					break
				}
				if err := p.expect(","); err != nil {
					return nil, err
				}
			}
		}
		left = j
	}
}

func stripAlias(e plan.Expr) plan.Expr {
	if a, ok := e.(*plan.Alias); ok {
		return a.Child
	}
	return e
}

// aggregates lists the aggregate functions SQL recognises without GROUP BY.
var aggregates = map[string]bool{"count": true, "sum": true, "avg": true, "mean": true, "min": true, "max": true,
	"first": true, "last": true, "collect_list": true, "collect_set": true, "count_if": true, "any_value": true}

func hasAggregate(items []plan.Expr) bool {
	found := false
	var walk func(e plan.Expr)
	walk = func(e plan.Expr) {
		if _, ok := e.(*plan.WindowExpr); ok {
			return // an aggregate over a window is not a grouping aggregate
		}
		if f, ok := e.(*plan.UnresolvedFunction); ok && aggregates[strings.ToLower(f.Name)] {
			found = true
			return
		}
		for _, c := range e.Children() {
			walk(c)
		}
	}
	for _, it := range items {
		walk(it)
	}
	return found
}

func (p *parser) relation() (plan.Rel, error) {
	var rel plan.Rel
	if p.peek().is("VALUES") {
		v, err := p.values()
		if err != nil {
			return nil, err
		}
		rel = v
	} else if p.accept("(") {
		q, err := p.query()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		rel = q
	} else {
		name, ok := p.ident()
		if !ok {
			return nil, p.errorAt(p.peek(), "")
		}
		parts := []string{name}
		for p.accept(".") {
			n, ok := p.ident()
			if !ok {
				return nil, p.errorAt(p.peek(), "")
			}
			parts = append(parts, n)
		}
		if p.peek().kind == tOp && p.peek().text == "(" {
			p.next()
			args, err := p.args()
			if err != nil {
				return nil, err
			}
			r, err := tableFunction(strings.Join(parts, "."), args)
			if err != nil {
				return nil, err
			}
			rel = r
		} else {
			if c, ok := p.cte(parts); ok {
				rel = &plan.SubqueryAlias{Input: c, Alias: parts[0]}
			} else {
				rel = &plan.UnresolvedRelation{Parts: parts}
			}
		}
	}
	p.accept("AS")
	if alias, ok := p.ident(); ok {
		if p.peek().kind == tOp && p.peek().text == "(" {
			p.next()
			var cols []string
			for {
				c, ok := p.ident()
				if !ok {
					return nil, p.errorAt(p.peek(), "")
				}
				cols = append(cols, c)
				if p.accept(")") {
					break
				}
				if err := p.expect(","); err != nil {
					return nil, err
				}
			}
			rel = &plan.ToDF{Input: rel, Names: cols}
		}
		rel = &plan.SubqueryAlias{Input: rel, Alias: alias}
	}
	return rel, nil
}

// tableFunction builds the relation of a table-valued function call.
func tableFunction(name string, args []plan.Expr) (plan.Rel, error) {
	switch strings.ToLower(name) {
	case "range":
		vals := make([]int64, len(args))
		for i, a := range args {
			l, ok := a.(*plan.Literal)
			if !ok {
				return nil, sqlerr.Unsupported("non-literal range() arguments")
			}
			switch v := l.Value.(type) {
			case int32:
				vals[i] = int64(v)
			case int64:
				vals[i] = v
			case int16:
				vals[i] = int64(v)
			case int8:
				vals[i] = int64(v)
			default:
				return nil, sqlerr.New("DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "sqlExpr", `"range"`, "paramIndex", "first", "requiredType", `"BIGINT"`, "inputSql", "", "inputType", `"`+strings.ToUpper(l.Type.String())+`"`)
			}
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
	return nil, sqlerr.Unsupported("table-valued function " + name)
}

func (p *parser) args() ([]plan.Expr, error) {
	var args []plan.Expr
	if p.accept(")") {
		return nil, nil
	}
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		args = append(args, e)
		if p.accept(")") {
			return args, nil
		}
		if err := p.expect(","); err != nil {
			return nil, err
		}
	}
}

// namedExpr := expr [[AS] alias] | '*' | qualifier.*
func (p *parser) namedExpr() (plan.Expr, error) {
	e, err := p.expr()
	if err != nil {
		return nil, err
	}
	if _, isStar := e.(*plan.UnresolvedStar); isStar {
		return e, nil
	}
	if p.accept("AS") {
		name, ok := p.ident()
		if !ok {
			if t := p.peek(); t.kind == tString {
				p.next()
				name = t.text
			} else {
				return nil, p.errorAt(p.peek(), "")
			}
		}
		return &plan.Alias{Child: e, Name: name}, nil
	}
	if name, ok := p.ident(); ok {
		return &plan.Alias{Child: e, Name: name}, nil
	}
	return e, nil
}

func call(name string, args ...plan.Expr) plan.Expr {
	return &plan.UnresolvedFunction{Name: name, Args: args, IsOperator: true}
}

// expr := or
func (p *parser) expr() (plan.Expr, error) { return p.or() }

func (p *parser) or() (plan.Expr, error) { return p.leftAssoc("OR", "or", p.and) }

func (p *parser) and() (plan.Expr, error) { return p.leftAssoc("AND", "and", p.not) }

// leftAssoc parses operand { keyword operand } into left-nested calls of fn.
func (p *parser) leftAssoc(keyword, fn string, operand func() (plan.Expr, error)) (plan.Expr, error) {
	l, err := operand()
	if err != nil {
		return nil, err
	}
	for p.accept(keyword) {
		r, err := operand()
		if err != nil {
			return nil, err
		}
		l = call(fn, l, r)
	}
	return l, nil
}

func (p *parser) not() (plan.Expr, error) {
	if p.accept("NOT") || p.accept("!") {
		e, err := p.not()
		if err != nil {
			return nil, err
		}
		return call("not", e), nil
	}
	return p.comparison()
}

var compareOps = map[string]string{"=": "==", "==": "==", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "<=>": "<=>"}

func (p *parser) comparison() (plan.Expr, error) {
	l, err := p.additive()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind == tOp {
			if fn, ok := compareOps[t.text]; ok {
				p.next()
				r, err := p.additive()
				if err != nil {
					return nil, err
				}
				l = call(fn, l, r)
				continue
			}
			if t.text == "<>" || t.text == "!=" {
				p.next()
				r, err := p.additive()
				if err != nil {
					return nil, err
				}
				l = call("not", call("==", l, r))
				continue
			}
		}
		if t.is("IS") {
			p.next()
			neg := p.accept("NOT")
			var e plan.Expr
			switch {
			case p.accept("NULL"):
				e = call("isnull", l)
				if neg {
					e = call("isnotnull", l)
					neg = false
				}
			case p.accept("TRUE"):
				e = call("<=>", l, &plan.Literal{Type: types.Boolean, Value: true})
			case p.accept("FALSE"):
				e = call("<=>", l, &plan.Literal{Type: types.Boolean, Value: false})
			default:
				return nil, p.errorAt(p.peek(), "")
			}
			if neg {
				e = call("not", e)
			}
			l = e
			continue
		}
		neg := false
		if t.is("NOT") && (p.peekAt(1).is("BETWEEN") || p.peekAt(1).is("LIKE") || p.peekAt(1).is("IN") || p.peekAt(1).is("RLIKE")) {
			p.next()
			neg = true
			t = p.peek()
		}
		var e plan.Expr
		switch {
		case t.is("BETWEEN"):
			p.next()
			lo, err := p.additive()
			if err != nil {
				return nil, err
			}
			if err := p.expect("AND"); err != nil {
				return nil, err
			}
			hi, err := p.additive()
			if err != nil {
				return nil, err
			}
			e = call("and", call(">=", l, lo), call("<=", l, hi))
		case t.is("LIKE") || t.is("RLIKE"):
			p.next()
			r, err := p.additive()
			if err != nil {
				return nil, err
			}
			e = &plan.UnresolvedFunction{Name: strings.ToLower(t.text), Args: []plan.Expr{l, r}}
		case t.is("IN"):
			p.next()
			if err := p.expect("("); err != nil {
				return nil, err
			}
			list, err := p.args()
			if err != nil {
				return nil, err
			}
			e = &plan.UnresolvedFunction{Name: "in", Args: append([]plan.Expr{l}, list...)}
		default:
			return l, nil
		}
		if neg {
			e = call("not", e)
		}
		l = e
	}
}

func (p *parser) additive() (plan.Expr, error) {
	l, err := p.multiplicative()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != tOp || (t.text != "+" && t.text != "-" && t.text != "||") {
			return l, nil
		}
		p.next()
		r, err := p.multiplicative()
		if err != nil {
			return nil, err
		}
		if t.text == "||" {
			l = &plan.UnresolvedFunction{Name: "concat", Args: []plan.Expr{l, r}}
		} else {
			l = call(t.text, l, r)
		}
	}
}

func (p *parser) multiplicative() (plan.Expr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		op := ""
		switch {
		case t.kind == tOp && (t.text == "*" || t.text == "/" || t.text == "%"):
			op = t.text
		case t.is("DIV"):
			op = "div"
		default:
			return l, nil
		}
		p.next()
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = call(op, l, r)
	}
}

func (p *parser) unary() (plan.Expr, error) {
	t := p.peek()
	if t.kind == tOp && (t.text == "-" || t.text == "+") {
		p.next()
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		if t.text == "+" {
			return e, nil
		}
		if l, ok := e.(*plan.Literal); ok {
			if neg, ok := negateLiteral(l); ok {
				return neg, nil
			}
		}
		return &plan.UnresolvedFunction{Name: "negative", Args: []plan.Expr{e}}, nil
	}
	return p.postfix()
}

func (p *parser) postfix() (plan.Expr, error) {
	e, err := p.primary()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == tOp && p.peek().text == "::" {
		p.next()
		t, err := p.dataType()
		if err != nil {
			return nil, err
		}
		e = &plan.Cast{Child: e, To: t}
	}
	return e, nil
}

func (p *parser) primary() (plan.Expr, error) {
	t := p.peek()
	switch t.kind {
	case tNumber:
		p.next()
		return numberLiteral(p, t)
	case tString:
		p.next()
		return &plan.Literal{Type: types.String, Value: t.text}, nil
	case tParam:
		p.next()
		if t.text == "" {
			if p.posArg >= len(p.params.Positional) {
				return nil, sqlerr.New("UNBOUND_SQL_PARAMETER", "name", "_"+strconv.Itoa(p.posArg+1))
			}
			v := p.params.Positional[p.posArg]
			p.posArg++
			return v, nil
		}
		v, ok := p.params.Named[t.text]
		if !ok {
			return nil, sqlerr.New("UNBOUND_SQL_PARAMETER", "name", t.text)
		}
		return v, nil
	case tOp:
		switch t.text {
		case "(":
			p.next()
			if p.peek().is("SELECT") {
				return nil, sqlerr.Unsupported("scalar subqueries")
			}
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			return e, nil
		case "*":
			p.next()
			return &plan.UnresolvedStar{PlanID: -1}, nil
		}
		return nil, p.errorAt(t, "")
	case tEOF:
		return nil, p.errorAt(t, "")
	}
	switch {
	case t.is("NULL"):
		p.next()
		return &plan.Literal{Type: types.Null}, nil
	case t.is("TRUE"):
		p.next()
		return &plan.Literal{Type: types.Boolean, Value: true}, nil
	case t.is("FALSE"):
		p.next()
		return &plan.Literal{Type: types.Boolean, Value: false}, nil
	case t.is("CAST") || t.is("TRY_CAST"):
		if p.peekAt(1).kind == tOp && p.peekAt(1).text == "(" {
			p.next()
			p.next()
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			if err := p.expect("AS"); err != nil {
				return nil, err
			}
			dt, err := p.dataType()
			if err != nil {
				return nil, err
			}
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			c := &plan.Cast{Child: e, To: dt}
			if t.is("TRY_CAST") {
				c.Mode = plan.EvalTry
			}
			return c, nil
		}
	case (t.is("DATE") || t.is("X")) && p.peekAt(1).kind == tString:
		p.next()
		str := p.next()
		if t.is("X") {
			b, err := hex.DecodeString(str.text)
			if err != nil {
				return nil, sqlerr.New("INVALID_TYPED_LITERAL", "valueType", `"X"`, "value", "'"+str.text+"'")
			}
			return &plan.Literal{Type: types.Binary, Value: b}, nil
		}
		d, err := time.Parse("2006-01-02", strings.TrimSpace(str.text))
		if err != nil {
			return nil, sqlerr.New("INVALID_TYPED_LITERAL", "valueType", `"DATE"`, "value", "'"+str.text+"'")
		}
		return &plan.Literal{Type: types.Date, Value: int32(d.Unix() / 86400)}, nil
	case t.is("CASE"):
		p.next()
		var subject plan.Expr
		if !p.peek().is("WHEN") {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			subject = e
		}
		var args []plan.Expr
		for p.accept("WHEN") {
			c, err := p.expr()
			if err != nil {
				return nil, err
			}
			if subject != nil {
				c = call("==", subject, c)
			}
			if err := p.expect("THEN"); err != nil {
				return nil, err
			}
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			args = append(args, c, v)
		}
		if len(args) == 0 {
			return nil, p.errorAt(p.peek(), "")
		}
		if p.accept("ELSE") {
			v, err := p.expr()
			if err != nil {
				return nil, err
			}
			args = append(args, v)
		}
		if err := p.expect("END"); err != nil {
			return nil, err
		}
		return &plan.UnresolvedFunction{Name: "when", Args: args}, nil
	case t.is("INTERVAL"), t.is("EXISTS"):
		return nil, sqlerr.Unsupported(strings.ToUpper(t.text) + " expressions in SQL")
	}
	if t.kind == tIdent && reserved[strings.ToLower(t.text)] {
		return nil, p.errorAt(t, "")
	}
	name := p.next().text
	if p.peek().kind == tOp && p.peek().text == "(" {
		p.next()
		distinct := p.accept("DISTINCT")
		var args []plan.Expr
		if p.peek().kind == tOp && p.peek().text == "*" && p.peekAt(1).text == ")" {
			p.next()
			p.next()
			args = []plan.Expr{&plan.UnresolvedStar{PlanID: -1}}
		} else {
			var err error
			args, err = p.args()
			if err != nil {
				return nil, err
			}
		}
		var fn plan.Expr = &plan.UnresolvedFunction{Name: name, Args: args, Distinct: distinct}
		if p.accept("OVER") {
			return p.windowSpec(fn)
		}
		return fn, nil
	}
	parts := []string{name}
	for p.peek().kind == tOp && p.peek().text == "." {
		p.next()
		if p.accept("*") {
			return &plan.UnresolvedStar{Target: parts, PlanID: -1}, nil
		}
		n, ok := p.ident()
		if !ok {
			if nt := p.peek(); nt.kind == tIdent {
				p.next()
				n = nt.text
			} else {
				return nil, p.errorAt(p.peek(), "")
			}
		}
		parts = append(parts, n)
	}
	return &plan.UnresolvedAttribute{Parts: parts, PlanID: -1}, nil
}

// windowSpec := '(' [PARTITION BY exprs] [ORDER BY orders] [frame] ')'
func (p *parser) windowSpec(fn plan.Expr) (plan.Expr, error) {
	if err := p.expect("("); err != nil {
		return nil, err
	}
	w := &plan.WindowExpr{Func: fn}
	if p.accept("PARTITION") || p.accept("DISTRIBUTE") {
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		for {
			e, err := p.expr()
			if err != nil {
				return nil, err
			}
			w.Partition = append(w.Partition, e)
			if !p.accept(",") {
				break
			}
		}
	}
	if p.accept("ORDER") || p.accept("SORT") {
		if err := p.expect("BY"); err != nil {
			return nil, err
		}
		orders, err := p.orderList()
		if err != nil {
			return nil, err
		}
		w.Order = orders
	}
	if p.peek().is("ROWS") || p.peek().is("RANGE") {
		rows := p.next().is("ROWS")
		f := &plan.WindowFrame{Rows: rows}
		var err error
		if p.accept("BETWEEN") {
			if f.Lower, err = p.frameBound(); err != nil {
				return nil, err
			}
			if err := p.expect("AND"); err != nil {
				return nil, err
			}
			if f.Upper, err = p.frameBound(); err != nil {
				return nil, err
			}
		} else {
			if f.Lower, err = p.frameBound(); err != nil {
				return nil, err
			}
			f.Upper = plan.FrameBound{Kind: plan.CurrentRowBound}
		}
		w.Frame = f
	}
	if err := p.expect(")"); err != nil {
		return nil, err
	}
	return w, nil
}

func (p *parser) frameBound() (plan.FrameBound, error) {
	switch {
	case p.accept("UNBOUNDED"):
		if p.accept("PRECEDING") || p.accept("FOLLOWING") {
			return plan.FrameBound{Kind: plan.UnboundedBound}, nil
		}
	case p.accept("CURRENT"):
		if p.accept("ROW") {
			return plan.FrameBound{Kind: plan.CurrentRowBound}, nil
		}
	default:
		n, err := p.intValue()
		if err != nil {
			return plan.FrameBound{}, err
		}
		if p.accept("PRECEDING") {
			return plan.FrameBound{Kind: plan.OffsetBound, Offset: -n}, nil
		}
		if p.accept("FOLLOWING") {
			return plan.FrameBound{Kind: plan.OffsetBound, Offset: n}, nil
		}
	}
	return plan.FrameBound{}, p.errorAt(p.peek(), "")
}

func (p *parser) orderList() ([]*plan.SortOrder, error) {
	var orders []*plan.SortOrder
	for {
		e, err := p.expr()
		if err != nil {
			return nil, err
		}
		o := &plan.SortOrder{Child: e}
		if p.accept("DESC") {
			o.Descending = true
		} else {
			p.accept("ASC")
		}
		o.NullsFirst = !o.Descending
		if p.accept("NULLS") {
			switch {
			case p.accept("FIRST"):
				o.NullsFirst = true
			case p.accept("LAST"):
				o.NullsFirst = false
			default:
				return nil, p.errorAt(p.peek(), "")
			}
		}
		orders = append(orders, o)
		if !p.accept(",") {
			return orders, nil
		}
	}
}

func (p *parser) dataType() (types.DataType, error) {
	name, ok := p.ident()
	if !ok {
		if t := p.peek(); t.kind == tIdent {
			p.next()
			name = t.text
		} else {
			return nil, p.errorAt(t, "")
		}
	}
	n := strings.ToLower(name)
	if p.peek().kind == tOp && p.peek().text == "(" {
		p.next()
		var nums []string
		for {
			t := p.next()
			if t.kind != tNumber {
				return nil, p.errorAt(t, "")
			}
			nums = append(nums, t.text)
			if p.accept(")") {
				break
			}
			if err := p.expect(","); err != nil {
				return nil, err
			}
		}
		n += "(" + strings.Join(nums, ",") + ")"
	}
	if t, ok := types.ParseSimple(n); ok {
		return t, nil
	}
	return nil, sqlerr.New("UNSUPPORTED_DATATYPE", "typeName", `"`+strings.ToUpper(n)+`"`)
}

// numberLiteral types a numeric literal as Spark does: integers are int, then bigint,
// then decimal; suffixes L/S/Y/D/F/BD choose the type; a fraction is a decimal; an
// exponent is a double.
func numberLiteral(p *parser, t token) (plan.Expr, error) {
	s := t.text
	lower := strings.ToLower(s)
	switch {
	case strings.HasSuffix(lower, "bd"):
		return decimalLiteral(p, t, s[:len(s)-2])
	case strings.HasSuffix(lower, "l"):
		v, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
		if err != nil {
			return nil, p.errorAt(t, "")
		}
		return &plan.Literal{Type: types.Long, Value: v}, nil
	case strings.HasSuffix(lower, "s"):
		v, err := strconv.ParseInt(s[:len(s)-1], 10, 16)
		if err != nil {
			return nil, p.errorAt(t, "")
		}
		return &plan.Literal{Type: types.Short, Value: int16(v)}, nil
	case strings.HasSuffix(lower, "y"):
		v, err := strconv.ParseInt(s[:len(s)-1], 10, 8)
		if err != nil {
			return nil, p.errorAt(t, "")
		}
		return &plan.Literal{Type: types.Byte, Value: int8(v)}, nil
	case strings.HasSuffix(lower, "d"):
		v, err := strconv.ParseFloat(s[:len(s)-1], 64)
		if err != nil {
			return nil, p.errorAt(t, "")
		}
		return &plan.Literal{Type: types.Double, Value: v}, nil
	case strings.HasSuffix(lower, "f"):
		v, err := strconv.ParseFloat(s[:len(s)-1], 32)
		if err != nil {
			return nil, p.errorAt(t, "")
		}
		return &plan.Literal{Type: types.Float, Value: float32(v)}, nil
	case strings.ContainsAny(lower, "e"):
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, p.errorAt(t, "")
		}
		return &plan.Literal{Type: types.Double, Value: v}, nil
	case strings.Contains(s, "."):
		return decimalLiteral(p, t, s)
	}
	if v, err := strconv.ParseInt(s, 10, 32); err == nil {
		return &plan.Literal{Type: types.Integer, Value: int32(v)}, nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return &plan.Literal{Type: types.Long, Value: v}, nil
	}
	return decimalLiteral(p, t, s)
}

func decimalLiteral(p *parser, t token, s string) (plan.Expr, error) {
	digits := strings.Replace(s, ".", "", 1)
	scale := 0
	if i := strings.IndexByte(s, '.'); i >= 0 {
		scale = len(s) - i - 1
	}
	trimmed := strings.TrimLeft(digits, "0")
	prec := max(len(trimmed), scale, 1)
	if prec > 38 {
		return nil, p.errorAt(t, "")
	}
	bi, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return nil, p.errorAt(t, "")
	}
	return &plan.Literal{Type: types.DecimalType{Precision: int32(prec), Scale: int32(scale)}, Value: decimal128.FromBigInt(bi)}, nil
}

// negateLiteral folds -literal so that -1 is the int literal -1 as in Spark.
func negateLiteral(l *plan.Literal) (*plan.Literal, bool) {
	switch v := l.Value.(type) {
	case int32:
		if v != math.MinInt32 {
			return &plan.Literal{Type: l.Type, Value: -v}, true
		}
	case int64:
		if v != math.MinInt64 {
			return &plan.Literal{Type: l.Type, Value: -v}, true
		}
	case float64:
		return &plan.Literal{Type: l.Type, Value: -v}, true
	case decimal128.Num:
		return &plan.Literal{Type: l.Type, Value: v.Negate()}, true
	}
	return nil, false
}
