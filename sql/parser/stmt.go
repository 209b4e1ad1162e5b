package parser

import (
	"regexp"
	"strings"

	"github.com/fulgur/fulgur/sql/ast"
)

// unsupportedStatements start statements Spark accepts that Fulgur does not parse
// yet; they fail with INVALID_SQL_SYNTAX.UNSUPPORTED_SQL_STATEMENT rather than a
// syntax error.
var unsupportedStatements = set("ALTER", "ANALYZE", "MERGE", "UPDATE", "DELETE", "DECLARE",
	"EXECUTE", "LOAD", "MSCK", "REPAIR", "COMMENT", "ADD", "LIST", "GRANT", "REVOKE", "LOCK",
	"UNLOCK", "EXPORT", "IMPORT", "START", "COMMIT", "ROLLBACK", "DFS", "CALL", "BEGIN", "FROM")

func (p *parser) parseStatement() (ast.Stmt, error) {
	t := p.cur()
	if p.isOp("(") {
		return p.parseQuery()
	}
	if t.kind != tWord {
		return nil, p.unexpected()
	}
	switch t.upper {
	case "SELECT", "VALUES", "TABLE":
		return p.parseQuery()
	case "WITH":
		w, err := p.parseWith()
		if err != nil {
			return nil, err
		}
		if p.isWord("INSERT") {
			ins, err := p.parseInsert()
			if err != nil {
				return nil, err
			}
			ins.Query.With = w
			ins.Loc = p.loc(t)
			return ins, nil
		}
		return p.parseQueryAfterWith(t, w)
	case "SET":
		return p.parseSet()
	case "RESET":
		return p.parseReset()
	case "USE":
		return p.parseUse()
	case "CREATE", "REPLACE":
		return p.parseCreate()
	case "DROP":
		return p.parseDrop()
	case "INSERT":
		return p.parseInsert()
	case "SHOW":
		return p.parseShow()
	case "DESC", "DESCRIBE":
		return p.parseDescribe()
	case "EXPLAIN":
		p.next()
		e := &ast.Explain{}
		if p.isAnyWord("LOGICAL", "FORMATTED", "EXTENDED", "CODEGEN", "COST") {
			e.Mode = p.next().upper
		}
		s, err := p.parseStatement()
		if err != nil {
			return nil, err
		}
		if e.Mode == "LOGICAL" {
			return nil, p.fragmentError("INVALID_STATEMENT_OR_CLAUSE", t.pos, "operation", "EXPLAIN LOGICAL")
		}
		e.Stmt = s
		e.Loc = p.loc(t)
		return e, nil
	case "CACHE":
		return p.parseCache()
	case "UNCACHE":
		p.next()
		if err := p.expectWords("TABLE"); err != nil {
			return nil, err
		}
		u := &ast.UncacheTable{IfExists: p.acceptWords("IF", "EXISTS")}
		var err error
		if u.Name, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		u.Loc = p.loc(t)
		return u, nil
	case "CLEAR":
		p.next()
		if err := p.expectWords("CACHE"); err != nil {
			return nil, err
		}
		return &ast.ClearCache{Loc: p.loc(t)}, nil
	case "TRUNCATE":
		p.next()
		if err := p.expectWords("TABLE"); err != nil {
			return nil, err
		}
		tt := &ast.TruncateTable{}
		var err error
		if tt.Name, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		if tt.Partition, err = p.parsePartitionSpec(); err != nil {
			return nil, err
		}
		tt.Loc = p.loc(t)
		return tt, nil
	case "REFRESH":
		return p.parseRefresh()
	}
	if unsupportedStatements[t.upper] {
		return nil, p.unsupported(t)
	}
	return nil, p.unexpected()
}

// Spark reads SET and RESET from the raw text with these patterns.
var (
	configKeyValueDef = regexp.MustCompile(`^([a-zA-Z_\d\\.:]+)\s*=([^;]*);*$`)
	configKeyDef      = regexp.MustCompile(`^([a-zA-Z_\d\\.:]+)$`)
	configValueDef    = regexp.MustCompile(`^([^;]*);*$`)
)

// remainder is the statement text after token t, trimmed.
func (p *parser) remainder(t token) string { return strings.TrimSpace(p.sql[t.end:]) }

// consumeAll moves to the end of the input (for statements read as raw text).
func (p *parser) consumeAll() {
	for p.cur().kind != tEOF {
		p.next()
	}
}

