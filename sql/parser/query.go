package parser

import (
	"regexp"
	"strings"

	"github.com/fulgur/fulgur/sql/ast"
)

// parseQuery parses [WITH ...] queryTerm queryOrganization.
func (p *parser) parseQuery() (*ast.Query, error) {
	start := p.cur()
	var with *ast.With
	if p.isWord("WITH") {
		w, err := p.parseWith()
		if err != nil {
			return nil, err
		}
		with = w
	}
	return p.parseQueryAfterWith(start, with)
}

func (p *parser) parseQueryAfterWith(start token, with *ast.With) (*ast.Query, error) {
	body, err := p.parseQueryTerm(1)
	if err != nil {
		return nil, err
	}
	q := &ast.Query{With: with, Body: body}
	if err := p.parseQueryOrganization(q); err != nil {
		return nil, err
	}
	q.Loc = p.loc(start)
	// A parenthesised query with nothing around its body is just its body.
	if inner, ok := body.(*ast.Query); ok && isBareQuery(q) {
		if inner.With == nil || with == nil {
			if with != nil {
				inner.With = with
			}
			inner.Loc = q.Loc
			return inner, nil
		}
	}
	return q, nil
}

// isBareQuery reports whether q has no clause besides its body (and WITH).
func isBareQuery(q *ast.Query) bool {
	return q.OrderBy == nil && q.ClusterBy == nil && q.DistributeBy == nil && q.SortBy == nil &&
		q.Windows == nil && q.Limit == nil && !q.LimitAll && q.Offset == nil
}

func (p *parser) parseWith() (*ast.With, error) {
	start := p.next()
	w := &ast.With{}
	if p.isWord("RECURSIVE") && isIdentTok(p.peek(1)) {
		p.next()
		w.Recursive = true
	}
	for {
		cteStart := p.cur()
		name, err := p.parseErrorCapturingIdent()
		if err != nil {
			return nil, err
		}
		cte := &ast.CTE{Name: name}
		if p.isIdentListAt(0) {
			if cte.Columns, err = p.parseIdentList(); err != nil {
				return nil, err
			}
		}
		if p.isWord("AS") {
			p.next()
		}
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		if cte.Query, err = p.parseQuery(); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		cte.Loc = p.loc(cteStart)
		w.CTEs = append(w.CTEs, cte)
		if !p.acceptOp(",") {
			break
		}
	}
	w.Loc = p.loc(start)
	return w, nil
}

func setOpAt(p *parser) (ast.SetOpKind, int) {
	t := p.cur()
	if t.kind != tWord {
		return "", 0
	}
	switch t.upper {
	case "UNION":
		return ast.Union, 1
	case "EXCEPT", "MINUS":
		return ast.Except, 1
	case "INTERSECT":
		return ast.Intersect, 2
	}
	return "", 0
}

// parseQueryTerm parses set operations; INTERSECT binds tighter than UNION and
// EXCEPT/MINUS, and all are left-associative.
func (p *parser) parseQueryTerm(minPrec int) (ast.QueryBody, error) {
	start := p.cur()
	l, err := p.parseQueryPrimary()
	if err != nil {
		return nil, err
	}
	for {
		op, prec := setOpAt(p)
		if prec == 0 || prec < minPrec {
			return l, nil
		}
		opTok := p.next()
		s := &ast.SetOp{Op: op, L: l, Minus: opTok.upper == "MINUS"}
		if p.isAnyWord("DISTINCT", "ALL") {
			s.Quantifier = ast.SetQuantifier(p.next().upper)
		}
		if s.R, err = p.parseQueryTerm(prec + 1); err != nil {
			return nil, err
		}
		s.Loc = p.loc(start)
		l = s
	}
}

