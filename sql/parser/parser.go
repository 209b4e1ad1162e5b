package parser

import (
	"strings"

	"github.com/fulgur/fulgur/sql/ast"
)

// Parse parses one SQL statement; trailing semicolons are allowed.
func Parse(sql string) (ast.Stmt, error) {
	p := newParser(sql)
	if strings.TrimSpace(sql) == "" {
		return nil, p.finishErr(newError(sql, "PARSE_EMPTY_STATEMENT", p.cur().pos, -1))
	}
	stmt, err := p.parseStatement()
	if err == nil {
		err = p.expectEnd(true)
	}
	if err != nil {
		return nil, p.finishErr(p.withDeletionHint(err))
	}
	if err := p.finishErr(nil); err != nil {
		return nil, err
	}
	return stmt, nil
}

// ParseExpr parses one expression, optionally aliased (a + 1 AS x), as Spark's
// parseExpression does.
func ParseExpr(sql string) (ast.Expr, error) {
	p := newParser(sql)
	e, err := p.parseNamedExpr()
	if err == nil {
		err = p.expectEnd(false)
	}
	if err := p.finishErr(err); err != nil {
		return nil, err
	}
	return e, nil
}

// ParseDataType parses a data type written in Spark's DDL syntax, such as
// decimal(10,2), array<struct<a:int,b:string>> or map<string,int>.
func ParseDataType(sql string) (ast.DataType, error) {
	p := newParser(sql)
	t, err := p.parseDataType()
	if err == nil {
		err = p.expectEnd(false)
	}
	if err := p.finishErr(err); err != nil {
		return nil, err
	}
	return t, nil
}

// ParseTableSchema parses a table schema such as "a INT, b STRING NOT NULL COMMENT 'x'"
// (Spark's singleTableSchema, used by DataFrameReader.schema and DDL strings).
func ParseTableSchema(sql string) ([]*ast.ColumnDef, error) {
	p := newParser(sql)
	cols, err := p.parseColumnDefs(false)
	if err == nil {
		err = p.expectEnd(false)
	}
	if err := p.finishErr(err); err != nil {
		return nil, err
	}
	return cols, nil
}

type parser struct {
	sql  string
	toks []token
	i    int
	lx   *lexer
	// nparams counts positional parameters seen so far.
	nparams int
	// failed remembers speculative parses that failed (see speculate).
	failed map[specKey]error
	// aliasCandidate is the index of the last token refused as an implicit alias
	// because it is a clause keyword (see expectEnd).
	aliasCandidate int
}

func newParser(sql string) *parser {
	toks, lx := lex(sql)
	return &parser{sql: sql, toks: toks, lx: lx, aliasCandidate: -1}
}

// finishErr applies the rule that an unclosed bracketed comment is reported instead
// of a failure it caused (one at the end of the input) and instead of success.
func (p *parser) finishErr(err error) error {
	if !p.lx.unclosedComment {
		return err
	}
	if e, ok := err.(*Error); ok && e.Offset < p.lx.unclosedAt.Offset && e.Class != "PARSE_EMPTY_STATEMENT" {
		return err
	}
	return newError(p.sql, "UNCLOSED_BRACKETED_COMMENT", ast.Pos{}, -1)
}

func (p *parser) cur() token { return p.toks[p.i] }