func (p *parser) parseSet() (ast.Stmt, error) {
	start := p.next() // SET
	switch {
	case p.isWord("TIME") && p.isWordAt(1, "ZONE"):
		p.i += 2
		tz := &ast.SetTimeZone{}
		switch {
		case p.isWord("LOCAL"):
			p.next()
			tz.Local = true
		case p.isString():
			v, err := p.parsePrimary()
			if err != nil {
				return nil, err
			}
			tz.Value = v
		case p.isWord("INTERVAL"):
			v, err := p.parseInterval()
			if err != nil {
				return nil, err
			}
			tz.Value = v
		}
		if tz.Value == nil && !tz.Local || !p.atEnd() {
			p.consumeAll()
			return nil, p.fragmentError("_LEGACY_ERROR_TEMP_0045", start.pos)
		}
		tz.Loc = p.loc(start)
		return tz, nil
	case p.isWord("CATALOG") && (isIdentTok(p.peek(1)) || isStringTok(p.peek(1))):
		p.next()
		sc := &ast.SetCatalog{}
		if p.isString() {
			v, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			sc.Name = v
		} else {
			id, err := p.parseErrorCapturingIdent()
			if err != nil {
				return nil, err
			}
			sc.Name = id.Name
		}
		sc.Loc = p.loc(start)
		return sc, nil
	case p.isAnyWord("VAR", "VARIABLE", "ROLE", "COLLATION"):
		return nil, p.unsupported(start)
	}
	sc := &ast.SetConfig{}
	t := p.cur()
	switch {
	case t.kind == tQuotedIdent:
		// SET `key` [= value], where a backquoted value is taken without its quotes.
		p.next()
		sc.Key = t.val
		if !p.isOp("=") {
			if !p.atEnd() {
				p.consumeAll()
				return nil, p.fragmentError("INVALID_SET_SYNTAX", start.pos)
			}
			sc.Kind = ast.SetGet
			break
		}
		eq := p.next()
		sc.Kind = ast.SetAssign
		if v := p.cur(); v.kind == tQuotedIdent && p.atEndAt(1) {
			p.next()
			sc.Value = v.val
			break
		}
		m := configValueDef.FindStringSubmatch(p.remainder(eq))
		if m == nil {
			p.consumeAll()
			return nil, p.fragmentError("INVALID_SET_SYNTAX", start.pos)
		}
		sc.Value = strings.TrimSpace(m[1])
		p.consumeAll()
	case p.lastIsQuotedValue():
		// SET key = `value`.
		eq := p.toks[p.lastValueIdx()-1]
		key := strings.TrimSpace(p.sql[start.end:eq.pos.Offset])
		val := p.toks[p.lastValueIdx()].val
		p.consumeAll()
		if !configKeyDef.MatchString(key) {
			return nil, p.fragmentError("INVALID_PROPERTY_KEY", start.pos, "key", `"`+key+`"`, "value", `"`+val+`"`)
		}
		sc.Kind, sc.Key, sc.Value = ast.SetAssign, key, val
	default:
		rest := p.remainder(start)
		p.consumeAll()
		if m := configKeyValueDef.FindStringSubmatch(rest); m != nil {
			sc.Kind, sc.Key, sc.Value = ast.SetAssign, m[1], strings.TrimSpace(m[2])
		} else if k := strings.TrimRight(rest, ";"); configKeyDef.MatchString(strings.TrimSpace(k)) {
			sc.Kind, sc.Key = ast.SetGet, strings.TrimSpace(k)
		} else if strings.TrimSpace(k) == "-v" {
			sc.Kind = ast.SetListDocs
		} else if strings.TrimSpace(k) == "" {
			sc.Kind = ast.SetListAll
		} else {
			return nil, p.fragmentError("INVALID_SET_SYNTAX", start.pos)
		}
	}
	sc.Loc = p.loc(start)
	return sc, nil
}

// lastValueIdx is the index of the last token before EOF and trailing semicolons.
func (p *parser) lastValueIdx() int {
	k := len(p.toks) - 2
	for k > 0 && isOpTok(p.toks[k], ";") {
		k--
	}
	return k
}

// lastIsQuotedValue reports whether the statement ends with = `value`.
func (p *parser) lastIsQuotedValue() bool {
	k := p.lastValueIdx()
	return k > p.i && p.toks[k].kind == tQuotedIdent && isOpTok(p.toks[k-1], "=") && k-1 > p.i
}

// atEnd reports whether only semicolons remain.
func (p *parser) atEnd() bool { return p.atEndAt(0) }