func (p *parser) parseQueryPrimary() (ast.QueryBody, error) {
	t := p.cur()
	switch {
	case p.isWord("SELECT"):
		return p.parseSelect()
	case p.isWord("VALUES"):
		return p.parseValues()
	case p.isWord("TABLE") && isIdentTok(p.peek(1)):
		p.next()
		name, err := p.parseObjectName()
		if err != nil {
			return nil, err
		}
		return &ast.TableQuery{Loc: p.loc(t), Name: name}, nil
	case p.isWord("FROM"):
		return nil, p.unsupported(t)
	case p.isOp("("):
		p.next()
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		if q.With == nil && isBareQuery(q) {
			// Parentheses around a plain query body change nothing.
			return q.Body, nil
		}
		q.Loc = p.loc(t)
		return q, nil
	}
	return nil, p.unexpected()
}

// unsupported reports valid Spark syntax that Fulgur does not parse yet, as
// INVALID_SQL_SYNTAX.UNSUPPORTED_SQL_STATEMENT over the text from t to the end.
func (p *parser) unsupported(t token) error {
	text := p.sql[t.pos.Offset:]
	return newError(p.sql, "INVALID_SQL_SYNTAX.UNSUPPORTED_SQL_STATEMENT", t.pos, len(p.sql), "sqlText", text)
}

func (p *parser) parseQueryOrganization(q *ast.Query) error {
	orgStart := p.cur()
	if err := p.parseResultClauses(q); err != nil {
		return err
	}
	n := 0
	for _, set := range []bool{q.OrderBy != nil, q.SortBy != nil || q.DistributeBy != nil, q.ClusterBy != nil} {
		if set {
			n++
		}
	}
	if n > 1 {
		return p.fragmentError("UNSUPPORTED_FEATURE.COMBINATION_QUERY_RESULT_CLAUSES", orgStart.pos)
	}
	return nil
}

func (p *parser) parseResultClauses(q *ast.Query) error {
	var err error
	if p.isWord("ORDER") && p.isWordAt(1, "BY") {
		p.i += 2
		if q.OrderBy, err = p.parseSortItems(); err != nil {
			return err
		}
	}
	if p.isWord("CLUSTER") && p.isWordAt(1, "BY") {
		p.i += 2
		if q.ClusterBy, err = p.parseExprList(); err != nil {
			return err
		}
	}
	if p.isWord("DISTRIBUTE") && p.isWordAt(1, "BY") {
		p.i += 2
		if q.DistributeBy, err = p.parseExprList(); err != nil {
			return err
		}
	}
	if p.isWord("SORT") && p.isWordAt(1, "BY") {
		p.i += 2
		if q.SortBy, err = p.parseSortItems(); err != nil {
			return err
		}
	}
	if p.isWord("WINDOW") && isIdentTok(p.peek(1)) {
		if q.Windows, err = p.parseWindowClause(); err != nil {
			return err
		}
	}
	if p.isWord("LIMIT") {
		p.next()
		if p.isWord("ALL") && !p.startsOperand(1) {
			p.next()
			q.LimitAll = true
		} else if q.Limit, err = p.parseExpr(); err != nil {
			return err
		}
	}
	if p.isWord("OFFSET") {
		p.next()
		if q.Offset, err = p.parseExpr(); err != nil {
			return err
		}
	}
	return nil
}

func (p *parser) parseWindowClause() ([]*ast.NamedWindow, error) {
	p.next() // WINDOW
	var ws []*ast.NamedWindow
	for {
		start := p.cur()
		name, err := p.parseErrorCapturingIdent()
		if err != nil {
			return nil, err
		}
		if err := p.expectWords("AS"); err != nil {
			return nil, err
		}
		spec, err := p.parseWindowSpec()
		if err != nil {
			return nil, err
		}
		ws = append(ws, &ast.NamedWindow{Loc: p.loc(start), Name: name, Spec: spec})
		if !p.acceptOp(",") {
			return ws, nil
		}
	}
}