func (p *parser) peek(n int) token {
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

// prevEnd is the end offset of the last consumed token.
func (p *parser) prevEnd() int {
	if p.i == 0 {
		return 0
	}
	return p.toks[p.i-1].end
}

func (p *parser) loc(start token) ast.Loc { return ast.Loc{Start: start.pos, End: p.prevEnd()} }

func (p *parser) locFrom(start ast.Pos) ast.Loc { return ast.Loc{Start: start, End: p.prevEnd()} }

func isWordTok(t token, kw string) bool { return t.kind == tWord && t.upper == kw }

func (p *parser) isWord(kw string) bool { return isWordTok(p.cur(), kw) }

func (p *parser) isWordAt(n int, kw string) bool { return isWordTok(p.peek(n), kw) }

// isAnyWord reports whether the current token is one of the keywords.
func (p *parser) isAnyWord(kws ...string) bool {
	t := p.cur()
	if t.kind != tWord {
		return false
	}
	for _, kw := range kws {
		if t.upper == kw {
			return true
		}
	}
	return false
}

// acceptWords consumes the keyword sequence if the input starts with all of it.
func (p *parser) acceptWords(kws ...string) bool {
	for k, kw := range kws {
		if !p.isWordAt(k, kw) {
			return false
		}
	}
	p.i += len(kws)
	return true
}

func (p *parser) expectWords(kws ...string) error {
	for _, kw := range kws {
		if !p.isWord(kw) {
			return p.unexpectedExpecting(func(t token) bool { return isWordTok(t, kw) })
		}
		p.next()
	}
	return nil
}

func isOpTok(t token, op string) bool { return t.kind == tOp && t.op == op }

func (p *parser) isOp(op string) bool { return isOpTok(p.cur(), op) }

func (p *parser) isOpAt(n int, op string) bool { return isOpTok(p.peek(n), op) }

func (p *parser) acceptOp(op string) bool {
	if p.isOp(op) {
		p.next()
		return true
	}
	return false
}

func (p *parser) expectOp(op string) error {
	if p.acceptOp(op) {
		return nil
	}
	return p.unexpectedExpecting(func(t token) bool { return isOpTok(t, op) })
}

// unexpected is a syntax error at the current token.
func (p *parser) unexpected() error { return p.syntaxErrorAt(p.cur(), "") }

// unexpectedExpecting is a syntax error at the current token where a token matching
// want was expected; like Spark's error strategy, it reports the current token as
// extra input when the token after it is the one expected.
func (p *parser) unexpectedExpecting(want func(token) bool) error {
	t := p.cur()
	if t.kind != tEOF && want(p.peek(1)) {
		return p.syntaxErrorAt(t, ": extra input "+tokenDisplay(t))
	}
	return p.syntaxErrorAt(t, "")
}

// unexpectedInList is the error inside a comma-separated list after at least one
// comma, where Spark's error strategy reports the token as extra input.
func (p *parser) unexpectedInList() error {
	t := p.cur()
	if t.kind == tEOF {
		return p.syntaxErrorAt(t, "")
	}
	return p.syntaxErrorAt(t, ": extra input "+tokenDisplay(t))
}

func (p *parser) syntaxErrorAt(t token, hint string) *Error {
	return newError(p.sql, "PARSE_SYNTAX_ERROR", t.pos, -1, "error", tokenDisplay(t), "hint", hint)
}

// fragmentError is an error over the source text from start to the end of the last
// consumed token, in the form Spark uses for errors raised while building its tree.
func (p *parser) fragmentError(class string, start ast.Pos, params ...string) *Error {
	return newError(p.sql, class, start, p.prevEnd(), params...)
}

// expectEnd checks that only semicolons (when allowed) remain.
func (p *parser) expectEnd(semicolons bool) error {
	sawSemicolon := false
	if semicolons {
		for p.acceptOp(";") {
			sawSemicolon = true
		}
	}
	t := p.cur()
	if t.kind == tEOF {
		return nil
	}
	if sawSemicolon {
		return p.syntaxErrorAt(t, ": extra input "+tokenDisplay(t))
	}
	// Spark's parser reads a clause keyword left over here (GROUP without BY, ...)
	// as an alias of what precedes it and reports the token after it; a join keyword
	// cannot be an alias there, so the token after it is reported without a hint.
	if p.aliasCandidate == p.i && t.kind == tWord && p.peek(1).kind != tEOF && !isOpTok(p.peek(1), ";") {
		if joinWords[t.upper] {
			return p.syntaxErrorAt(p.peek(1), "")
		}
		if !strictNonReserved[t.upper] {
			p.next()
			t = p.cur()
		}
	}
	rest := p.peek(1)
	if semicolons {
		for k := 1; isOpTok(rest, ";"); k++ {
			rest = p.peek(k + 1)
		}
	}
	if rest.kind == tEOF {
		return p.syntaxErrorAt(t, ": extra input "+tokenDisplay(t))
	}
	return p.syntaxErrorAt(t, "")
}

// withDeletionHint adds Spark's ": extra input" hint to a syntax error at the last
// token of the statement when the statement parses without that token, as ANTLR's
// single-token deletion does.
func (p *parser) withDeletionHint(err error) error {
	e, ok := err.(*Error)
	if !ok || e.Class != "PARSE_SYNTAX_ERROR" || e.Params["hint"] != "" {
		return err
	}
	k := -1
	for i, t := range p.toks {
		if t.pos.Offset == e.Offset && t.kind != tEOF {
			k = i
			break
		}
	}
	if k < 0 || p.toks[k+1].kind != tEOF {
		return err
	}
	q := &parser{sql: p.sql, lx: p.lx, aliasCandidate: -1}
	q.toks = append(append([]token(nil), p.toks[:k]...), p.toks[k+1:]...)
	if _, perr := q.parseStatement(); perr != nil || q.expectEnd(true) != nil {
		return err
	}
	e.Params["hint"] = ": extra input " + tokenDisplay(p.toks[k])
	return e
}

// Kinds of speculative parses, for the memo of failures.
const (
	specSubquery = iota
	specInterval
	specSpecialCall
	specGroupingSet
	specSubqueryRel
)

type specKey struct{ kind, at int }

// speculate runs f and, if it fails, rewinds the parser to where it was. Failures
// are remembered by kind and position, so that nested constructs that are retried
// after an outer attempt fails are not re-tried themselves: without the memo,
// trim(trim(trim(...))) would take time exponential in its depth.
func (p *parser) speculate(kind int, f func() error) error {
	key := specKey{kind, p.i}
	if err, failed := p.failed[key]; failed {
		return err
	}
	save, saveParams := p.i, p.nparams
	if err := f(); err != nil {
		p.i, p.nparams = save, saveParams
		if p.failed == nil {
			p.failed = map[specKey]error{}
		}
		p.failed[key] = err
		return err
	}
	return nil
}

// further returns the error found further into the input (the first on a tie).
func further(a, b error) error {
	ea, okA := a.(*Error)
	eb, okB := b.(*Error)
	if okA && okB && eb.Offset > ea.Offset {
		return b
	}
	return a
}

// --- identifiers and names ---

// isIdent reports whether the current token can be an identifier: any unquoted word
// (Spark's default mode lets keywords be identifiers) or a backquoted name.
func (p *parser) isIdent() bool { return isIdentTok(p.cur()) }

func isIdentTok(t token) bool { return t.kind == tWord || t.kind == tQuotedIdent }

// parseIdent parses one identifier.
func (p *parser) parseIdent() (*ast.Ident, error) {
	t := p.cur()
	switch t.kind {
	case tWord:
		if err := p.checkUnquoted(t); err != nil {
			return nil, err
		}
		p.next()
		return &ast.Ident{Loc: p.loc(t), Name: t.text}, nil
	case tQuotedIdent:
		p.next()
		return &ast.Ident{Loc: p.loc(t), Name: t.val, Quoted: true}, nil
	}
	return nil, p.unexpected()
}

// checkUnquoted rejects unquoted identifiers outside Spark's rules (ASCII letters,
// digits and underscores), as Spark's parser does after lexing.
func (p *parser) checkUnquoted(t token) error {
	for _, r := range t.text {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return newError(p.sql, "INVALID_IDENTIFIER", t.pos, -1, "ident", t.text)
		}
	}
	return nil
}

