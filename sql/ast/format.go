package ast

import (
	"fmt"
	"strconv"
	"strings"
)

// FormatOptions changes what Format prints.
type FormatOptions struct {
	// LiteralTypes annotates each literal with its kind and value, as in
	// 2147483648:bigint or 'a\n':string="a\n" (for tests of the lexer).
	LiteralTypes bool
}

// Format prints a node in Fulgur's canonical SQL form: keywords upper-cased, every
// operator application and predicate in parentheses, one space between tokens.
// Parsing the output again gives the same tree (positions aside), so the form is
// deterministic and suitable for golden tests.
func Format(n Node) string { return FormatWith(n, FormatOptions{}) }

// FormatWith is Format with options.
func FormatWith(n Node, opts FormatOptions) string {
	p := &printer{opts: opts}
	p.node(n)
	return p.b.String()
}

type printer struct {
	b    strings.Builder
	opts FormatOptions
}

func (p *printer) w(ss ...string) {
	for _, s := range ss {
		p.b.WriteString(s)
	}
}

func (p *printer) node(n Node) {
	switch n := n.(type) {
	case nil:
		p.w("<nil>")
	case Stmt:
		p.stmt(n)
	case QueryBody:
		p.body(n)
	case TableExpr:
		p.rel(n)
	case Expr:
		p.expr(n)
	case DataType:
		p.typ(n)
	case *Ident:
		p.ident(n)
	case *ObjectName:
		p.name(n)
	case *SortItem:
		p.sortItem(n)
	case *WindowSpec:
		p.window(n)
	case *ColumnDef:
		p.columnDef(n)
	default:
		fmt.Fprintf(&p.b, "<%T>", n)
	}
}