func (p *parser) atEndAt(n int) bool {
	for k := n; ; k++ {
		t := p.peek(k)
		if t.kind == tEOF {
			return true
		}
		if !isOpTok(t, ";") {
			return false
		}
	}
}

func (p *parser) parseReset() (ast.Stmt, error) {
	start := p.next()
	r := &ast.ResetConfig{}
	if t := p.cur(); t.kind == tQuotedIdent && p.atEndAt(1) {
		p.next()
		r.Key = t.val
		r.Loc = p.loc(start)
		return r, nil
	}
	rest := strings.TrimSpace(strings.TrimRight(p.remainder(start), ";"))
	p.consumeAll()
	switch {
	case configKeyDef.MatchString(rest):
		r.Key = rest
	case rest == "":
	default:
		return nil, p.fragmentError("INVALID_RESET_COMMAND_FORMAT", start.pos)
	}
	r.Loc = p.loc(start)
	return r, nil
}

func (p *parser) parseUse() (ast.Stmt, error) {
	start := p.next()
	u := &ast.Use{}
	if p.isAnyWord("NAMESPACE", "DATABASE", "SCHEMA") && (isIdentTok(p.peek(1))) {
		u.Namespace = p.next().upper
	}
	var err error
	if u.Name, err = p.parseObjectName(); err != nil {
		return nil, err
	}
	u.Loc = p.loc(start)
	return u, nil
}

func (p *parser) parseCreate() (ast.Stmt, error) {
	start := p.cur()
	if p.isWord("REPLACE") {
		p.next()
		if !p.isWord("TABLE") {
			return nil, p.unexpected()
		}
		return p.parseCreateTable(start, false, true)
	}
	p.next() // CREATE
	orReplace := p.acceptWords("OR", "REPLACE")
	switch {
	case p.isAnyWord("DATABASE", "SCHEMA", "NAMESPACE") && !orReplace:
		return p.parseCreateNamespace(start)
	case p.isWord("TABLE") || p.isWord("EXTERNAL") && p.isWordAt(1, "TABLE"):
		return p.parseCreateTable(start, orReplace, false)
	}
	global := p.acceptWords("GLOBAL")
	temp := false
	if p.isWord("TEMPORARY") || p.isWord("TEMP") {
		p.next()
		temp = true
	}
	if global && !temp {
		return nil, p.unexpected()
	}
	if p.isWord("VIEW") {
		return p.parseCreateView(start, orReplace, global, temp)
	}
	if p.isWord("TABLE") && temp {
		return nil, p.unsupported(start)
	}
	if p.isAnyWord("FUNCTION", "INDEX", "ROLE", "MACRO", "VARIABLE") || p.isWord("EXTERNAL") {
		return nil, p.unsupported(start)
	}
	return nil, p.unexpected()
}