func (p *parser) parseSelect() (*ast.Select, error) {
	start := p.next() // SELECT
	s := &ast.Select{}
	for p.cur().kind == tHintStart {
		hints, err := p.parseHints()
		if err != nil {
			return nil, err
		}
		s.Hints = append(s.Hints, hints...)
	}
	if p.isAnyWord("DISTINCT", "ALL") && p.startsOperand(1) {
		s.Quantifier = ast.SetQuantifier(p.next().upper)
	}
	for {
		e, err := p.parseNamedExpr()
		if err != nil {
			return nil, err
		}
		s.Items = append(s.Items, e)
		if !p.acceptOp(",") {
			break
		}
	}
	var err error
	if p.isWord("FROM") {
		p.next()
		if s.From, err = p.parseFromRelations(); err != nil {
			return nil, err
		}
	}
	for p.isWord("LATERAL") && p.isWordAt(1, "VIEW") {
		lv, err := p.parseLateralView()
		if err != nil {
			return nil, err
		}
		s.LateralViews = append(s.LateralViews, lv)
	}
	if p.isAnyWord("PIVOT", "UNPIVOT") && (p.isOpAt(1, "(") || p.isAnyWordAt(1, "INCLUDE", "EXCLUDE")) {
		return nil, p.unsupported(p.cur())
	}
	if p.isWord("WHERE") {
		p.next()
		if s.Where, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	if p.isWord("GROUP") && p.isWordAt(1, "BY") {
		if s.GroupBy, err = p.parseGroupBy(); err != nil {
			return nil, err
		}
	}
	if p.isWord("HAVING") {
		p.next()
		if s.Having, err = p.parseExpr(); err != nil {
			return nil, err
		}
	}
	if p.isWord("WINDOW") && isIdentTok(p.peek(1)) && p.isWordAt(2, "AS") {
		if s.Windows, err = p.parseWindowClause(); err != nil {
			return nil, err
		}
	}
	if p.isWord("QUALIFY") {
		p.next()
		if s.Qualify, err = p.parseExpr(); err != nil {
			return nil, err
		}
		// Spark accepts WINDOW before or after QUALIFY.
		if s.Windows == nil && p.isWord("WINDOW") && isIdentTok(p.peek(1)) && p.isWordAt(2, "AS") {
			if s.Windows, err = p.parseWindowClause(); err != nil {
				return nil, err
			}
		}
	}
	s.Loc = p.loc(start)
	return s, nil
}

// parseHints parses one /*+ ... */ block.
func (p *parser) parseHints() ([]*ast.Hint, error) {
	p.next() // /*+
	var hints []*ast.Hint
	for {
		start := p.cur()
		name, err := p.parseIdent()
		if err != nil {
			return nil, err
		}
		h := &ast.Hint{Name: name}
		if p.acceptOp("(") {
			for {
				start := p.cur()
				e, err := p.parsePrimary()
				if err == nil {
					e, err = p.parsePostfix(e, start)
				}
				if err != nil {
					return nil, err
				}
				h.Params = append(h.Params, e)
				if !p.acceptOp(",") {
					break
				}
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
		}
		h.Loc = p.loc(start)
		hints = append(hints, h)
		if p.cur().kind == tHintEnd {
			p.next()
			return hints, nil
		}
		p.acceptOp(",")
		if p.cur().kind == tEOF {
			return nil, p.unexpected()
		}
	}
}

func (p *parser) parseGroupBy() (*ast.GroupBy, error) {
	start := p.cur()
	p.i += 2 // GROUP BY
	g := &ast.GroupBy{}
	plain := true
	for {
		e, err := p.parseGroupingElement(false)
		if err != nil {
			return nil, err
		}
		if _, ok := e.(*ast.GroupingAnalytics); ok {
			plain = false
		}
		g.Items = append(g.Items, e)
		if !p.acceptOp(",") {
			break
		}
	}
	if plain {
		switch {
		case p.isWord("WITH") && p.isAnyWordAt(1, "ROLLUP", "CUBE"):
			p.next()
			g.With = ast.GroupingKind(p.next().upper)
		case p.isWord("GROUPING") && p.isWordAt(1, "SETS"):
			p.i += 2
			if err := p.expectOp("("); err != nil {
				return nil, err
			}
			sets, err := p.parseGroupingSetList(true)
			if err != nil {
				return nil, err
			}
			g.Sets = sets
		}
	}
	if len(g.Items) == 1 && g.With == "" && g.Sets == nil {
		if c, ok := g.Items[0].(*ast.ColumnRef); ok && len(c.Parts) == 1 && !c.Parts[0].Quoted && equalFold(c.Parts[0].Name, "ALL") {
			g.All, g.Items = true, nil
		}
	}
	g.Loc = p.loc(start)
	return g, nil
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'a' && x <= 'z' {
			x -= 'a' - 'A'
		}
		if y >= 'a' && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// parseGroupingElement parses a GROUP BY element: ROLLUP(...), CUBE(...),
// GROUPING SETS(...) or an expression.
func (p *parser) parseGroupingElement(inSets bool) (ast.Expr, error) {
	start := p.cur()
	switch {
	case p.isAnyWord("ROLLUP", "CUBE") && p.isOpAt(1, "("):
		kind := ast.GroupingKind(p.next().upper)
		p.next()
		sets, err := p.parseGroupingSetList(false)
		if err != nil {
			return nil, err
		}
		return &ast.GroupingAnalytics{Loc: p.loc(start), Kind: kind, Sets: sets}, nil
	case p.isWord("GROUPING") && p.isWordAt(1, "SETS") && p.isOpAt(2, "("):
		p.i += 3
		sets, err := p.parseGroupingSetList(true)
		if err != nil {
			return nil, err
		}
		return &ast.GroupingAnalytics{Loc: p.loc(start), Kind: ast.GroupingSets, Sets: sets}, nil
	}
	return p.parseExpr()
}

// parseGroupingSetList parses the sets of ROLLUP/CUBE/GROUPING SETS after '(',
// through ')'. Elements of GROUPING SETS may be nested ROLLUP/CUBE/GROUPING SETS.
func (p *parser) parseGroupingSetList(allowNested bool) ([][]ast.Expr, error) {
	var sets [][]ast.Expr
	for {
		if allowNested && (p.isAnyWord("ROLLUP", "CUBE") && p.isOpAt(1, "(") || p.isWord("GROUPING") && p.isWordAt(1, "SETS")) {
			e, err := p.parseGroupingElement(true)
			if err != nil {
				return nil, err
			}
			sets = append(sets, []ast.Expr{e})
		} else {
			set, err := p.parseGroupingSet()
			if err != nil {
				return nil, err
			}
			sets = append(sets, set)
		}
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return sets, nil
}

// parseGroupingSet parses ( [expr, ...] ) or a single expression.
func (p *parser) parseGroupingSet() ([]ast.Expr, error) {
	if p.isOp("(") {
		if p.isOpAt(1, ")") {
			p.i += 2
			return []ast.Expr{}, nil
		}
		var set []ast.Expr
		err := p.speculate(specGroupingSet, func() error {
			p.next()
			list, err := p.parseExprList()
			if err != nil {
				return err
			}
			if err := p.expectOp(")"); err != nil {
				return err
			}
			if !p.isOp(",") && !p.isOp(")") {
				return p.unexpected()
			}
			set = list
			return nil
		})
		if err == nil {
			return set, nil
		}
	}
	e, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	return []ast.Expr{e}, nil
}

func (p *parser) parseLateralView() (*ast.LateralView, error) {
	start := p.cur()
	p.i += 2 // LATERAL VIEW
	lv := &ast.LateralView{}
	if p.isWord("OUTER") && !p.isOpAt(1, "(") {
		p.next()
		lv.Outer = true
	}
	fnStart := p.cur()
	parts, err := p.parseMultipartIdent()
	if err != nil {
		return nil, err
	}
	lv.Func = &ast.ObjectName{Loc: p.loc(fnStart), Parts: parts}
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	if !p.isOp(")") {
		if lv.Args, err = p.parseExprList(); err != nil {
			return nil, err
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	if lv.Table, err = p.parseIdent(); err != nil {
		return nil, err
	}
	hasAS := p.isWord("AS")
	if hasAS {
		p.next()
	}
	if hasAS || p.canImplicitAlias() {
		for {
			id, err := p.parseIdent()
			if err != nil {
				return nil, err
			}
			lv.Columns = append(lv.Columns, id)
			if !p.acceptOp(",") {
				break
			}
		}
	}
	lv.Loc = p.loc(start)
	return lv, nil
}

// parseFromRelations parses relation (, relation)*, folding commas into joins.
func (p *parser) parseFromRelations() (ast.TableExpr, error) {
	start := p.cur()
	rel, err := p.parseRelation()
	if err != nil {
		return nil, err
	}
	for p.acceptOp(",") {
		r, err := p.parseRelation()
		if err != nil {
			return nil, err
		}
		rel = &ast.Join{Loc: p.loc(start), Kind: ast.JoinComma, L: rel, R: r}
	}
	return rel, nil
}

// parseRelation parses [LATERAL] relationPrimary followed by joins.
func (p *parser) parseRelation() (ast.TableExpr, error) {
	start := p.cur()
	rel, err := p.parseMaybeLateral()
	if err != nil {
		return nil, err
	}
	for {
		kind, natural, n := p.joinAt()
		if n == 0 {
			if p.isAnyWord("PIVOT", "UNPIVOT") && (p.isOpAt(1, "(") || p.isAnyWordAt(1, "INCLUDE", "EXCLUDE")) {
				return nil, p.unsupported(p.cur())
			}
			return rel, nil
		}
		p.i += n
		j := &ast.Join{Kind: kind, Natural: natural, L: rel}
		if j.R, err = p.parseMaybeLateral(); err != nil {
			return nil, err
		}
		if !natural {
			switch {
			case p.isWord("ON"):
				p.next()
				if j.On, err = p.parseExpr(); err != nil {
					return nil, err
				}
			case p.isWord("USING") && p.isOpAt(1, "("):
				p.next()
				if j.Using, err = p.parseIdentList(); err != nil {
					return nil, err
				}
			}
		}
		j.Loc = p.loc(start)
		rel = j
	}
}

// joinAt recognises a join operator at the current token and returns its kind and
// length in tokens (0 when there is none).
func (p *parser) joinAt() (kind ast.JoinKind, natural bool, n int) {
	k := 0
	if p.isWord("NATURAL") {
		natural = true
		k = 1
	}
	w := func(i int) string {
		if t := p.peek(k + i); t.kind == tWord {
			return t.upper
		}
		return ""
	}
	switch w(0) {
	case "JOIN":
		return ast.JoinInner, natural, k + 1
	case "INNER":
		if w(1) == "JOIN" {
			return ast.JoinInner, natural, k + 2
		}
	case "CROSS":
		if w(1) == "JOIN" {
			return ast.JoinCross, natural, k + 2
		}
	case "LEFT":
		switch w(1) {
		case "JOIN":
			return ast.JoinLeft, natural, k + 2
		case "OUTER":
			if w(2) == "JOIN" {
				return ast.JoinLeft, natural, k + 3
			}
		case "SEMI":
			if w(2) == "JOIN" {
				return ast.JoinSemi, natural, k + 3
			}
		case "ANTI":
			if w(2) == "JOIN" {
				return ast.JoinAnti, natural, k + 3
			}
		}
	case "SEMI":
		if w(1) == "JOIN" {
			return ast.JoinSemi, natural, k + 2
		}
	case "ANTI":
		if w(1) == "JOIN" {
			return ast.JoinAnti, natural, k + 2
		}
	case "RIGHT", "FULL":
		kind := ast.JoinRight
		if w(0) == "FULL" {
			kind = ast.JoinFull
		}
		switch w(1) {
		case "JOIN":
			return kind, natural, k + 2
		case "OUTER":
			if w(2) == "JOIN" {
				return kind, natural, k + 3
			}
		}
	}
	return "", false, 0
}

func (p *parser) parseMaybeLateral() (ast.TableExpr, error) {
	start := p.cur()
	if p.isWord("LATERAL") && !p.isWordAt(1, "VIEW") {
		p.next()
		rel, err := p.parseRelationPrimary()
		if err != nil {
			return nil, err
		}
		return &ast.Lateral{Loc: p.loc(start), Rel: rel}, nil
	}
	return p.parseRelationPrimary()
}

func (p *parser) parseRelationPrimary() (ast.TableExpr, error) {
	start := p.cur()
	switch {
	case p.isOp("("):
		return p.parseParenRelation()
	case p.isWord("VALUES") && !p.isOpAt(1, ")") && !p.isOpAt(1, ","):
		return p.parseValues()
	}
	name, err := p.parseObjectName()
	if err != nil {
		return nil, err
	}
	if p.isOp("(") && name.Identifier == nil || name.Identifier != nil && p.isOp("(") {
		return p.parseTableFunction(name, start)
	}
	t := &ast.TableName{Name: name}
	if t.Temporal, err = p.parseTemporal(); err != nil {
		return nil, err
	}
	if t.Sample, err = p.parseSample(); err != nil {
		return nil, err
	}
	if t.Alias, err = p.parseTableAlias(); err != nil {
		return nil, err
	}
	t.Loc = p.loc(start)
	return t, nil
}

// parseParenRelation parses (query) [alias] or (relation) [alias]; a parenthesised
// relation without alias or sample is the relation itself.
func (p *parser) parseParenRelation() (ast.TableExpr, error) {
	start := p.cur()
	subquery := func() (ast.TableExpr, error) {
		p.next()
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if !p.isOp(")") {
			if t := p.cur(); t.kind == tEOF {
				return nil, p.syntaxErrorAt(t, ": missing ')'")
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		s := &ast.SubqueryRel{Query: q}
		if s.Sample, err = p.parseSample(); err != nil {
			return nil, err
		}
		if s.Alias, err = p.parseTableAlias(); err != nil {
			return nil, err
		}
		s.Loc = p.loc(start)
		return s, nil
	}
	relation := func() (ast.TableExpr, error) {
		p.next()
		rel, err := p.parseRelation()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		r := &ast.ParenRel{Rel: rel}
		if r.Sample, err = p.parseSample(); err != nil {
			return nil, err
		}
		if r.Alias, err = p.parseTableAlias(); err != nil {
			return nil, err
		}
		if r.Sample == nil && r.Alias == nil {
			return rel, nil
		}
		r.Loc = p.loc(start)
		return r, nil
	}
	if p.startsQueryAt(1) {
		return subquery()
	}
	if !p.isOpAt(1, "(") {
		return relation()
	}
	var rel ast.TableExpr
	qerr := p.speculate(specSubqueryRel, func() error {
		var err error
		rel, err = subquery()
		return err
	})
	if qerr == nil {
		return rel, nil
	}
	save := p.i
	rel, rerr := relation()
	if rerr == nil {
		return rel, nil
	}
	if further(qerr, rerr) == qerr {
		p.i = save
		return nil, qerr
	}
	return nil, rerr
}

func (p *parser) parseValues() (*ast.Values, error) {
	start := p.next() // VALUES
	v := &ast.Values{}
	for {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		v.Rows = append(v.Rows, e)
		if !p.acceptOp(",") {
			break
		}
	}
	var err error
	if v.Alias, err = p.parseTableAlias(); err != nil {
		return nil, err
	}
	v.Loc = p.loc(start)
	return v, nil
}

// parseTableAlias parses [AS] name [(cols)].
func (p *parser) parseTableAlias() (*ast.TableAlias, error) {
	start := p.cur()
	hasAS := p.isWord("AS")
	if hasAS {
		p.next()
	} else if !p.canImplicitTableAlias() {
		return nil, nil
	}
	name, err := p.parseErrorCapturingIdent()
	if err != nil {
		return nil, err
	}
	a := &ast.TableAlias{Name: name}
	if p.isOp("(") {
		if a.Columns, err = p.parseIdentList(); err != nil {
			return nil, err
		}
	}
	a.Loc = p.loc(start)
	return a, nil
}

func (p *parser) parseTemporal() (*ast.Temporal, error) {
	start := p.cur()
	k := 0
	if p.isWord("FOR") {
		k = 1
	}
	t := p.peek(k)
	if t.kind != tWord || !p.isWordAt(k+1, "AS") || !p.isWordAt(k+2, "OF") {
		return nil, nil
	}
	tmp := &ast.Temporal{}
	switch t.upper {
	case "VERSION", "SYSTEM_VERSION":
	case "TIMESTAMP", "SYSTEM_TIME":
		tmp.Timestamp = true
	default:
		return nil, nil
	}
	p.i += k + 3
	var err error
	if tmp.Timestamp {
		tmp.Value, err = p.parseValue(precComparison)
	} else if v := p.cur(); v.kind == tInteger {
		tmp.Value, err = p.parseNumber(v)
	} else if isStringTok(v) {
		tmp.Value, err = p.parsePrimary()
	} else {
		err = p.unexpected()
	}
	if err != nil {
		return nil, err
	}
	tmp.Loc = p.loc(start)
	return tmp, nil
}

// byteLength is the form of a TABLESAMPLE (bytes) argument.
var byteLength = regexp.MustCompile(`^[0-9]+[bBkKmMgG]$`)

func (p *parser) parseSample() (*ast.Sample, error) {
	if !p.isWord("TABLESAMPLE") || !p.isOpAt(1, "(") {
		return nil, nil
	}
	start := p.next()
	p.next()
	s := &ast.Sample{}
	var err error
	switch {
	case (p.cur().kind == tInteger || p.cur().kind == tDecimal) && p.isWordAt(1, "PERCENT"):
		s.Kind, s.Value = ast.SamplePercent, p.next().text
		p.next()
	case p.isOp("-") && (p.peek(1).kind == tInteger || p.peek(1).kind == tDecimal) && p.isWordAt(2, "PERCENT"):
		p.next()
		s.Kind, s.Value = ast.SamplePercent, "-"+p.next().text
		p.next()
	case p.isWord("BUCKET") && p.peek(1).kind == tInteger:
		p.next()
		s.Kind, s.Value = ast.SampleBucket, p.next().text
		if err := p.expectWords("OUT", "OF"); err != nil {
			return nil, err
		}
		if p.cur().kind != tInteger {
			return nil, p.unexpected()
		}
		s.OutOf = p.next().text
		if p.isWord("ON") {
			p.next()
			if s.On, err = p.parseExpr(); err != nil {
				return nil, err
			}
		}
	default:
		exprStart := p.cur()
		if s.Expr, err = p.parseExpr(); err != nil {
			return nil, err
		}
		s.Kind = ast.SampleBytes
		if p.isWord("ROWS") {
			p.next()
			s.Kind = ast.SampleRows
		} else {
			s.Value = strings.Join(strings.Fields(p.sql[exprStart.pos.Offset:p.prevEnd()]), "")
			s.Expr = nil
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	switch {
	case s.Kind == ast.SampleBytes && !byteLength.MatchString(s.Value):
		return nil, p.fragmentError("_LEGACY_ERROR_TEMP_0016", start.pos, "bytesStr", s.Value)
	case s.Kind == ast.SampleBytes:
		// Spark parses a byte length but does not support sampling by it.
		return nil, p.fragmentError("_LEGACY_ERROR_TEMP_0015", start.pos, "msg", "byteLengthLiteral")
	case s.Kind == ast.SampleBucket && s.On != nil:
		what := "colname"
		if _, call := s.On.(*ast.FuncCall); call {
			what = "function"
		}
		return nil, p.fragmentError("_LEGACY_ERROR_TEMP_0015", start.pos, "msg", "BUCKET x OUT OF y ON "+what)
	}
	if p.isWord("REPEATABLE") && p.isOpAt(1, "(") {
		p.i += 2
		if p.cur().kind != tInteger {
			return nil, p.unexpected()
		}
		s.Repeatable = p.next().text
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	s.Loc = p.loc(start)
	return s, nil
}

// parseTableFunction parses the arguments and alias of a table-valued function.
func (p *parser) parseTableFunction(name *ast.ObjectName, start token) (ast.TableExpr, error) {
	p.next() // (
	f := &ast.TableFunction{Name: name}
	if !p.isOp(")") {
		for {
			arg, err := p.parseTableFuncArg()
			if err != nil {
				return nil, err
			}
			f.Args = append(f.Args, arg)
			if !p.acceptOp(",") {
				break
			}
		}
		if len(f.Args) > 1 && !p.isOp(")") {
			return nil, p.unexpectedInList()
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	var err error
	if f.Alias, err = p.parseTableAlias(); err != nil {
		return nil, err
	}
	f.Loc = p.loc(start)
	return f, nil
}

func (p *parser) parseTableFuncArg() (ast.Expr, error) {
	start := p.cur()
	if isIdentTok(p.cur()) && p.isOpAt(1, "=>") && p.isWordAt(2, "TABLE") {
		id, err := p.parseIdent()
		if err != nil {
			return nil, err
		}
		p.next()
		v, err := p.parseTableArg()
		if err != nil {
			return nil, err
		}
		return &ast.NamedArg{Loc: p.loc(start), Name: id, Value: v}, nil
	}
	if p.isWord("TABLE") && (isIdentTok(p.peek(1)) || p.isOpAt(1, "(")) {
		return p.parseTableArg()
	}
	return p.parseFuncArg()
}

// sqlID renders a name as Spark's toSQLId does: each part backquoted.
func sqlID(n *ast.ObjectName) string {
	if n.Identifier != nil {
		return "IDENTIFIER(...)"
	}
	parts := make([]string, len(n.Parts))
	for i, id := range n.Parts {
		parts[i] = "`" + strings.ReplaceAll(id.Name, "`", "``") + "`"
	}
	return strings.Join(parts, ".")
}

// parseTableArg parses TABLE t | TABLE (t) | TABLE (query) with optional
// WITH SINGLE PARTITION or PARTITION|DISTRIBUTE BY, and ORDER|SORT BY.
func (p *parser) parseTableArg() (ast.Expr, error) {
	start := p.next() // TABLE
	a := &ast.TableArg{}
	var err error
	switch {
	case p.isOp("(") && p.startsQueryAt(1):
		p.next()
		if a.Query, err = p.parseQuery(); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	case p.isOp("("):
		p.next()
		if a.Name, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	default:
		if a.Name, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		return nil, newError(p.sql, "INVALID_SQL_SYNTAX.INVALID_TABLE_FUNCTION_IDENTIFIER_ARGUMENT_MISSING_PARENTHESES",
			start.pos, p.prevEnd(), "argumentName", sqlID(a.Name))
	}
	switch {
	case p.acceptWords("WITH", "SINGLE", "PARTITION"):
		a.WithSingle = true
	case p.isAnyWord("PARTITION", "DISTRIBUTE") && p.isWordAt(1, "BY"):
		p.i += 2
		if p.acceptOp("(") {
			if a.PartitionBy, err = p.parseExprListClose(); err != nil {
				return nil, err
			}
		} else {
			e, err := p.parseExpr()
			if err != nil {
				return nil, err
			}
			a.PartitionBy = []ast.Expr{e}
		}
	}
	if p.isAnyWord("ORDER", "SORT") && p.isWordAt(1, "BY") {
		p.i += 2
		paren := p.acceptOp("(")
		if a.OrderBy, err = p.parseSortItems(); err != nil {
			return nil, err
		}
		if paren {
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
		}
	}
	a.Loc = p.loc(start)
	return a, nil
}