// QuoteIdent returns name as it must be written in SQL: unchanged when it is a plain
// identifier (ASCII letters, digits and underscores, not starting with a digit),
// backquoted (with backquotes doubled) otherwise.
func QuoteIdent(name string) string {
	if isPlainIdent(name) {
		return name
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

func isPlainIdent(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// QuoteString returns s as a single-quoted SQL string literal that Spark's lexer reads
// back as s.
func QuoteString(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString(`\'`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// printQuoted are keywords that Format backquotes when they are used as plain
// identifiers, so that the canonical form reads back as the same tree.
var printQuoted = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`SELECT FROM WHERE GROUP HAVING QUALIFY WINDOW ORDER SORT CLUSTER DISTRIBUTE
		LIMIT OFFSET UNION INTERSECT EXCEPT MINUS WITH VALUES TABLE NULL TRUE FALSE CASE
		WHEN THEN ELSE END NOT AND OR IS IN LIKE ILIKE RLIKE REGEXP BETWEEN EXISTS DIV
		AS ON USING JOIN CROSS INNER LEFT RIGHT FULL NATURAL SEMI ANTI LATERAL
		TABLESAMPLE PIVOT UNPIVOT DISTINCT ESCAPE COLLATE OVER FILTER IGNORE RESPECT
		WITHIN INTO FOR IDENTIFIER STRUCT CAST TRY_CAST EXTRACT POSITION SUBSTR
		SUBSTRING TRIM OVERLAY TIMESTAMPADD DATEADD DATE_ADD TIMESTAMPDIFF DATEDIFF
		DATE_DIFF TIMEDIFF VERSION SYSTEM_VERSION SYSTEM_TIME RECURSIVE ALL`) {
		printQuoted[w] = true
	}
}

func (p *printer) ident(id *Ident) {
	if id == nil {
		p.w("<nil>")
		return
	}
	if id.Quoted || printQuoted[strings.ToUpper(id.Name)] {
		p.w("`", strings.ReplaceAll(id.Name, "`", "``"), "`")
		return
	}
	p.w(id.Name)
}

func (p *printer) idents(ids []*Ident, sep string) {
	for i, id := range ids {
		if i > 0 {
			p.w(sep)
		}
		p.ident(id)
	}
}

func (p *printer) identList(ids []*Ident) {
	p.w("(")
	p.idents(ids, ", ")
	p.w(")")
}

func (p *printer) name(n *ObjectName) {
	if n == nil {
		p.w("<nil>")
		return
	}
	if n.Identifier != nil {
		p.w("IDENTIFIER(")
		p.expr(n.Identifier)
		p.w(")")
		return
	}
	p.idents(n.Parts, ".")
}

func (p *printer) exprs(es []Expr) {
	for i, e := range es {
		if i > 0 {
			p.w(", ")
		}
		p.expr(e)
	}
}

func (p *printer) expr(e Expr) {
	switch e := e.(type) {
	case nil:
		p.w("<nil>")
	case *Literal:
		p.w(e.Raw)
		if p.opts.LiteralTypes {
			p.w(":", e.Kind.String())
			if e.Kind == StringLit {
				p.w("=", strconv.Quote(e.Value))
			} else if e.Value != e.Raw && e.Value != "" {
				p.w("=", e.Value)
			}
		}
	case *TypedLiteral:
		if e.Type == "X" {
			p.w("X", QuoteString(e.Value))
		} else {
			p.w(e.Type, " ", QuoteString(e.Value))
		}
		if p.opts.LiteralTypes {
			p.w(":", strings.ToLower(e.Type))
		}
	case *IntervalLit:
		p.w("INTERVAL")
		for _, part := range e.Parts {
			p.w(" ", part.Sign)
			if part.IsString {
				p.w(QuoteString(part.Value))
			} else {
				p.w(part.Value)
			}
			if part.Unit != "" {
				p.w(" ", part.Unit)
			}
		}
		if e.To != "" {
			p.w(" TO ", e.To)
		}
	case *ColumnRef:
		p.idents(e.Parts, ".")
	case *Star:
		if len(e.Qualifier) > 0 {
			p.idents(e.Qualifier, ".")
			p.w(".")
		}
		p.w("*")
		if len(e.Except) > 0 {
			p.w(" EXCEPT (")
			for i, c := range e.Except {
				if i > 0 {
					p.w(", ")
				}
				p.idents(c, ".")
			}
			p.w(")")
		}
	case *NamedParam:
		p.w(":", e.Name)
	case *PositionalParam:
		p.w("?")
	case *Unary:
		p.w("(")
		if e.Op == OpNot {
			p.w("NOT ")
			p.expr(e.X)
		} else {
			// A space keeps - -1 from reading as a comment.
			x := FormatWith(e.X, p.opts)
			p.w(string(e.Op))
			switch {
			case strings.HasPrefix(x, "-") || strings.HasPrefix(x, "+"):
				p.w(" ", x)
			case e.Op == OpNeg && x != "" && (x[0] >= '0' && x[0] <= '9' || x[0] == '.'):
				// -(1) is not the literal -1.
				p.w("(", x, ")")
			default:
				p.w(x)
			}
		}
		p.w(")")
	case *Binary:
		p.w("(")
		p.expr(e.L)
		p.w(" ", string(e.Op), " ")
		p.expr(e.R)
		p.w(")")
	case *Is:
		p.w("(")
		p.expr(e.X)
		p.w(" IS ")
		if e.Not {
			p.w("NOT ")
		}
		p.w(string(e.Value), ")")
	case *IsDistinctFrom:
		p.w("(")
		p.expr(e.L)
		p.w(" IS ")
		if e.Not {
			p.w("NOT ")
		}
		p.w("DISTINCT FROM ")
		p.expr(e.R)
		p.w(")")
	case *Between:
		p.w("(")
		p.expr(e.X)
		p.not(e.Not)
		p.w(" BETWEEN ")
		p.expr(e.Lo)
		p.w(" AND ")
		p.expr(e.Hi)
		p.w(")")
	case *In:
		p.w("(")
		p.expr(e.X)
		p.not(e.Not)
		p.w(" IN (")
		if e.Query != nil {
			p.query(e.Query)
		} else {
			p.exprs(e.List)
		}
		p.w("))")
	case *Like:
		p.w("(")
		p.expr(e.X)
		p.not(e.Not)
		p.w(" ", string(e.Op), " ")
		if e.Quantifier != "" {
			p.w(e.Quantifier, " (")
			p.exprs(e.Patterns)
			p.w(")")
		} else {
			p.expr(e.Pattern)
		}
		if e.Escape != nil {
			p.w(" ESCAPE ", QuoteString(*e.Escape))
		}
		p.w(")")
	case *FuncCall:
		p.name(e.Name)
		p.w("(")
		if e.Quantifier != QuantNone {
			p.w(string(e.Quantifier), " ")
		}
		p.exprs(e.Args)
		p.w(")")
		if len(e.WithinGroup) > 0 {
			p.w(" WITHIN GROUP (ORDER BY ")
			p.sortItems(e.WithinGroup)
			p.w(")")
		}
		if e.Filter != nil {
			p.w(" FILTER (WHERE ")
			p.expr(e.Filter)
			p.w(")")
		}
		if e.Nulls != "" {
			p.w(" ", e.Nulls, " NULLS")
		}
		if e.Over != nil {
			p.w(" OVER ")
			p.window(e.Over)
		}
	case *NamedArg:
		p.ident(e.Name)
		p.w(" => ")
		p.expr(e.Value)
	case *TableArg:
		p.w("TABLE ")
		if e.Query != nil {
			p.w("(")
			p.query(e.Query)
			p.w(")")
		} else {
			p.w("(")
			p.name(e.Name)
			p.w(")")
		}
		if e.WithSingle {
			p.w(" WITH SINGLE PARTITION")
		}
		if len(e.PartitionBy) > 0 {
			p.w(" PARTITION BY (")
			p.exprs(e.PartitionBy)
			p.w(")")
		}
		if len(e.OrderBy) > 0 {
			p.w(" ORDER BY (")
			p.sortItems(e.OrderBy)
			p.w(")")
		}
	case *Cast:
		if e.Colon {
			p.w("(")
			p.expr(e.X)
			p.w("::")
			p.typ(e.Type)
			p.w(")")
			return
		}
		if e.Try {
			p.w("TRY_CAST(")
		} else {
			p.w("CAST(")
		}
		p.expr(e.X)
		p.w(" AS ")
		p.typ(e.Type)
		p.w(")")
	case *Case:
		p.w("CASE")
		if e.Operand != nil {
			p.w(" ")
			p.expr(e.Operand)
		}
		for _, wh := range e.Whens {
			p.w(" WHEN ")
			p.expr(wh.Cond)
			p.w(" THEN ")
			p.expr(wh.Result)
		}
		if e.Else != nil {
			p.w(" ELSE ")
			p.expr(e.Else)
		}
		p.w(" END")
	case *Exists:
		p.w("EXISTS (")
		p.query(e.Query)
		p.w(")")
	case *Subquery:
		p.w("(")
		p.query(e.Query)
		p.w(")")
	case *Lambda:
		p.w("(")
		if len(e.Params) == 1 {
			p.ident(e.Params[0])
		} else {
			p.identList(e.Params)
		}
		p.w(" -> ")
		p.expr(e.Body)
		p.w(")")
	case *Subscript:
		p.expr(e.X)
		p.w("[")
		p.expr(e.Index)
		p.w("]")
	case *FieldAccess:
		if _, lit := e.X.(*Literal); lit {
			p.w("(")
			p.expr(e.X)
			p.w(")")
		} else {
			p.expr(e.X)
		}
		p.w(".")
		p.ident(e.Field)
	case *Collate:
		p.w("(")
		p.expr(e.X)
		p.w(" COLLATE ")
		p.idents(e.Collation, ".")
		p.w(")")
	case *Alias:
		p.expr(e.X)
		p.w(" AS ")
		p.ident(e.Name)
	case *MultiAlias:
		p.expr(e.X)
		p.w(" AS ")
		p.identList(e.Names)
	case *Row:
		p.w("(")
		p.exprs(e.Items)
		p.w(")")
	case *Struct:
		p.w("STRUCT(")
		p.exprs(e.Items)
		p.w(")")
	case *Extract:
		p.w("EXTRACT(")
		p.ident(e.Field)
		p.w(" FROM ")
		p.expr(e.Source)
		p.w(")")
	case *Position:
		p.w("POSITION(")
		p.expr(e.Substr)
		p.w(" IN ")
		p.expr(e.Str)
		p.w(")")
	case *Substring:
		p.w(e.Name, "(")
		p.expr(e.Str)
		p.w(" FROM ")
		p.expr(e.From)
		if e.For != nil {
			p.w(" FOR ")
			p.expr(e.For)
		}
		p.w(")")
	case *Trim:
		p.w("TRIM(")
		if e.Option != "" {
			p.w(e.Option, " ")
		}
		if e.Chars != nil {
			p.expr(e.Chars)
			p.w(" ")
		}
		p.w("FROM ")
		p.expr(e.Src)
		p.w(")")
	case *Overlay:
		p.w("OVERLAY(")
		p.expr(e.Input)
		p.w(" PLACING ")
		p.expr(e.Replace)
		p.w(" FROM ")
		p.expr(e.From)
		if e.For != nil {
			p.w(" FOR ")
			p.expr(e.For)
		}
		p.w(")")
	case *DatetimeUnitCall:
		p.w(e.Name, "(", e.Unit, ", ")
		p.expr(e.A)
		p.w(", ")
		p.expr(e.B)
		p.w(")")
	case *IdentifierClause:
		p.w("IDENTIFIER(")
		p.expr(e.X)
		p.w(")")
	case *GroupingAnalytics:
		p.w(string(e.Kind), "(")
		p.groupingSets(e.Sets)
		p.w(")")
	default:
		fmt.Fprintf(&p.b, "<%T>", e)
	}
}

func (p *printer) not(not bool) {
	if not {
		p.w(" NOT")
	}
}

func (p *printer) groupingSets(sets [][]Expr) {
	for i, set := range sets {
		if i > 0 {
			p.w(", ")
		}
		if len(set) == 1 {
			if _, nested := set[0].(*GroupingAnalytics); nested {
				p.expr(set[0])
				continue
			}
		}
		p.w("(")
		p.exprs(set)
		p.w(")")
	}
}

func (p *printer) sortItem(s *SortItem) {
	p.expr(s.X)
	switch {
	case s.Desc:
		p.w(" DESC")
	case s.Asc:
		p.w(" ASC")
	}
	if s.Nulls != "" {
		p.w(" NULLS ", s.Nulls)
	}
}

func (p *printer) sortItems(items []*SortItem) {
	for i, s := range items {
		if i > 0 {
			p.w(", ")
		}
		p.sortItem(s)
	}
}

func (p *printer) window(w *WindowSpec) {
	if w.Ref != nil {
		p.ident(w.Ref)
		return
	}
	p.w("(")
	sep := ""
	if len(w.PartitionBy) > 0 {
		if w.ClusterBy {
			p.w("CLUSTER BY ")
		} else {
			p.w("PARTITION BY ")
		}
		p.exprs(w.PartitionBy)
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		p.w(sep, "ORDER BY ")
		p.sortItems(w.OrderBy)
		sep = " "
	}
	if f := w.Frame; f != nil {
		p.w(sep, f.Type, " ")
		if f.End != nil {
			p.w("BETWEEN ")
			p.bound(f.Start)
			p.w(" AND ")
			p.bound(f.End)
		} else {
			p.bound(f.Start)
		}
	}
	p.w(")")
}

func (p *printer) bound(b *FrameBound) {
	if b.Offset != nil {
		p.expr(b.Offset)
		p.w(" ")
	}
	p.w(string(b.Kind))
}

func (p *printer) query(q *Query) {
	if q.With != nil {
		p.w("WITH ")
		if q.With.Recursive {
			p.w("RECURSIVE ")
		}
		for i, c := range q.With.CTEs {
			if i > 0 {
				p.w(", ")
			}
			p.ident(c.Name)
			if len(c.Columns) > 0 {
				p.identList(c.Columns)
			}
			p.w(" AS (")
			p.query(c.Query)
			p.w(")")
		}
		p.w(" ")
	}
	p.body(q.Body)
	if len(q.OrderBy) > 0 {
		p.w(" ORDER BY ")
		p.sortItems(q.OrderBy)
	}
	if len(q.ClusterBy) > 0 {
		p.w(" CLUSTER BY ")
		p.exprs(q.ClusterBy)
	}
	if len(q.DistributeBy) > 0 {
		p.w(" DISTRIBUTE BY ")
		p.exprs(q.DistributeBy)
	}
	if len(q.SortBy) > 0 {
		p.w(" SORT BY ")
		p.sortItems(q.SortBy)
	}
	p.windows(q.Windows)
	if q.LimitAll {
		p.w(" LIMIT ALL")
	} else if q.Limit != nil {
		p.w(" LIMIT ")
		p.expr(q.Limit)
	}
	if q.Offset != nil {
		p.w(" OFFSET ")
		p.expr(q.Offset)
	}
}

func (p *printer) windows(ws []*NamedWindow) {
	if len(ws) == 0 {
		return
	}
	p.w(" WINDOW ")
	for i, nw := range ws {
		if i > 0 {
			p.w(", ")
		}
		p.ident(nw.Name)
		p.w(" AS ")
		p.window(nw.Spec)
	}
}

func (p *printer) body(b QueryBody) {
	switch b := b.(type) {
	case *Query:
		p.w("(")
		p.query(b)
		p.w(")")
	case *Select:
		p.selectBlock(b)
	case *SetOp:
		p.w("(")
		p.body(b.L)
		p.w(" ", string(b.Op))
		if b.Quantifier != QuantNone {
			p.w(" ", string(b.Quantifier))
		}
		p.w(" ")
		p.body(b.R)
		p.w(")")
	case *Values:
		p.values(b)
	case *TableQuery:
		p.w("TABLE ")
		p.name(b.Name)
	default:
		fmt.Fprintf(&p.b, "<%T>", b)
	}
}

func (p *printer) values(v *Values) {
	p.w("VALUES ")
	p.exprs(v.Rows)
	p.alias(v.Alias)
}

func (p *printer) selectBlock(s *Select) {
	p.w("SELECT ")
	if len(s.Hints) > 0 {
		p.w("/*+ ")
		for i, h := range s.Hints {
			if i > 0 {
				p.w(", ")
			}
			p.ident(h.Name)
			if len(h.Params) > 0 {
				p.w("(")
				p.exprs(h.Params)
				p.w(")")
			}
		}
		p.w(" */ ")
	}
	if s.Quantifier != QuantNone {
		p.w(string(s.Quantifier), " ")
	}
	p.exprs(s.Items)
	if s.From != nil {
		p.w(" FROM ")
		p.rel(s.From)
	}
	for _, lv := range s.LateralViews {
		p.w(" LATERAL VIEW ")
		if lv.Outer {
			p.w("OUTER ")
		}
		p.name(lv.Func)
		p.w("(")
		p.exprs(lv.Args)
		p.w(") ")
		p.ident(lv.Table)
		if len(lv.Columns) > 0 {
			p.w(" AS ")
			p.idents(lv.Columns, ", ")
		}
	}
	if s.Where != nil {
		p.w(" WHERE ")
		p.expr(s.Where)
	}
	if g := s.GroupBy; g != nil {
		p.w(" GROUP BY ")
		if g.All {
			p.w("ALL")
		} else {
			p.exprs(g.Items)
		}
		if g.With != "" {
			p.w(" WITH ", string(g.With))
		}
		if g.Sets != nil {
			p.w(" GROUPING SETS (")
			p.groupingSets(g.Sets)
			p.w(")")
		}
	}
	if s.Having != nil {
		p.w(" HAVING ")
		p.expr(s.Having)
	}
	if s.Qualify != nil {
		p.w(" QUALIFY ")
		p.expr(s.Qualify)
	}
	p.windows(s.Windows)
}

func (p *printer) alias(a *TableAlias) {
	if a == nil {
		return
	}
	p.w(" AS ")
	p.ident(a.Name)
	if len(a.Columns) > 0 {
		p.identList(a.Columns)
	}
}

func (p *printer) sample(s *Sample) {
	if s == nil {
		return
	}
	p.w(" TABLESAMPLE (")
	switch s.Kind {
	case SamplePercent:
		p.w(s.Value, " PERCENT")
	case SampleRows:
		p.expr(s.Expr)
		p.w(" ROWS")
	case SampleBucket:
		p.w("BUCKET ", s.Value, " OUT OF ", s.OutOf)
		if s.On != nil {
			p.w(" ON ")
			p.expr(s.On)
		}
	case SampleBytes:
		p.w(s.Value)
	}
	p.w(")")
	if s.Repeatable != "" {
		p.w(" REPEATABLE (", s.Repeatable, ")")
	}
}

func (p *printer) rel(r TableExpr) {
	switch r := r.(type) {
	case *TableName:
		p.name(r.Name)
		if t := r.Temporal; t != nil {
			if t.Timestamp {
				p.w(" TIMESTAMP AS OF ")
			} else {
				p.w(" VERSION AS OF ")
			}
			p.expr(t.Value)
		}
		p.sample(r.Sample)
		p.alias(r.Alias)
	case *SubqueryRel:
		p.w("(")
		p.query(r.Query)
		p.w(")")
		p.sample(r.Sample)
		p.alias(r.Alias)
	case *ParenRel:
		p.w("(")
		p.rel(r.Rel)
		p.w(")")
		p.sample(r.Sample)
		p.alias(r.Alias)
	case *Values:
		p.values(r)
	case *TableFunction:
		p.name(r.Name)
		p.w("(")
		p.exprs(r.Args)
		p.w(")")
		p.alias(r.Alias)
	case *Lateral:
		p.w("LATERAL ")
		p.rel(r.Rel)
	case *Join:
		if r.Kind == JoinComma {
			p.rel(r.L)
			p.w(", ")
			p.rel(r.R)
			return
		}
		p.w("(")
		p.rel(r.L)
		p.w(" ")
		if r.Natural {
			p.w("NATURAL ")
		}
		p.w(string(r.Kind), " JOIN ")
		p.rel(r.R)
		if r.On != nil {
			p.w(" ON ")
			p.expr(r.On)
		}
		if r.Using != nil {
			p.w(" USING ")
			p.identList(r.Using)
		}
		p.w(")")
	default:
		fmt.Fprintf(&p.b, "<%T>", r)
	}
}

func (p *printer) typ(t DataType) {
	switch t := t.(type) {
	case *PrimitiveType:
		p.w(t.Name)
		if len(t.Params) > 0 {
			p.w("(")
			for i, v := range t.Params {
				if i > 0 {
					p.w(", ")
				}
				p.w(strconv.Itoa(v))
			}
			p.w(")")
		}
		if t.Collation != "" {
			p.w(" COLLATE ", t.Collation)
		}
	case *ArrayType:
		p.w("ARRAY<")
		p.typ(t.Elem)
		p.w(">")
	case *MapType:
		p.w("MAP<")
		p.typ(t.Key)
		p.w(", ")
		p.typ(t.Value)
		p.w(">")
	case *StructType:
		p.w("STRUCT<")
		for i, f := range t.Fields {
			if i > 0 {
				p.w(", ")
			}
			p.ident(f.Name)
			p.w(": ")
			p.typ(f.Type)
			if f.NotNull {
				p.w(" NOT NULL")
			}
			if f.Comment != nil {
				p.w(" COMMENT ", QuoteString(*f.Comment))
			}
		}
		p.w(">")
	case *IntervalType:
		p.w("INTERVAL")
		if t.From != "" {
			p.w(" ", t.From)
		}
		if t.To != "" {
			p.w(" TO ", t.To)
		}
	default:
		fmt.Fprintf(&p.b, "<%T>", t)
	}
}

func (p *printer) columnDef(c *ColumnDef) {
	p.ident(c.Name)
	p.w(" ")
	p.typ(c.Type)
	if c.NotNull {
		p.w(" NOT NULL")
	}
	if c.Default != nil {
		p.w(" DEFAULT ")
		p.expr(c.Default)
	}
	if c.Generated != nil {
		p.w(" GENERATED ALWAYS AS (")
		p.expr(c.Generated)
		p.w(")")
	}
	if c.Comment != nil {
		p.w(" COMMENT ", QuoteString(*c.Comment))
	}
}

func (p *printer) columnDefs(cs []*ColumnDef) {
	p.w("(")
	for i, c := range cs {
		if i > 0 {
			p.w(", ")
		}
		p.columnDef(c)
	}
	p.w(")")
}

func (p *printer) props(kw string, ps []*Property) {
	if ps == nil {
		return
	}
	p.w(" ", kw, " (")
	for i, pr := range ps {
		if i > 0 {
			p.w(", ")
		}
		p.w(QuoteString(pr.Key))
		if pr.Value != nil {
			p.w(" = ")
			p.expr(pr.Value)
		}
	}
	p.w(")")
}

func (p *printer) partition(ps []*PartitionVal) {
	if ps == nil {
		return
	}
	p.w(" PARTITION (")
	for i, pv := range ps {
		if i > 0 {
			p.w(", ")
		}
		p.ident(pv.Name)
		if pv.Value != nil {
			p.w(" = ")
			p.expr(pv.Value)
		}
	}
	p.w(")")
}

func (p *printer) optString(kw string, s *string) {
	if s != nil {
		p.w(" ", kw, " ", QuoteString(*s))
	}
}

func (p *printer) stmt(s Stmt) {
	switch s := s.(type) {
	case *Query:
		p.query(s)
	case *SetConfig:
		switch s.Kind {
		case SetListAll:
			p.w("SET")
		case SetListDocs:
			p.w("SET -v")
		case SetGet:
			p.w("SET ", configKey(s.Key))
		case SetAssign:
			v := s.Value
			if strings.ContainsAny(v, "`;=") || strings.TrimSpace(v) != v {
				v = "`" + strings.ReplaceAll(v, "`", "``") + "`"
			}
			p.w("SET ", configKey(s.Key), " = ", v)
		}
	case *ResetConfig:
		p.w("RESET")
		if s.Key != "" {
			p.w(" ", configKey(s.Key))
		}
	case *SetTimeZone:
		p.w("SET TIME ZONE ")
		if s.Local {
			p.w("LOCAL")
		} else {
			p.expr(s.Value)
		}
	case *SetCatalog:
		p.w("SET CATALOG ", QuoteIdent(s.Name))
	case *Use:
		p.w("USE ")
		if s.Namespace != "" {
			p.w(s.Namespace, " ")
		}
		p.name(s.Name)
	case *CreateView:
		p.w("CREATE ")
		if s.OrReplace {
			p.w("OR REPLACE ")
		}
		if s.Global {
			p.w("GLOBAL ")
		}
		if s.Temporary {
			p.w("TEMPORARY ")
		}
		p.w("VIEW ")
		if s.IfNotExists {
			p.w("IF NOT EXISTS ")
		}
		p.name(s.Name)
		if s.Columns != nil {
			p.w(" (")
			for i, c := range s.Columns {
				if i > 0 {
					p.w(", ")
				}
				p.ident(c.Name)
				p.optString("COMMENT", c.Comment)
			}
			p.w(")")
		}
		p.optString("COMMENT", s.Comment)
		p.props("TBLPROPERTIES", s.Properties)
		p.w(" AS ")
		p.query(s.Query)
	case *CreateTable:
		switch {
		case s.Replace:
			p.w("REPLACE TABLE ")
		case s.OrReplace:
			p.w("CREATE OR REPLACE TABLE ")
		case s.External:
			p.w("CREATE EXTERNAL TABLE ")
		default:
			p.w("CREATE TABLE ")
		}
		if s.IfNotExists {
			p.w("IF NOT EXISTS ")
		}
		p.name(s.Name)
		if s.Columns != nil {
			p.w(" ")
			p.columnDefs(s.Columns)
		}
		if s.Provider != "" {
			p.w(" USING ", s.Provider)
		}
		p.props("OPTIONS", s.Options)
		if s.PartitionedBy != nil || s.PartitionColumns != nil {
			p.w(" PARTITIONED BY ")
			if s.PartitionColumns != nil {
				p.columnDefs(s.PartitionColumns)
			} else {
				p.w("(")
				p.exprs(s.PartitionedBy)
				p.w(")")
			}
		}
		if s.ClusterBy != nil {
			p.w(" CLUSTER BY (")
			for i, c := range s.ClusterBy {
				if i > 0 {
					p.w(", ")
				}
				p.idents(c, ".")
			}
			p.w(")")
		}
		if b := s.Bucket; b != nil {
			p.w(" CLUSTERED BY ")
			p.identList(b.Columns)
			if len(b.SortBy) > 0 {
				p.w(" SORTED BY (")
				p.sortItems(b.SortBy)
				p.w(")")
			}
			p.w(" INTO ", strconv.Itoa(b.Buckets), " BUCKETS")
		}
		if s.StoredAs != "" {
			p.w(" STORED AS ", s.StoredAs)
		}
		p.optString("LOCATION", s.Location)
		p.optString("COMMENT", s.Comment)
		p.props("TBLPROPERTIES", s.Properties)
		if s.Query != nil {
			p.w(" AS ")
			p.query(s.Query)
		}
	case *DropTable:
		if s.View {
			p.w("DROP VIEW ")
		} else {
			p.w("DROP TABLE ")
		}
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.name(s.Name)
		if s.Purge {
			p.w(" PURGE")
		}
	case *CreateNamespace:
		p.w("CREATE ", s.Keyword, " ")
		if s.IfNotExists {
			p.w("IF NOT EXISTS ")
		}
		p.name(s.Name)
		p.optString("COMMENT", s.Comment)
		p.optString("LOCATION", s.Location)
		if s.Properties != nil {
			p.w(" WITH")
			p.props("PROPERTIES", s.Properties)
		}
	case *DropNamespace:
		p.w("DROP ", s.Keyword, " ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.name(s.Name)
		if s.Cascade {
			p.w(" CASCADE")
		}
		if s.Restrict {
			p.w(" RESTRICT")
		}
	case *Insert:
		if s.Overwrite {
			p.w("INSERT OVERWRITE TABLE ")
		} else {
			p.w("INSERT INTO TABLE ")
		}
		p.name(s.Table)
		p.partition(s.Partition)
		if s.IfNotExists {
			p.w(" IF NOT EXISTS")
		}
		if s.ByName {
			p.w(" BY NAME")
		}
		if s.Columns != nil {
			p.w(" ")
			p.identList(s.Columns)
		}
		p.w(" ")
		p.query(s.Query)
	case *Show:
		p.show(s)
	case *Describe:
		p.w("DESCRIBE ")
		switch {
		case s.Query != nil:
			p.w("QUERY ")
			p.query(s.Query)
		case s.Function != nil:
			p.w("FUNCTION ")
			if s.Extended {
				p.w("EXTENDED ")
			}
			p.name(s.Function)
		case s.Namespace != nil:
			p.w("NAMESPACE ")
			if s.Extended {
				p.w("EXTENDED ")
			}
			p.name(s.Namespace)
		default:
			p.w("TABLE ")
			if s.Extended {
				p.w("EXTENDED ")
			}
			if s.Formatted {
				p.w("FORMATTED ")
			}
			p.name(s.Table)
			p.partition(s.Partition)
			if s.Column != nil {
				p.w(" ")
				p.idents(s.Column, ".")
			}
		}
	case *Explain:
		p.w("EXPLAIN ")
		if s.Mode != "" {
			p.w(s.Mode, " ")
		}
		p.stmt(s.Stmt)
	case *CacheTable:
		p.w("CACHE ")
		if s.Lazy {
			p.w("LAZY ")
		}
		p.w("TABLE ")
		p.name(s.Name)
		p.props("OPTIONS", s.Options)
		if s.Query != nil {
			p.w(" AS ")
			p.query(s.Query)
		}
	case *UncacheTable:
		p.w("UNCACHE TABLE ")
		if s.IfExists {
			p.w("IF EXISTS ")
		}
		p.name(s.Name)
	case *ClearCache:
		p.w("CLEAR CACHE")
	case *TruncateTable:
		p.w("TRUNCATE TABLE ")
		p.name(s.Name)
		p.partition(s.Partition)
	case *Refresh:
		switch {
		case s.Table != nil:
			p.w("REFRESH TABLE ")
			p.name(s.Table)
		case s.Function != nil:
			p.w("REFRESH FUNCTION ")
			p.name(s.Function)
		default:
			p.w("REFRESH ", QuoteString(s.Path))
		}
	default:
		fmt.Fprintf(&p.b, "<%T>", s)
	}
}

// configKey writes a SET key, backquoted unless it is made of the characters Spark
// accepts unquoted there.
func configKey(k string) string {
	if k == "" {
		return "``"
	}
	for _, r := range k {
		if !(r == '_' || r == '.' || r == ':' || r == '\\' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return "`" + strings.ReplaceAll(k, "`", "``") + "`"
		}
	}
	return k
}

func (p *printer) show(s *Show) {
	p.w("SHOW ")
	switch s.Kind {
	case ShowNamespaces:
		p.w(s.Keyword)
	case ShowFunctions:
		if s.Scope != "" {
			p.w(s.Scope, " ")
		}
		p.w("FUNCTIONS")
	default:
		p.w(string(s.Kind))
	}
	if s.Table != nil {
		if s.Kind == ShowColumns {
			p.w(" IN")
		}
		p.w(" ")
		p.name(s.Table)
	}
	if s.Property != "" {
		p.w(" (", QuoteString(s.Property), ")")
	}
	if s.In != nil {
		p.w(" IN ")
		p.name(s.In)
	}
	if s.Pattern != nil {
		p.w(" LIKE ", QuoteString(*s.Pattern))
	}
	p.partition(s.Partition)
	if s.AsSerde {
		p.w(" AS SERDE")
	}
}