func (p *parser) parseCreateView(start token, orReplace, global, temp bool) (ast.Stmt, error) {
	p.next() // VIEW
	v := &ast.CreateView{OrReplace: orReplace, Global: global, Temporary: temp}
	v.IfNotExists = p.acceptWords("IF", "NOT", "EXISTS")
	var err error
	if v.Name, err = p.parseObjectName(); err != nil {
		return nil, err
	}
	if p.isOp("(") {
		p.next()
		v.Columns = []*ast.ViewColumn{}
		for {
			cs := p.cur()
			id, err := p.parseErrorCapturingIdent()
			if err != nil {
				return nil, err
			}
			col := &ast.ViewColumn{Name: id}
			if p.isWord("COMMENT") {
				p.next()
				c, err := p.parseStringLit()
				if err != nil {
					return nil, err
				}
				col.Comment = &c
			}
			col.Loc = p.loc(cs)
			v.Columns = append(v.Columns, col)
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	seen, dup := map[string]bool{}, ""
	for !p.isWord("AS") {
		clause := p.cur()
		switch {
		case p.isWord("COMMENT"):
			p.next()
			c, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			v.Comment = &c
		case p.isWord("TBLPROPERTIES"):
			p.next()
			if v.Properties, err = p.parsePropertyList(false); err != nil {
				return nil, err
			}
		case p.isWord("USING"):
			return nil, p.unsupported(start)
		case p.isWord("WITH") && p.isWordAt(1, "SCHEMA"), p.isWord("PARTITIONED"):
			return nil, p.unsupported(start)
		default:
			return nil, p.unexpected()
		}
		if seen[clause.upper] && dup == "" {
			dup = clause.upper
		}
		seen[clause.upper] = true
	}
	p.next() // AS
	if v.Query, err = p.parseQuery(); err != nil {
		return nil, err
	}
	if dup != "" {
		return nil, p.fragmentError("DUPLICATE_CLAUSES", start.pos, "clauseName", dup)
	}
	v.Loc = p.loc(start)
	return v, nil
}

func (p *parser) parseCreateTable(start token, orReplace, replace bool) (ast.Stmt, error) {
	ct := &ast.CreateTable{OrReplace: orReplace, Replace: replace}
	if p.isWord("EXTERNAL") {
		p.next()
		ct.External = true
	}
	p.next() // TABLE
	ct.IfNotExists = p.acceptWords("IF", "NOT", "EXISTS")
	var err error
	if ct.Name, err = p.parseObjectName(); err != nil {
		return nil, err
	}
	if p.isWord("LIKE") {
		return nil, p.unsupported(start)
	}
	if p.isOp("(") && !p.startsQueryAt(1) {
		p.next()
		if ct.Columns, err = p.parseColumnDefs(true); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if p.isWord("USING") {
		p.next()
		parts, err := p.parseMultipartIdent()
		if err != nil {
			return nil, err
		}
		names := make([]string, len(parts))
		for i, id := range parts {
			names[i] = id.Name
		}
		ct.Provider = strings.Join(names, ".")
	}
	seen, dup := map[string]bool{}, ""
	for {
		clause := p.cur()
		key := clause.upper
		switch {
		case p.isWord("OPTIONS"):
			p.next()
			if ct.Options, err = p.parsePropertyList(true); err != nil {
				return nil, err
			}
		case p.isWord("PARTITIONED") && p.isWordAt(1, "BY"):
			p.i += 2
			if err := p.parsePartitionFields(ct); err != nil {
				return nil, err
			}
		case p.isWord("CLUSTER") && p.isWordAt(1, "BY"):
			p.i += 2
			if err := p.expectOp("("); err != nil {
				return nil, err
			}
			for {
				parts, err := p.parseMultipartIdent()
				if err != nil {
					return nil, err
				}
				ct.ClusterBy = append(ct.ClusterBy, parts)
				if !p.acceptOp(",") {
					break
				}
			}
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
		case p.isWord("CLUSTERED") && p.isWordAt(1, "BY"):
			if ct.Bucket, err = p.parseBucketSpec(); err != nil {
				return nil, err
			}
		case p.isWord("LOCATION"):
			p.next()
			s, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			ct.Location = &s
		case p.isWord("COMMENT"):
			p.next()
			s, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			ct.Comment = &s
		case p.isWord("TBLPROPERTIES"):
			p.next()
			if ct.Properties, err = p.parsePropertyList(false); err != nil {
				return nil, err
			}
		case p.isWord("STORED") && p.isWordAt(1, "AS") && isIdentTok(p.peek(2)) && !p.isWordAt(2, "INPUTFORMAT"):
			p.i += 2
			ct.StoredAs = strings.ToUpper(p.next().text)
		case p.isAnyWord("ROW", "STORED", "SKEWED"):
			return nil, p.unsupported(start)
		default:
			key = ""
		}
		if key == "" {
			break
		}
		if seen[key] && dup == "" {
			dup = key
			if key == "PARTITIONED" || key == "CLUSTERED" || key == "CLUSTER" {
				dup += " BY"
			}
		}
		seen[key] = true
	}
	if p.isWord("AS") {
		p.next()
		if ct.Query, err = p.parseQuery(); err != nil {
			return nil, err
		}
	} else if p.startsQueryAt(0) || p.isOp("(") {
		if ct.Query, err = p.parseQuery(); err != nil {
			return nil, err
		}
	}
	if dup != "" {
		return nil, p.fragmentError("DUPLICATE_CLAUSES", start.pos, "clauseName", dup)
	}
	ct.Loc = p.loc(start)
	return ct, nil
}

// parsePartitionFields parses PARTITIONED BY (...): columns, transforms such as
// bucket(4, a), or Hive-style column definitions.
func (p *parser) parsePartitionFields(ct *ast.CreateTable) error {
	if err := p.expectOp("("); err != nil {
		return err
	}
	ct.PartitionedBy = []ast.Expr{}
	for {
		start := p.cur()
		parts, err := p.parseMultipartIdent()
		if err != nil {
			return err
		}
		switch {
		case p.isOp(",") || p.isOp(")"):
			ct.PartitionedBy = append(ct.PartitionedBy, &ast.ColumnRef{Loc: p.loc(start), Parts: parts})
		case p.isOp("(") && len(parts) == 1:
			p.next()
			fn := &ast.FuncCall{Name: &ast.ObjectName{Loc: p.loc(start), Parts: parts}}
			for {
				argStart := p.cur()
				if isIdentTok(argStart) {
					arg, err := p.parseMultipartIdent()
					if err != nil {
						return err
					}
					fn.Args = append(fn.Args, &ast.ColumnRef{Loc: p.loc(argStart), Parts: arg})
				} else {
					arg, err := p.parseUnary()
					if err != nil {
						return err
					}
					fn.Args = append(fn.Args, arg)
				}
				if !p.acceptOp(",") {
					break
				}
			}
			if err := p.expectOp(")"); err != nil {
				return err
			}
			fn.Loc = p.loc(start)
			ct.PartitionedBy = append(ct.PartitionedBy, fn)
		case len(parts) == 1:
			p.i = p.indexOf(start)
			c, err := p.parseColumnDef(true)
			if err != nil {
				return err
			}
			ct.PartitionColumns = append(ct.PartitionColumns, c)
		default:
			return p.unexpected()
		}
		if !p.acceptOp(",") {
			break
		}
	}
	if len(ct.PartitionColumns) > 0 && len(ct.PartitionedBy) > 0 {
		return p.unexpected()
	}
	if len(ct.PartitionColumns) > 0 {
		ct.PartitionedBy = nil
	}
	return p.expectOp(")")
}

func (p *parser) parseBucketSpec() (*ast.BucketSpec, error) {
	start := p.cur()
	p.i += 2 // CLUSTERED BY
	b := &ast.BucketSpec{}
	var err error
	if b.Columns, err = p.parseIdentList(); err != nil {
		return nil, err
	}
	if p.isWord("SORTED") && p.isWordAt(1, "BY") {
		p.i += 2
		if err := p.expectOp("("); err != nil {
			return nil, err
		}
		if b.SortBy, err = p.parseSortItems(); err != nil {
			return nil, err
		}
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
		for _, s := range b.SortBy {
			if s.Desc {
				return nil, p.fragmentError("_LEGACY_ERROR_TEMP_0035", start.pos, "message", "Column ordering must be ASC, was 'DESC'")
			}
		}
	}
	if err := p.expectWords("INTO"); err != nil {
		return nil, err
	}
	n := p.cur()
	if n.kind != tInteger {
		return nil, p.unexpected()
	}
	p.next()
	for _, c := range n.text {
		b.Buckets = b.Buckets*10 + int(c-'0')
	}
	if err := p.expectWords("BUCKETS"); err != nil {
		return nil, err
	}
	b.Loc = p.loc(start)
	return b, nil
}

// parsePropertyList parses (key [=] value, ...); with exprs the values are
// expressions (OPTIONS of CREATE TABLE), otherwise constants.
func (p *parser) parsePropertyList(exprs bool) ([]*ast.Property, error) {
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	props := []*ast.Property{}
	for {
		start := p.cur()
		pr := &ast.Property{}
		if p.isString() {
			k, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			pr.Key = k
		} else {
			parts, err := p.parseMultipartIdent()
			if err != nil {
				return nil, err
			}
			names := make([]string, len(parts))
			for i, id := range parts {
				names[i] = id.Name
			}
			pr.Key = strings.Join(names, ".")
		}
		hasEq := p.acceptOp("=")
		if hasEq || !p.isOp(",") && !p.isOp(")") {
			var err error
			if exprs {
				pr.Value, err = p.parseExpr()
			} else {
				pr.Value, err = p.parsePropertyValue()
			}
			if err != nil {
				return nil, err
			}
		}
		pr.Loc = p.loc(start)
		props = append(props, pr)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return props, nil
}

// parsePropertyValue parses an integer, decimal, boolean or string.
func (p *parser) parsePropertyValue() (ast.Expr, error) {
	t := p.cur()
	switch {
	case t.kind == tInteger || t.kind == tDecimal || isStringTok(t):
		return p.parsePrimary()
	case p.isAnyWord("TRUE", "FALSE"):
		return p.parsePrimary()
	}
	return nil, p.unexpected()
}

// parsePartitionSpec parses an optional PARTITION (col [= value], ...).
func (p *parser) parsePartitionSpec() ([]*ast.PartitionVal, error) {
	if !p.isWord("PARTITION") || !p.isOpAt(1, "(") {
		return nil, nil
	}
	p.i += 2
	var vals []*ast.PartitionVal
	for {
		start := p.cur()
		id, err := p.parseErrorCapturingIdent()
		if err != nil {
			return nil, err
		}
		pv := &ast.PartitionVal{Name: id}
		if p.acceptOp("=") {
			if p.isWord("DEFAULT") && (p.isOpAt(1, ",") || p.isOpAt(1, ")")) {
				d := p.next()
				pv.Value = &ast.ColumnRef{Loc: p.loc(d), Parts: []*ast.Ident{{Loc: p.loc(d), Name: d.text}}}
			} else if pv.Value, err = p.parseUnary(); err != nil {
				return nil, err
			}
		}
		pv.Loc = p.loc(start)
		vals = append(vals, pv)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return vals, nil
}

func (p *parser) parseCreateNamespace(start token) (ast.Stmt, error) {
	cn := &ast.CreateNamespace{Keyword: p.next().upper}
	cn.IfNotExists = p.acceptWords("IF", "NOT", "EXISTS")
	var err error
	if cn.Name, err = p.parseObjectName(); err != nil {
		return nil, err
	}
	for {
		switch {
		case p.isWord("COMMENT"):
			p.next()
			s, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			cn.Comment = &s
		case p.isWord("LOCATION"):
			p.next()
			s, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			cn.Location = &s
		case p.isWord("WITH") && p.isAnyWordAt(1, "DBPROPERTIES", "PROPERTIES"):
			p.i += 2
			if cn.Properties, err = p.parsePropertyList(false); err != nil {
				return nil, err
			}
		default:
			cn.Loc = p.loc(start)
			return cn, nil
		}
	}
}

func (p *parser) parseDrop() (ast.Stmt, error) {
	start := p.next()
	switch {
	case p.isWord("TABLE") || p.isWord("VIEW"):
		d := &ast.DropTable{View: p.next().upper == "VIEW"}
		d.IfExists = p.acceptWords("IF", "EXISTS")
		var err error
		if d.Name, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		if !d.View && p.isWord("PURGE") {
			p.next()
			d.Purge = true
		}
		d.Loc = p.loc(start)
		return d, nil
	case p.isAnyWord("DATABASE", "SCHEMA", "NAMESPACE"):
		d := &ast.DropNamespace{Keyword: p.next().upper}
		d.IfExists = p.acceptWords("IF", "EXISTS")
		var err error
		if d.Name, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		if p.isWord("CASCADE") {
			p.next()
			d.Cascade = true
		} else if p.isWord("RESTRICT") {
			p.next()
			d.Restrict = true
		}
		d.Loc = p.loc(start)
		return d, nil
	case p.isAnyWord("FUNCTION", "TEMPORARY", "INDEX", "ROLE", "VARIABLE"):
		return nil, p.unsupported(start)
	}
	return nil, p.unexpected()
}

func (p *parser) parseInsert() (*ast.Insert, error) {
	start := p.next() // INSERT
	ins := &ast.Insert{}
	switch {
	case p.isWord("INTO"):
		p.next()
	case p.isWord("OVERWRITE"):
		p.next()
		ins.Overwrite = true
		if p.isAnyWord("LOCAL", "DIRECTORY") {
			return nil, p.unsupported(start)
		}
	default:
		return nil, p.unexpected()
	}
	if p.isWord("TABLE") && isIdentTok(p.peek(1)) {
		p.next()
	}
	var err error
	if ins.Table, err = p.parseObjectName(); err != nil {
		return nil, err
	}
	if ins.Partition, err = p.parsePartitionSpec(); err != nil {
		return nil, err
	}
	ins.IfNotExists = p.acceptWords("IF", "NOT", "EXISTS")
	switch {
	case p.isWord("REPLACE"):
		return nil, p.unsupported(start)
	case p.acceptWords("BY", "NAME"):
		ins.ByName = true
	case p.isIdentListAt(0) && !p.startsQueryAt(1):
		if ins.Columns, err = p.parseIdentList(); err != nil {
			return nil, err
		}
	}
	if ins.Query, err = p.parseQuery(); err != nil {
		return nil, err
	}
	if ins.IfNotExists && !ins.Overwrite {
		return nil, p.fragmentError("INVALID_STATEMENT_OR_CLAUSE", start.pos, "operation", "INSERT INTO ... IF NOT EXISTS")
	}
	ins.Loc = p.loc(start)
	return ins, nil
}

// parseShowIn parses an optional (FROM|IN) name.
func (p *parser) parseShowIn() (*ast.ObjectName, error) {
	if p.isAnyWord("FROM", "IN") {
		p.next()
		return p.parseObjectName()
	}
	return nil, nil
}

// parseShowPattern parses an optional [LIKE] 'pattern'.
func (p *parser) parseShowPattern() (*string, error) {
	if p.isWord("LIKE") && isStringTok(p.peek(1)) {
		p.next()
	}
	if !p.isString() {
		return nil, nil
	}
	s, err := p.parseStringLit()
	if err != nil {
		return nil, err
	}
	return &s, nil
}

func (p *parser) parseShow() (ast.Stmt, error) {
	start := p.next()
	s := &ast.Show{}
	var err error
	switch {
	case p.isWord("TABLES"):
		p.next()
		s.Kind = ast.ShowTables
		if s.In, err = p.parseShowIn(); err == nil {
			s.Pattern, err = p.parseShowPattern()
		}
	case p.isWord("TABLE") && p.isWordAt(1, "EXTENDED"):
		p.i += 2
		s.Kind = ast.ShowTableExtended
		if s.In, err = p.parseShowIn(); err != nil {
			return nil, err
		}
		if err = p.expectWords("LIKE"); err != nil {
			return nil, err
		}
		pat, err := p.parseStringLit()
		if err != nil {
			return nil, err
		}
		s.Pattern = &pat
		s.Partition, err = p.parsePartitionSpec()
	case p.isWord("VIEWS"):
		p.next()
		s.Kind = ast.ShowViews
		if s.In, err = p.parseShowIn(); err == nil {
			s.Pattern, err = p.parseShowPattern()
		}
	case p.isAnyWord("DATABASES", "SCHEMAS", "NAMESPACES"):
		s.Kind, s.Keyword = ast.ShowNamespaces, p.next().upper
		if s.In, err = p.parseShowIn(); err == nil {
			s.Pattern, err = p.parseShowPattern()
		}
	case p.isWord("FUNCTIONS") || isIdentTok(p.cur()) && p.isWordAt(1, "FUNCTIONS"):
		s.Kind = ast.ShowFunctions
		if !p.isWord("FUNCTIONS") {
			s.Scope = strings.ToUpper(p.next().text)
		}
		p.next()
		if s.In, err = p.parseShowIn(); err != nil {
			return nil, err
		}
		if p.isWord("LIKE") {
			p.next()
		}
		if p.isString() {
			s.Pattern, err = p.parseShowPattern()
		} else if p.isIdent() {
			parts, perr := p.parseMultipartIdent()
			if perr != nil {
				return nil, perr
			}
			names := make([]string, len(parts))
			for i, id := range parts {
				names[i] = id.Name
			}
			pat := strings.Join(names, ".")
			if s.In != nil {
				quoted := make([]string, len(parts))
				for i, id := range parts {
					quoted[i] = "`" + id.Name + "`"
				}
				return nil, p.fragmentError("INVALID_SQL_SYNTAX.SHOW_FUNCTIONS_INVALID_PATTERN", start.pos, "pattern", strings.Join(quoted, "."))
			}
			s.Pattern = &pat
		}
	case p.isWord("COLUMNS"):
		p.next()
		s.Kind = ast.ShowColumns
		if !p.isAnyWord("FROM", "IN") {
			return nil, p.unexpected()
		}
		p.next()
		if s.Table, err = p.parseObjectName(); err == nil {
			s.In, err = p.parseShowIn()
		}
	case p.isWord("TBLPROPERTIES"):
		p.next()
		s.Kind = ast.ShowTblProperties
		if s.Table, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		if p.acceptOp("(") {
			if p.isString() {
				s.Property, err = p.parseStringLit()
			} else {
				parts, perr := p.parseMultipartIdent()
				err = perr
				for i, id := range parts {
					if i > 0 {
						s.Property += "."
					}
					s.Property += id.Name
				}
			}
			if err != nil {
				return nil, err
			}
			err = p.expectOp(")")
		}
	case p.isWord("PARTITIONS"):
		p.next()
		s.Kind = ast.ShowPartitions
		if s.Table, err = p.parseObjectName(); err == nil {
			s.Partition, err = p.parsePartitionSpec()
		}
	case p.isWord("CREATE") && p.isWordAt(1, "TABLE"):
		p.i += 2
		s.Kind = ast.ShowCreateTable
		if s.Table, err = p.parseObjectName(); err == nil && p.acceptWords("AS", "SERDE") {
			s.AsSerde = true
		}
	case p.isWord("CURRENT") && p.isAnyWordAt(1, "NAMESPACE", "DATABASE", "SCHEMA"):
		p.i += 2
		s.Kind = ast.ShowCurrentNamespace
	case p.isWord("CATALOGS"):
		p.next()
		s.Kind = ast.ShowCatalogs
		s.Pattern, err = p.parseShowPattern()
	case p.isAnyWord("GRANT", "ROLE", "ROLES", "PRINCIPALS", "CURRENT", "COMPACTIONS", "TRANSACTIONS", "INDEXES", "LOCKS"):
		return nil, p.unsupported(start)
	default:
		return nil, p.unexpected()
	}
	if err != nil {
		return nil, err
	}
	s.Loc = p.loc(start)
	return s, nil
}

func (p *parser) parseDescribe() (ast.Stmt, error) {
	start := p.next()
	d := &ast.Describe{}
	var err error
	switch {
	case p.isWord("FUNCTION") && !p.atEndAt(1):
		p.next()
		if p.isWord("EXTENDED") && !p.atEndAt(1) {
			p.next()
			d.Extended = true
		}
		if p.isString() {
			s, err := p.parseStringLit()
			if err != nil {
				return nil, err
			}
			d.Function = &ast.ObjectName{Loc: p.loc(start), Parts: []*ast.Ident{{Loc: p.loc(start), Name: s, Quoted: true}}}
		} else if d.Function, err = p.parseObjectName(); err != nil {
			return nil, err
		}
	case p.isAnyWord("DATABASE", "SCHEMA", "NAMESPACE") && !p.atEndAt(1):
		p.next()
		if p.isWord("EXTENDED") && !p.atEndAt(1) {
			p.next()
			d.Extended = true
		}
		if d.Namespace, err = p.parseObjectName(); err != nil {
			return nil, err
		}
	case p.isWord("QUERY") && p.startsQueryAt(1) || p.startsQueryAt(0) && !p.isWord("TABLE") || p.isOp("("):
		p.acceptWords("QUERY")
		if d.Query, err = p.parseQuery(); err != nil {
			return nil, err
		}
	default:
		if p.isWord("TABLE") && !p.atEndAt(1) {
			p.next()
		}
		if p.isAnyWord("EXTENDED", "FORMATTED") && !p.atEndAt(1) {
			if p.next().upper == "EXTENDED" {
				d.Extended = true
			} else {
				d.Formatted = true
			}
		}
		if d.Table, err = p.parseObjectName(); err != nil {
			return nil, err
		}
		if d.Partition, err = p.parsePartitionSpec(); err != nil {
			return nil, err
		}
		if p.isIdent() {
			if d.Column, err = p.parseMultipartIdent(); err != nil {
				return nil, err
			}
		}
	}
	d.Loc = p.loc(start)
	return d, nil
}

func (p *parser) parseCache() (ast.Stmt, error) {
	start := p.next()
	c := &ast.CacheTable{}
	if p.isWord("LAZY") {
		p.next()
		c.Lazy = true
	}
	if err := p.expectWords("TABLE"); err != nil {
		return nil, err
	}
	var err error
	if c.Name, err = p.parseObjectName(); err != nil {
		return nil, err
	}
	if p.isWord("OPTIONS") && p.isOpAt(1, "(") {
		p.next()
		if c.Options, err = p.parsePropertyList(false); err != nil {
			return nil, err
		}
	}
	if p.acceptWords("AS") || p.startsQueryAt(0) || p.isOp("(") {
		if c.Query, err = p.parseQuery(); err != nil {
			return nil, err
		}
	}
	c.Loc = p.loc(start)
	return c, nil
}

func (p *parser) parseRefresh() (ast.Stmt, error) {
	start := p.next()
	r := &ast.Refresh{}
	var err error
	switch {
	case p.isWord("TABLE") && !p.atEndAt(1):
		p.next()
		r.Table, err = p.parseObjectName()
	case p.isWord("FUNCTION") && !p.atEndAt(1):
		p.next()
		r.Function, err = p.parseObjectName()
	case p.isString():
		r.Path, err = p.parseStringLit()
	default:
		r.Path = strings.TrimSpace(strings.TrimRight(p.remainder(start), ";"))
		p.consumeAll()
	}
	if err != nil {
		return nil, err
	}
	r.Loc = p.loc(start)
	return r, nil
}