// parseErrorCapturingIdent parses an identifier where Spark reports a dashed name
// such as test-table as INVALID_IDENTIFIER.
func (p *parser) parseErrorCapturingIdent() (*ast.Ident, error) {
	start := p.cur()
	id, err := p.parseIdent()
	if err != nil {
		return nil, err
	}
	if p.isOp("-") && isIdentTok(p.peek(1)) {
		start = p.cur()
		text := id.Name
		for p.isOp("-") && isIdentTok(p.peek(1)) {
			p.next()
			text += "-" + p.next().text
		}
		return nil, newError(p.sql, "INVALID_IDENTIFIER", start.pos, -1, "ident", text)
	}
	return id, nil
}

// parseMultipartIdent parses a.b.c.
func (p *parser) parseMultipartIdent() ([]*ast.Ident, error) {
	var parts []*ast.Ident
	for {
		id, err := p.parseErrorCapturingIdent()
		if err != nil {
			return nil, err
		}
		parts = append(parts, id)
		if !p.isOp(".") {
			return parts, nil
		}
		p.next()
	}
}

// parseObjectName parses Spark's identifierReference: IDENTIFIER(expr) or a.b.c.
func (p *parser) parseObjectName() (*ast.ObjectName, error) {
	start := p.cur()
	if p.isWord("IDENTIFIER") && p.isOpAt(1, "(") {
		p.next()
		p.next()
		e, err := p.parseExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		return &ast.ObjectName{Loc: p.loc(start), Identifier: e}, nil
	}
	parts, err := p.parseMultipartIdent()
	if err != nil {
		return nil, err
	}
	return &ast.ObjectName{Loc: p.loc(start), Parts: parts}, nil
}

// parseIdentList parses (a, b, c).
func (p *parser) parseIdentList() ([]*ast.Ident, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	var ids []*ast.Ident
	for {
		id, err := p.parseErrorCapturingIdent()
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return ids, nil
}

// parseStringLit parses one string literal (Spark's stringLit) and returns its value.
func (p *parser) parseStringLit() (string, error) {
	if !p.isString() {
		return "", p.unexpected()
	}
	return p.next().val, nil
}

// parseStringLits parses one or more adjacent string literals (Spark's stringLit+ in
// constants and typed literals) and returns their concatenated value.
func (p *parser) parseStringLits() (string, error) {
	if !p.isString() {
		return "", p.unexpected()
	}
	var b strings.Builder
	for p.isString() {
		b.WriteString(p.next().val)
	}
	return b.String(), nil
}

func (p *parser) isString() bool { return isStringTok(p.cur()) }

func isStringTok(t token) bool { return t.kind == tString || t.kind == tDQString }
