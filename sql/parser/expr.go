package parser

import (
	"strings"

	"github.com/fulgur/fulgur/sql/ast"
)

// Binary operator precedence levels (higher binds tighter), following the order of
// Spark's valueExpression alternatives. Predicates (BETWEEN, IN, LIKE, IS) apply to a
// whole valueExpression, then NOT, AND and OR bind looser still.
const (
	precComparison = 1 + iota
	precBitOr
	precBitXor
	precBitAnd
	precShift
	precAdditive
	precMultiplicative
)

// parseExpr parses Spark's expression rule (a booleanExpression).
func (p *parser) parseExpr() (ast.Expr, error) { return p.parseOr() }

func (p *parser) parseOr() (ast.Expr, error) {
	start := p.cur()
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.isWord("OR") {
		p.next()
		r, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		l = &ast.Binary{Loc: p.loc(start), Op: ast.OpOr, L: l, R: r}
	}
	return l, nil
}

func (p *parser) parseAnd() (ast.Expr, error) {
	start := p.cur()
	l, err := p.parseNot()
	if err != nil {
		return nil, err
	}
	for p.isWord("AND") {
		p.next()
		r, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		l = &ast.Binary{Loc: p.loc(start), Op: ast.OpAnd, L: l, R: r}
	}
	return l, nil
}

func (p *parser) parseNot() (ast.Expr, error) {
	start := p.cur()
	if p.isWord("NOT") || p.isOp("!") {
		bang := p.isOp("!")
		p.next()
		x, err := p.parseNot()
		if err != nil {
			return nil, err
		}
		return &ast.Unary{Loc: p.loc(start), Op: ast.OpNot, X: x, Bang: bang}, nil
	}
	if p.isWord("EXISTS") && p.isOpAt(1, "(") && p.startsQueryAt(2) {
		p.next()
		p.next()
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		return &ast.Exists{Loc: p.loc(start), Query: q}, nil
	}
	return p.parsePredicated()
}

// parsePredicated parses a value expression with at most one predicate after it.
func (p *parser) parsePredicated() (ast.Expr, error) {
	start := p.cur()
	x, err := p.parseValue(precComparison)
	if err != nil {
		return nil, err
	}
	predStart := p.cur()
	not := false
	if (p.isWord("NOT") || p.isOp("!")) && p.peek(1).kind == tWord {
		switch p.peek(1).upper {
		case "BETWEEN", "IN", "RLIKE", "REGEXP", "LIKE", "ILIKE":
			if err := p.rejectBang(); err != nil {
				return nil, err
			}
			not = true
			p.next()
		}
	}
	t := p.cur()
	if t.kind != tWord {
		return x, nil
	}
	switch t.upper {
	case "BETWEEN":
		p.next()
		lo, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		if err := p.expectWords("AND"); err != nil {
			return nil, err
		}
		hi, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		return &ast.Between{Loc: p.loc(start), X: x, Lo: lo, Hi: hi, Not: not}, nil
	case "IN":
		if !p.isOpAt(1, "(") {
			return p.endOfPredicate(x, not)
		}
		p.next()
		p.next()
		in := &ast.In{X: x, Not: not}
		switch {
		case p.isOp(")"):
			p.next()
			return nil, p.fragmentError("INVALID_SQL_SYNTAX.EMPTY_IN_PREDICATE", predStart.pos)
		case p.startsQueryAt(0):
			q, err := p.parseQuery()
			if err != nil {
				return nil, err
			}
			in.Query = q
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
		default:
			list, err := p.parseExprListClose()
			if err != nil {
				return nil, err
			}
			in.List = list
		}
		in.Loc = p.loc(start)
		return in, nil
	case "RLIKE", "REGEXP":
		p.next()
		pat, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		l := &ast.Like{Loc: p.loc(start), Op: ast.OpRLike, X: x, Pattern: pat, Not: not}
		if t.upper == "REGEXP" {
			l.Syntax = "REGEXP"
		}
		return l, nil
	case "LIKE", "ILIKE":
		p.next()
		op := ast.OpLike
		if t.upper == "ILIKE" {
			op = ast.OpILike
		}
		l := &ast.Like{Op: op, X: x, Not: not}
		if p.isAnyWord("ANY", "SOME", "ALL") && p.isOpAt(1, "(") {
			l.Quantifier = p.next().upper
			p.next()
			if p.acceptOp(")") {
				return nil, p.fragmentError("INVALID_SQL_SYNTAX.EMPTY_QUANTIFIED_PATTERN", predStart.pos)
			}
			pats, err := p.parseExprListClose()
			if err != nil {
				return nil, err
			}
			l.Patterns = pats
			l.Loc = p.loc(start)
			return l, nil
		}
		pat, err := p.parseValue(precComparison)
		if err != nil {
			return nil, err
		}
		l.Pattern = pat
		if p.isWord("ESCAPE") {
			p.next()
			esc, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			if len([]rune(esc)) != 1 {
				return nil, p.fragmentError("INVALID_ESC", predStart.pos, "invalidEscape", "'"+esc+"'")
			}
			l.Escape = &esc
		}
		l.Loc = p.loc(start)
		return l, nil
	case "IS":
		if not {
			return x, nil
		}
		p.next()
		neg := false
		if p.isWord("NOT") || p.isOp("!") {
			if err := p.rejectBang(); err != nil {
				return nil, err
			}
			p.next()
			neg = true
		}
		v := p.cur()
		if v.kind == tWord {
			switch v.upper {
			case "NULL", "TRUE", "FALSE", "UNKNOWN":
				p.next()
				return &ast.Is{Loc: p.loc(start), X: x, Not: neg, Value: ast.IsValue(v.upper)}, nil
			case "DISTINCT":
				p.next()
				if err := p.expectWords("FROM"); err != nil {
					return nil, err
				}
				r, err := p.parseValue(precComparison)
				if err != nil {
					return nil, err
				}
				return &ast.IsDistinctFrom{Loc: p.loc(start), L: x, R: r, Not: neg}, nil
			}
		}
		return nil, p.unexpected()
	}
	return p.endOfPredicate(x, not)
}

// rejectBang fails when the current token is '!' used for an infix NOT (NOT IN,
// IS NOT, NOT NULL, ...), which Spark no longer accepts.
func (p *parser) rejectBang() error {
	if t := p.cur(); isOpTok(t, "!") {
		return newError(p.sql, "SYNTAX_DISCONTINUED.BANG_EQUALS_NOT", t.pos, t.end, "clause", "!")
	}
	return nil
}

func (p *parser) endOfPredicate(x ast.Expr, not bool) (ast.Expr, error) {
	if not {
		return nil, p.unexpected()
	}
	return x, nil
}

// parseExprListClose parses expr, expr, ... ) after an opening parenthesis.
func (p *parser) parseExprListClose() ([]ast.Expr, error) {
	var list []ast.Expr
	for {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		list = append(list, e)
		if !p.acceptOp(",") {
			break
		}
	}
	if !p.isOp(")") && len(list) > 1 {
		return nil, p.unexpectedInList()
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return list, nil
}

// binaryOp returns the binary operator at the current token, its precedence, how
// many tokens it spans and how it was written (when not canonical); prec is 0 when
// the token is not a binary operator.
func (p *parser) binaryOp() (op ast.BinaryOp, prec, n int, syntax string) {
	t := p.cur()
	if t.kind == tWord {
		if t.upper == "DIV" && p.startsOperand(1) {
			return ast.OpIntDiv, precMultiplicative, 1, ""
		}
		return "", 0, 0, ""
	}
	if t.kind != tOp {
		return "", 0, 0, ""
	}
	adjacentGT := func(k int) bool {
		return p.isOpAt(k, ">") && p.peek(k).pos.Offset == p.peek(k-1).end
	}
	switch t.op {
	case "*":
		return ast.OpMul, precMultiplicative, 1, ""
	case "/":
		return ast.OpDiv, precMultiplicative, 1, ""
	case "%":
		return ast.OpMod, precMultiplicative, 1, ""
	case "+":
		return ast.OpAdd, precAdditive, 1, ""
	case "-":
		return ast.OpSub, precAdditive, 1, ""
	case "||":
		return ast.OpConcat, precAdditive, 1, ""
	case "<<":
		return ast.OpShl, precShift, 1, ""
	case "&":
		return ast.OpBitAnd, precBitAnd, 1, ""
	case "^":
		return ast.OpBitXor, precBitXor, 1, ""
	case "|":
		return ast.OpBitOr, precBitOr, 1, ""
	case ">":
		if adjacentGT(1) {
			if adjacentGT(2) {
				return ast.OpShru, precShift, 3, ""
			}
			return ast.OpShr, precShift, 2, ""
		}
		return ast.OpGt, precComparison, 1, ""
	case "=", "<=>", "<>", "<", "<=", ">=":
		syntax = ""
		if t.text != t.op {
			syntax = t.text
		}
		return ast.BinaryOp(t.op), precComparison, 1, syntax
	}
	return "", 0, 0, ""
}

// startsOperand reports whether the token n ahead can begin an operand (used to tell
// the DIV operator from an alias named div).
func (p *parser) startsOperand(n int) bool {
	t := p.peek(n)
	switch t.kind {
	case tEOF, tHintEnd:
		return false
	case tOp:
		switch t.op {
		case "(", "-", "+", "~", "?", ":", "*":
			return true
		}
		return false
	case tWord:
		return !clauseWords[t.upper]
	}
	return true
}

// parseValue parses a valueExpression whose binary operators bind at least as tightly
// as minPrec (precedence climbing; all operators are left-associative).
func (p *parser) parseValue(minPrec int) (ast.Expr, error) {
	start := p.cur()
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for {
		op, prec, n, syntax := p.binaryOp()
		if prec == 0 || prec < minPrec {
			return l, nil
		}
		p.i += n
		r, err := p.parseValue(prec + 1)
		if err != nil {
			return nil, err
		}
		l = &ast.Binary{Loc: p.loc(start), Op: op, L: l, R: r, Syntax: syntax}
	}
}

func (p *parser) parseUnary() (ast.Expr, error) {
	t := p.cur()
	if t.kind == tOp {
		switch t.op {
		case "-":
			if p.peek(1).kind.isNumber() {
				// Spark's number rule takes the minus sign into the literal.
				p.next()
				lit, err := p.parseNumber(t)
				if err != nil {
					return nil, err
				}
				return p.parsePostfix(lit, t)
			}
			fallthrough
		case "+", "~":
			p.next()
			x, err := p.parseUnary()
			if err != nil {
				return nil, err
			}
			op := map[string]ast.UnaryOp{"-": ast.OpNeg, "+": ast.OpPlus, "~": ast.OpBitNot}[t.op]
			return &ast.Unary{Loc: p.loc(t), Op: op, X: x}, nil
		}
	}
	x, err := p.parsePrimary()
	if err != nil {
		return nil, err
	}
	return p.parsePostfix(x, t)
}

// parsePostfix applies subscripts, field access, qualified function calls, t.* stars,
// :: casts and COLLATE to a primary expression.
func (p *parser) parsePostfix(x ast.Expr, start token) (ast.Expr, error) {
	for {
		switch {
		case p.isOp("["):
			p.next()
			idx, err := p.parseValue(precComparison)
			if err != nil {
				return nil, err
			}
			if err := p.expectOp("]"); err != nil {
				return nil, err
			}
			x = &ast.Subscript{Loc: p.loc(start), X: x, Index: idx}
		case p.isOp("."):
			col, isCol := x.(*ast.ColumnRef)
			if p.isOpAt(1, "*") && isCol {
				p.next()
				p.next()
				star := &ast.Star{Qualifier: col.Parts}
				if err := p.parseStarExcept(star); err != nil {
					return nil, err
				}
				star.Loc = p.loc(start)
				x = star
				continue
			}
			p.next()
			field, err := p.parseIdent()
			if err != nil {
				return nil, err
			}
			if isCol {
				parts := append(append([]*ast.Ident(nil), col.Parts...), field)
				if p.isOp("(") {
					name := &ast.ObjectName{Loc: p.loc(start), Parts: parts}
					fn, err := p.parseFuncCall(name, start)
					if err != nil {
						return nil, err
					}
					x = fn
					continue
				}
				x = &ast.ColumnRef{Loc: p.loc(start), Parts: parts}
			} else {
				x = &ast.FieldAccess{Loc: p.loc(start), X: x, Field: field}
			}
		case p.isOp("::"):
			p.next()
			typ, err := p.parseDataType()
			if err != nil {
				return nil, err
			}
			x = &ast.Cast{Loc: p.loc(start), X: x, Type: typ, Colon: true}
		case p.isWord("COLLATE") && isIdentTok(p.peek(1)):
			p.next()
			name, err := p.parseMultipartIdent()
			if err != nil {
				return nil, err
			}
			x = &ast.Collate{Loc: p.loc(start), X: x, Collation: name}
		default:
			return x, nil
		}
	}
}

// parseStarExcept parses the optional EXCEPT (cols) after a star.
func (p *parser) parseStarExcept(star *ast.Star) error {
	if !p.isWord("EXCEPT") || !p.isOpAt(1, "(") || !p.isIdentListAt(1) {
		return nil
	}
	p.next()
	p.next()
	for {
		parts, err := p.parseMultipartIdent()
		if err != nil {
			return err
		}
		star.Except = append(star.Except, parts)
		if !p.acceptOp(",") {
			break
		}
	}
	return p.expectOp(")")
}

// isIdentListAt reports whether the tokens from n are ( a.b, c, ... ).
func (p *parser) isIdentListAt(n int) bool {
	if !p.isOpAt(n, "(") {
		return false
	}
	k := n + 1
	for {
		if !isIdentTok(p.peek(k)) {
			return false
		}
		k++
		for p.isOpAt(k, ".") && isIdentTok(p.peek(k+1)) {
			k += 2
		}
		if p.isOpAt(k, ")") {
			return true
		}
		if !p.isOpAt(k, ",") {
			return false
		}
		k++
	}
}

// startsQueryAt reports whether the tokens from n unambiguously begin a query.
func (p *parser) startsQueryAt(n int) bool {
	t := p.peek(n)
	if t.kind != tWord {
		return false
	}
	switch t.upper {
	case "SELECT":
		return true
	case "WITH":
		return isIdentTok(p.peek(n + 1))
	case "VALUES":
		nt := p.peek(n + 1)
		return isOpTok(nt, "(") || nt.kind.isNumber() || isStringTok(nt) || isOpTok(nt, "-") || nt.kind == tWord
	case "TABLE":
		return isIdentTok(p.peek(n + 1))
	}
	return false
}

func (p *parser) parsePrimary() (ast.Expr, error) {
	t := p.cur()
	switch t.kind {
	case tInteger, tBigInt, tSmallInt, tTinyInt, tExponent, tDecimal, tFloat, tDouble, tBigDecimal:
		return p.parseNumber(t)
	case tString, tDQString:
		val, err := p.parseStringLits()
		if err != nil {
			return nil, err
		}
		return &ast.Literal{Loc: p.loc(t), Kind: ast.StringLit, Value: val, Raw: p.sql[t.pos.Offset:p.prevEnd()]}, nil
	case tQuotedIdent:
		return p.parseIdentExpr()
	case tOp:
		switch t.op {
		case "?":
			p.next()
			e := &ast.PositionalParam{Loc: p.loc(t), Index: p.nparams}
			p.nparams++
			return e, nil
		case ":":
			if p.peek(1).kind == tWord {
				p.next()
				name := p.next()
				return &ast.NamedParam{Loc: p.loc(t), Name: name.text}, nil
			}
		case "*":
			p.next()
			star := &ast.Star{}
			if err := p.parseStarExcept(star); err != nil {
				return nil, err
			}
			star.Loc = p.loc(t)
			return star, nil
		case "(":
			return p.parseParenExpr()
		}
		return nil, p.unexpected()
	case tWord:
		return p.parseWordExpr()
	}
	return nil, p.unexpected()
}

// parseParenExpr parses what can follow '(' in an expression: a lambda's parameter
// list, a scalar subquery, a row (a, b) or a parenthesised expression.
func (p *parser) parseParenExpr() (ast.Expr, error) {
	start := p.cur()
	if n := p.lambdaParamsAt(0); n > 0 {
		p.next()
		var params []*ast.Ident
		for {
			id, err := p.parseIdent()
			if err != nil {
				return nil, err
			}
			params = append(params, id)
			if !p.acceptOp(",") {
				break
			}
		}
		p.next() // )
		p.next() // ->
		body, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		return &ast.Lambda{Loc: p.loc(start), Params: params, Body: body}, nil
	}
	subquery := func() (ast.Expr, error) {
		p.next()
		q, err := p.parseQuery()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		return &ast.Subquery{Loc: p.loc(start), Query: q}, nil
	}
	if p.startsQueryAt(1) {
		return subquery()
	}
	if p.isOpAt(1, "(") {
		// ((SELECT ...) ...) may be a subquery or an expression: try the query first.
		var e ast.Expr
		qerr := p.speculate(specSubquery, func() error {
			var err error
			e, err = subquery()
			return err
		})
		if qerr == nil {
			return e, nil
		}
		save := p.i
		e, eerr := p.parseRowOrParen()
		if eerr == nil {
			return e, nil
		}
		if further(qerr, eerr) == qerr {
			p.i = save
			return nil, qerr
		}
		return nil, eerr
	}
	return p.parseRowOrParen()
}

func (p *parser) parseRowOrParen() (ast.Expr, error) {
	start := p.cur()
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var items []ast.Expr
	for {
		e, err := p.parseNamedExpr()
		if err != nil {
			return nil, err
		}
		items = append(items, e)
		if !p.acceptOp(",") {
			break
		}
	}
	if len(items) == 1 {
		if _, aliased := items[0].(*ast.Alias); aliased {
			return nil, p.unexpected()
		}
		if _, aliased := items[0].(*ast.MultiAlias); aliased {
			return nil, p.unexpected()
		}
	} else if !p.isOp(")") {
		return nil, p.unexpectedInList()
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	if len(items) == 1 {
		return items[0], nil
	}
	return &ast.Row{Loc: p.loc(start), Items: items}, nil
}

// lambdaParamsAt returns the number of tokens of "(a, b, ...) ->" starting n ahead
// (at least two parameters, as in Spark), or 0.
func (p *parser) lambdaParamsAt(n int) int {
	if !p.isOpAt(n, "(") {
		return 0
	}
	k, params := n+1, 0
	for {
		if !isIdentTok(p.peek(k)) {
			return 0
		}
		params++
		k++
		if p.isOpAt(k, ",") {
			k++
			continue
		}
		if params >= 2 && p.isOpAt(k, ")") && p.isOpAt(k+1, "->") {
			return k + 2 - n
		}
		return 0
	}
}

// parseIdentExpr parses an expression that starts with an identifier: a lambda
// x -> ..., a function call f(...), or a column reference.
func (p *parser) parseIdentExpr() (ast.Expr, error) {
	start := p.cur()
	if p.isOpAt(1, "->") {
		id, err := p.parseIdent()
		if err != nil {
			return nil, err
		}
		p.next()
		body, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		return &ast.Lambda{Loc: p.loc(start), Params: []*ast.Ident{id}, Body: body}, nil
	}
	id, err := p.parseIdent()
	if err != nil {
		return nil, err
	}
	if p.isOp("(") {
		name := &ast.ObjectName{Loc: p.loc(start), Parts: []*ast.Ident{id}}
		return p.parseFuncCall(name, start)
	}
	return &ast.ColumnRef{Loc: p.loc(start), Parts: []*ast.Ident{id}}, nil
}

// parseWordExpr parses a primary expression that starts with an unquoted word: a
// keyword-led form (CASE, CAST, INTERVAL, typed literals, ...) or an identifier.
func (p *parser) parseWordExpr() (ast.Expr, error) {
	t := p.cur()
	next := p.peek(1)
	paren := isOpTok(next, "(")
	switch t.upper {
	case "NULL":
		p.next()
		return &ast.Literal{Loc: p.loc(t), Kind: ast.NullLit, Raw: t.text}, nil
	case "TRUE", "FALSE":
		p.next()
		return &ast.Literal{Loc: p.loc(t), Kind: ast.BoolLit, Value: strings.ToLower(t.upper), Raw: t.text}, nil
	case "CASE":
		return p.parseCase()
	case "CAST", "TRY_CAST":
		if paren {
			return p.parseCast()
		}
	case "STRUCT":
		if paren {
			p.next()
			p.next()
			s := &ast.Struct{}
			if !p.isOp(")") {
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
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			s.Loc = p.loc(t)
			return s, nil
		}
	case "EXTRACT":
		if paren && isIdentTok(p.peek(2)) && p.isWordAt(3, "FROM") {
			p.next()
			p.next()
			field, err := p.parseIdent()
			if err != nil {
				return nil, err
			}
			p.next() // FROM
			src, err := p.parseValue(precComparison)
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			return &ast.Extract{Loc: p.loc(t), Field: field, Source: src}, nil
		}
	case "POSITION", "SUBSTR", "SUBSTRING", "TRIM", "OVERLAY":
		if paren {
			return p.parseSpecialCall()
		}
	case "TIMESTAMPADD", "DATEADD", "DATE_ADD", "TIMESTAMPDIFF", "DATEDIFF", "DATE_DIFF", "TIMEDIFF":
		if paren && p.peek(2).kind == tWord && datetimeUnits[p.peek(2).upper] && p.isOpAt(3, ",") {
			p.next()
			p.next()
			unit := p.next().upper
			p.next() // ,
			a, err := p.parseValue(precComparison)
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(","); err != nil {
				return nil, err
			}
			b, err := p.parseValue(precComparison)
			if err != nil {
				return nil, err
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
			return &ast.DatetimeUnitCall{Loc: p.loc(t), Name: t.upper, Unit: unit, A: a, B: b}, nil
		}
	case "IDENTIFIER":
		if paren {
			name, err := p.parseObjectName()
			if err != nil {
				return nil, err
			}
			if p.isOp("(") {
				return p.parseFuncCall(name, t)
			}
			return &ast.IdentifierClause{Loc: p.loc(t), X: name.Identifier}, nil
		}
	case "INTERVAL":
		if isStringTok(next) || next.kind.isNumber() || (isOpTok(next, "-") || isOpTok(next, "+")) && (isStringTok(p.peek(2)) || p.peek(2).kind.isNumber()) {
			// Not an interval after all (interval + 1): a column named interval.
			var e ast.Expr
			ierr := p.speculate(specInterval, func() error {
				var err error
				e, err = p.parseInterval()
				return err
			})
			if ierr == nil {
				return e, nil
			}
			if isOpTok(next, "-") || isOpTok(next, "+") {
				save := p.i
				e, cerr := p.parseIdentExpr()
				if cerr == nil {
					return e, nil
				}
				p.i = save
			}
			return nil, ierr
		}
	}
	if isStringTok(next) {
		return p.parseTypedLiteral()
	}
	return p.parseIdentExpr()
}

// parseSpecialCall parses POSITION(a IN b), SUBSTRING(s FROM p FOR l),
// TRIM(BOTH c FROM s) and OVERLAY(a PLACING b FROM p FOR l), falling back to an
// ordinary function call when the arguments do not have the special form.
func (p *parser) parseSpecialCall() (ast.Expr, error) {
	var e ast.Expr
	serr := p.speculate(specSpecialCall, func() error {
		var err error
		e, err = p.parseSpecialForm()
		return err
	})
	if serr == nil {
		return e, nil
	}
	save := p.i
	e, ferr := p.parseIdentExpr()
	if ferr == nil {
		return e, nil
	}
	if further(serr, ferr) == serr {
		p.i = save
		return nil, serr
	}
	return nil, ferr
}

func (p *parser) parseSpecialForm() (ast.Expr, error) {
	t := p.next()
	p.next() // (
	value := func() (ast.Expr, error) { return p.parseValue(precComparison) }
	switch t.upper {
	case "POSITION":
		sub, err := value()
		if err != nil {
			return nil, err
		}
		if err := p.expectWords("IN"); err != nil {
			return nil, err
		}
		str, err := value()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		return &ast.Position{Loc: p.loc(t), Substr: sub, Str: str}, nil
	case "SUBSTR", "SUBSTRING":
		str, err := value()
		if err != nil {
			return nil, err
		}
		if !p.acceptOp(",") {
			if err := p.expectWords("FROM"); err != nil {
				return nil, err
			}
		}
		from, err := value()
		if err != nil {
			return nil, err
		}
		s := &ast.Substring{Name: t.upper, Str: str, From: from}
		if p.acceptOp(",") || p.acceptWords("FOR") {
			if s.For, err = value(); err != nil {
				return nil, err
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		s.Loc = p.loc(t)
		return s, nil
	case "TRIM":
		tr := &ast.Trim{}
		if p.isAnyWord("BOTH", "LEADING", "TRAILING") {
			tr.Option = p.next().upper
		}
		if !p.isWord("FROM") {
			chars, err := value()
			if err != nil {
				return nil, err
			}
			tr.Chars = chars
		}
		if err := p.expectWords("FROM"); err != nil {
			return nil, err
		}
		src, err := value()
		if err != nil {
			return nil, err
		}
		tr.Src = src
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		tr.Loc = p.loc(t)
		return tr, nil
	default: // OVERLAY
		o := &ast.Overlay{}
		var err error
		if o.Input, err = value(); err != nil {
			return nil, err
		}
		if err := p.expectWords("PLACING"); err != nil {
			return nil, err
		}
		if o.Replace, err = value(); err != nil {
			return nil, err
		}
		if err := p.expectWords("FROM"); err != nil {
			return nil, err
		}
		if o.From, err = value(); err != nil {
			return nil, err
		}
		if p.isWord("FOR") {
			p.next()
			if o.For, err = value(); err != nil {
				return nil, err
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		o.Loc = p.loc(t)
		return o, nil
	}
}

func (p *parser) parseCase() (ast.Expr, error) {
	start := p.next()
	c := &ast.Case{}
	if !p.isWord("WHEN") {
		op, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Operand = op
	}
	for p.isWord("WHEN") {
		w := p.next()
		cond, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expectWords("THEN"); err != nil {
			return nil, err
		}
		res, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, &ast.When{Loc: p.loc(w), Cond: cond, Result: res})
	}
	if len(c.Whens) == 0 {
		return nil, p.unexpected()
	}
	if p.isWord("ELSE") {
		p.next()
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		c.Else = e
	}
	if err := p.expectWords("END"); err != nil {
		return nil, err
	}
	c.Loc = p.loc(start)
	return c, nil
}

func (p *parser) parseCast() (ast.Expr, error) {
	start := p.next()
	p.next() // (
	x, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if err := p.expectWords("AS"); err != nil {
		return nil, err
	}
	typ, err := p.parseDataType()
	if err != nil {
		return nil, err
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return &ast.Cast{Loc: p.loc(start), X: x, Type: typ, Try: start.upper == "TRY_CAST"}, nil
}

// parseFuncCall parses the argument list and trailing clauses of a call to name;
// the current token is '('.
func (p *parser) parseFuncCall(name *ast.ObjectName, start token) (ast.Expr, error) {
	p.next() // (
	fn := &ast.FuncCall{Name: name}
	if p.isAnyWord("DISTINCT", "ALL") && !p.isOpAt(1, ")") && !p.isOpAt(1, ",") {
		fn.Quantifier = ast.SetQuantifier(p.next().upper)
	}
	if !p.isOp(")") {
		for {
			arg, err := p.parseFuncArg()
			if err != nil {
				return nil, err
			}
			fn.Args = append(fn.Args, arg)
			if !p.acceptOp(",") {
				break
			}
		}
		if len(fn.Args) == 1 && len(name.Parts) == 1 && p.isWord("IGNORE") && p.isWordAt(1, "NULLS") {
			switch strings.ToUpper(name.Parts[0].Name) {
			case "FIRST", "LAST", "ANY_VALUE":
				p.i += 2
				fn.Nulls = "IGNORE"
			}
		}
		if len(fn.Args) > 1 && !p.isOp(")") {
			return nil, p.unexpectedInList()
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	if p.isWord("WITHIN") && p.isWordAt(1, "GROUP") && p.isOpAt(2, "(") {
		p.i += 3
		if err := p.expectWords("ORDER", "BY"); err != nil {
			return nil, err
		}
		items, err := p.parseSortItems()
		if err != nil {
			return nil, err
		}
		fn.WithinGroup = items
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.isWord("FILTER") && p.isOpAt(1, "(") {
		p.i += 2
		if err := p.expectWords("WHERE"); err != nil {
			return nil, err
		}
		f, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		fn.Filter = f
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.isAnyWord("IGNORE", "RESPECT") && p.isWordAt(1, "NULLS") {
		fn.Nulls = p.next().upper
		p.next()
	}
	if p.isWord("OVER") && (p.isOpAt(1, "(") || isIdentTok(p.peek(1))) {
		p.next()
		w, err := p.parseWindowSpec()
		if err != nil {
			return nil, err
		}
		fn.Over = w
	}
	fn.Loc = p.loc(start)
	return fn, nil
}

// parseFuncArg parses an argument: name => value or an expression.
func (p *parser) parseFuncArg() (ast.Expr, error) {
	if isIdentTok(p.cur()) && p.isOpAt(1, "=>") {
		start := p.cur()
		id, err := p.parseIdent()
		if err != nil {
			return nil, err
		}
		p.next()
		v, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		return &ast.NamedArg{Loc: p.loc(start), Name: id, Value: v}, nil
	}
	return p.parseExpr()
}

// parseWindowSpec parses what follows OVER or name AS in a WINDOW clause.
func (p *parser) parseWindowSpec() (*ast.WindowSpec, error) {
	start := p.cur()
	if !p.isOp("(") {
		id, err := p.parseErrorCapturingIdent()
		if err != nil {
			return nil, err
		}
		return &ast.WindowSpec{Loc: p.loc(start), Ref: id}, nil
	}
	if isIdentTok(p.peek(1)) && p.isOpAt(2, ")") {
		p.next()
		id, err := p.parseIdent()
		if err != nil {
			return nil, err
		}
		p.next()
		return &ast.WindowSpec{Loc: p.loc(start), Ref: id}, nil
	}
	p.next()
	w := &ast.WindowSpec{}
	var err error
	switch {
	case p.isWord("CLUSTER") && p.isWordAt(1, "BY"):
		p.i += 2
		w.ClusterBy = true
		if w.PartitionBy, err = p.parseExprList(); err != nil {
			return nil, err
		}
	case p.isAnyWord("PARTITION", "DISTRIBUTE") && p.isWordAt(1, "BY"):
		p.i += 2
		if w.PartitionBy, err = p.parseExprList(); err != nil {
			return nil, err
		}
	}
	if !w.ClusterBy && p.isAnyWord("ORDER", "SORT") && p.isWordAt(1, "BY") {
		p.i += 2
		if w.OrderBy, err = p.parseSortItems(); err != nil {
			return nil, err
		}
	}
	if p.isAnyWord("ROWS", "RANGE") {
		if w.Frame, err = p.parseWindowFrame(); err != nil {
			return nil, err
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	w.Loc = p.loc(start)
	return w, nil
}

func (p *parser) parseWindowFrame() (*ast.WindowFrame, error) {
	start := p.next()
	f := &ast.WindowFrame{Type: start.upper}
	var err error
	if p.isWord("BETWEEN") {
		p.next()
		if f.Start, err = p.parseFrameBound(); err != nil {
			return nil, err
		}
		if err := p.expectWords("AND"); err != nil {
			return nil, err
		}
		if f.End, err = p.parseFrameBound(); err != nil {
			return nil, err
		}
	} else if f.Start, err = p.parseFrameBound(); err != nil {
		return nil, err
	}
	f.Loc = p.loc(start)
	return f, nil
}

func (p *parser) parseFrameBound() (*ast.FrameBound, error) {
	start := p.cur()
	switch {
	case p.isWord("UNBOUNDED") && p.isAnyWordAt(1, "PRECEDING", "FOLLOWING"):
		p.next()
		kind := ast.UnboundedPreceding
		if p.next().upper == "FOLLOWING" {
			kind = ast.UnboundedFollowing
		}
		return &ast.FrameBound{Loc: p.loc(start), Kind: kind}, nil
	case p.isWord("CURRENT") && p.isWordAt(1, "ROW"):
		p.i += 2
		return &ast.FrameBound{Loc: p.loc(start), Kind: ast.CurrentRow}, nil
	}
	off, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	if !p.isAnyWord("PRECEDING", "FOLLOWING") {
		return nil, p.unexpected()
	}
	kind := ast.Preceding
	if p.next().upper == "FOLLOWING" {
		kind = ast.Following
	}
	return &ast.FrameBound{Loc: p.loc(start), Kind: kind, Offset: off}, nil
}

func (p *parser) isAnyWordAt(n int, kws ...string) bool {
	for _, kw := range kws {
		if p.isWordAt(n, kw) {
			return true
		}
	}
	return false
}

// parseExprList parses expr, expr, ....
func (p *parser) parseExprList() ([]ast.Expr, error) {
	var list []ast.Expr
	for {
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		list = append(list, e)
		if !p.acceptOp(",") {
			return list, nil
		}
	}
}

// parseSortItems parses expr [ASC|DESC] [NULLS FIRST|LAST], ....
func (p *parser) parseSortItems() ([]*ast.SortItem, error) {
	var items []*ast.SortItem
	for {
		start := p.cur()
		x, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		s := &ast.SortItem{X: x}
		if p.isWord("ASC") {
			p.next()
			s.Asc = true
		} else if p.isWord("DESC") {
			p.next()
			s.Desc = true
		}
		if p.isWord("NULLS") && p.isAnyWordAt(1, "FIRST", "LAST") {
			p.next()
			s.Nulls = p.next().upper
		}
		s.Loc = p.loc(start)
		items = append(items, s)
		if !p.acceptOp(",") {
			return items, nil
		}
	}
}

// parseNamedExpr parses expr [[AS] alias | AS (a, b)].
func (p *parser) parseNamedExpr() (ast.Expr, error) {
	start := p.cur()
	x, err := p.parseExpr()
	if err != nil {
		return nil, err
	}
	hasAS := false
	if p.isWord("AS") {
		hasAS = true
		p.next()
		if p.isOp("(") {
			names, err := p.parseIdentList()
			if err != nil {
				return nil, err
			}
			return &ast.MultiAlias{Loc: p.loc(start), X: x, Names: names}, nil
		}
	}
	if hasAS || p.canImplicitAlias() {
		name, err := p.parseErrorCapturingIdent()
		if err != nil {
			return nil, err
		}
		return &ast.Alias{Loc: p.loc(start), X: x, Name: name}, nil
	}
	return x, nil
}
