package ast

// LiteralKind is the type Spark's lexer and parser give a literal.
type LiteralKind int

// Literal kinds. Integer literals without a suffix are Int when they fit in 32 bits,
// BigInt when they fit in 64 and Decimal otherwise, as Spark types them.
const (
	NullLit LiteralKind = iota
	BoolLit
	TinyIntLit  // 1Y
	SmallIntLit // 1S
	IntLit      // 1
	BigIntLit   // 1L, or an integer too large for INT
	DecimalLit  // 1.5, 1.5BD, or an integer too large for BIGINT
	DoubleLit   // 1.5D, 1e3
	FloatLit    // 1.5F
	StringLit   // 'a', "a", 'a' 'b'
)

var literalKindNames = [...]string{"null", "boolean", "tinyint", "smallint", "int", "bigint", "decimal", "double", "float", "string"}

func (k LiteralKind) String() string {
	if int(k) < len(literalKindNames) {
		return literalKindNames[k]
	}
	return "?"
}

// Literal is a constant. Value is the normalised value text: the unescaped (and, for
// adjacent literals, concatenated) string; the number without its type suffix, with a
// leading '-' when negative; "true"/"false"; "" for NULL. Raw is the source text.
type Literal struct {
	Loc
	Kind  LiteralKind
	Value string
	Raw   string
}

// TypedLiteral is a literal introduced by a type keyword: DATE '...', TIMESTAMP '...',
// TIMESTAMP_NTZ '...', TIMESTAMP_LTZ '...', X '...' (binary, Value holds the hex
// digits) or INTERVAL '...' without units. Type is the keyword upper-cased.
type TypedLiteral struct {
	Loc
	Type  string
	Value string
	Raw   string
}

// IntervalLit is INTERVAL with units: INTERVAL 1 DAY 2 HOURS (several Parts), or
// INTERVAL '1-2' YEAR TO MONTH (one part, To set).
type IntervalLit struct {
	Loc
	Parts []*IntervalPart
	// To is the end unit of a unit-to-unit interval, upper-cased ("" otherwise).
	To  string
	Raw string
}

// IntervalPart is one value with its unit. Sign is "-", "+" or ""; Value is the
// number text or the unescaped string; Unit is upper-cased as written (DAY, DAYS, ...).
type IntervalPart struct {
	Loc
	Sign     string
	Value    string
	IsString bool
	Unit     string
}

// ColumnRef is a (possibly qualified) column name a, t.a or a.b.c; Spark decides later
// which parts are qualifiers and which are struct fields.
type ColumnRef struct {
	Loc
	Parts []*Ident
}

// Star is *, t.* or * EXCEPT (a, b).
type Star struct {
	Loc
	Qualifier []*Ident
	Except    [][]*Ident
}

// NamedParam is a named parameter marker :name.
type NamedParam struct {
	Loc
	Name string
}

// PositionalParam is a ? marker. Index is its 0-based order of appearance in the
// statement.
type PositionalParam struct {
	Loc
	Index int
}

// UnaryOp is a prefix operator.
type UnaryOp string

// Unary operators.
const (
	OpNeg    UnaryOp = "-"
	OpPlus   UnaryOp = "+"
	OpBitNot UnaryOp = "~"
	OpNot    UnaryOp = "NOT"
)

// Unary is a prefix operation. Bang tells that NOT was written as '!'.
type Unary struct {
	Loc
	Op   UnaryOp
	X    Expr
	Bang bool
}

// BinaryOp is an infix operator, spelled canonically.
type BinaryOp string

// Binary operators, grouped from the tightest binding to the loosest.
const (
	OpMul      BinaryOp = "*"
	OpDiv      BinaryOp = "/"
	OpMod      BinaryOp = "%"
	OpIntDiv   BinaryOp = "DIV"
	OpAdd      BinaryOp = "+"
	OpSub      BinaryOp = "-"
	OpConcat   BinaryOp = "||"
	OpShl      BinaryOp = "<<"
	OpShr      BinaryOp = ">>"
	OpShru     BinaryOp = ">>>"
	OpBitAnd   BinaryOp = "&"
	OpBitXor   BinaryOp = "^"
	OpBitOr    BinaryOp = "|"
	OpEq       BinaryOp = "="
	OpNullSafe BinaryOp = "<=>"
	OpNe       BinaryOp = "<>"
	OpLt       BinaryOp = "<"
	OpLe       BinaryOp = "<="
	OpGt       BinaryOp = ">"
	OpGe       BinaryOp = ">="
	OpAnd      BinaryOp = "AND"
	OpOr       BinaryOp = "OR"
)

// Binary is an infix operation. Syntax is the operator as written when it differs
// from the canonical spelling (== for =, != for <>, !> for <=, !< for >=).
type Binary struct {
	Loc
	Op     BinaryOp
	L, R   Expr
	Syntax string
}

// IsValue is what an IS predicate tests for.
type IsValue string

// IS predicate values.
const (
	IsNull    IsValue = "NULL"
	IsTrue    IsValue = "TRUE"
	IsFalse   IsValue = "FALSE"
	IsUnknown IsValue = "UNKNOWN"
)

// Is is x IS [NOT] NULL|TRUE|FALSE|UNKNOWN.
type Is struct {
	Loc
	X     Expr
	Not   bool
	Value IsValue
}

// IsDistinctFrom is l IS [NOT] DISTINCT FROM r.
type IsDistinctFrom struct {
	Loc
	L, R Expr
	Not  bool
}

// Between is x [NOT] BETWEEN lo AND hi.
type Between struct {
	Loc
	X, Lo, Hi Expr
	Not       bool
}

// In is x [NOT] IN (list) or x [NOT] IN (query); exactly one of List and Query is set.
type In struct {
	Loc
	X     Expr
	List  []Expr
	Query *Query
	Not   bool
}

// LikeOp is the pattern-matching operator.
type LikeOp string

// Pattern operators. REGEXP is RLIKE.
const (
	OpLike  LikeOp = "LIKE"
	OpILike LikeOp = "ILIKE"
	OpRLike LikeOp = "RLIKE"
)

// Like is x [NOT] LIKE|ILIKE|RLIKE pattern [ESCAPE 'c'], or with a quantifier
// x [NOT] LIKE ANY|SOME|ALL (p1, p2, ...), in which case Patterns is set instead of
// Pattern. Syntax is "REGEXP" when RLIKE was written that way.
type Like struct {
	Loc
	Op         LikeOp
	X          Expr
	Pattern    Expr
	Escape     *string
	Quantifier string // "", "ANY", "SOME" or "ALL"
	Patterns   []Expr
	Not        bool
	Syntax     string
}

// SetQuantifier is DISTINCT or ALL on a SELECT, an aggregate call or a set operation.
type SetQuantifier string

// Set quantifiers; the empty string means none was written.
const (
	QuantNone     SetQuantifier = ""
	QuantDistinct SetQuantifier = "DISTINCT"
	QuantAll      SetQuantifier = "ALL"
)

// FuncCall is a function call with its optional clauses:
// name([DISTINCT|ALL] args) [WITHIN GROUP (ORDER BY ...)] [FILTER (WHERE ...)]
// [IGNORE|RESPECT NULLS] [OVER window]. count(*) has a single *Star argument.
// first(x IGNORE NULLS) (and last, any_value) sets Nulls to "IGNORE" as well.
type FuncCall struct {
	Loc
	Name        *ObjectName
	Quantifier  SetQuantifier
	Args        []Expr
	WithinGroup []*SortItem
	Filter      Expr
	Nulls       string // "", "IGNORE" or "RESPECT"
	Over        *WindowSpec
}

// NamedArg is a named function argument name => value.
type NamedArg struct {
	Loc
	Name  *Ident
	Value Expr
}

// TableArg is a TABLE argument of a table-valued function: TABLE t, TABLE (t) or
// TABLE (query), with optional partitioning and ordering.
type TableArg struct {
	Loc
	Name        *ObjectName
	Query       *Query
	WithSingle  bool
	PartitionBy []Expr
	OrderBy     []*SortItem
}

// Cast is CAST(x AS type), TRY_CAST(x AS type) or x::type (Colon set).
type Cast struct {
	Loc
	X     Expr
	Type  DataType
	Try   bool
	Colon bool
}

// When is one WHEN cond THEN result arm of a CASE.
type When struct {
	Loc
	Cond, Result Expr
}

// Case is CASE [operand] WHEN ... THEN ... [ELSE ...] END.
type Case struct {
	Loc
	Operand Expr
	Whens   []*When
	Else    Expr
}

// Exists is EXISTS (query).
type Exists struct {
	Loc
	Query *Query
}

// Subquery is a scalar subquery (query).
type Subquery struct {
	Loc
	Query *Query
}

// Lambda is x -> body or (x, y) -> body.
type Lambda struct {
	Loc
	Params []*Ident
	Body   Expr
}

// Subscript is x[index].
type Subscript struct {
	Loc
	X, Index Expr
}

// FieldAccess is x.field where x is not a plain column name (f(a).b, a[0].b).
type FieldAccess struct {
	Loc
	X     Expr
	Field *Ident
}

// Collate is x COLLATE name.
type Collate struct {
	Loc
	X         Expr
	Collation []*Ident
}

// Alias names an expression: x [AS] name.
type Alias struct {
	Loc
	X    Expr
	Name *Ident
}

// MultiAlias names the outputs of a generator: x AS (a, b).
type MultiAlias struct {
	Loc
	X     Expr
	Names []*Ident
}

// Row is a parenthesised list (a, b [AS x]) of two or more expressions, which Spark
// turns into a struct; it is also a row of VALUES.
type Row struct {
	Loc
	Items []Expr
}

// Struct is STRUCT(a, b AS x, ...).
type Struct struct {
	Loc
	Items []Expr
}

// Extract is EXTRACT(field FROM source).
type Extract struct {
	Loc
	Field  *Ident
	Source Expr
}

// Position is POSITION(substr IN str).
type Position struct {
	Loc
	Substr, Str Expr
}

// Substring is SUBSTRING|SUBSTR(str FROM pos [FOR len]) or with commas.
// Name is the function as written upper-cased.
type Substring struct {
	Loc
	Name           string
	Str, From, For Expr
}

// Trim is TRIM([BOTH|LEADING|TRAILING] [chars] FROM src).
type Trim struct {
	Loc
	Option string // "", "BOTH", "LEADING" or "TRAILING"
	Chars  Expr
	Src    Expr
}

// Overlay is OVERLAY(input PLACING replace FROM pos [FOR len]).
type Overlay struct {
	Loc
	Input, Replace, From, For Expr
}

// DatetimeUnitCall is one of TIMESTAMPADD/DATEADD/DATE_ADD(unit, n, ts) or
// TIMESTAMPDIFF/DATEDIFF/DATE_DIFF/TIMEDIFF(unit, start, end) with a unit keyword as
// first argument. Name and Unit are upper-cased.
type DatetimeUnitCall struct {
	Loc
	Name string
	Unit string
	A, B Expr
}

// IdentifierClause is IDENTIFIER(expr) in an expression: a column named by a constant
// string expression.
type IdentifierClause struct {
	Loc
	X Expr
}

// GroupingKind is ROLLUP, CUBE or GROUPING SETS.
type GroupingKind string

// Grouping analytics kinds.
const (
	Rollup       GroupingKind = "ROLLUP"
	Cube         GroupingKind = "CUBE"
	GroupingSets GroupingKind = "GROUPING SETS"
)

// GroupingAnalytics is ROLLUP(...), CUBE(...) or GROUPING SETS(...) in a GROUP BY.
// Each set is a list of expressions; an element of GROUPING SETS may itself be a
// nested ROLLUP/CUBE, held as the set's only expression.
type GroupingAnalytics struct {
	Loc
	Kind GroupingKind
	Sets [][]Expr
}

// SortItem is one ORDER BY / SORT BY element.
type SortItem struct {
	Loc
	X     Expr
	Desc  bool
	Asc   bool   // ASC was written (neither set means the default, ascending)
	Nulls string // "", "FIRST" or "LAST"
}

// WindowSpec is the window of an OVER clause or a WINDOW definition: a reference to a
// named window (Ref set, nothing else), or a definition.
type WindowSpec struct {
	Loc
	Ref         *Ident
	PartitionBy []Expr
	// ClusterBy tells that the partitioning was written CLUSTER BY.
	ClusterBy bool
	OrderBy   []*SortItem
	Frame     *WindowFrame
}

// FrameBoundKind is the kind of a window frame bound.
type FrameBoundKind string

// Frame bound kinds.
const (
	UnboundedPreceding FrameBoundKind = "UNBOUNDED PRECEDING"
	UnboundedFollowing FrameBoundKind = "UNBOUNDED FOLLOWING"
	CurrentRow         FrameBoundKind = "CURRENT ROW"
	Preceding          FrameBoundKind = "PRECEDING"
	Following          FrameBoundKind = "FOLLOWING"
)

// FrameBound is one end of a window frame; Offset is set for PRECEDING/FOLLOWING.
type FrameBound struct {
	Loc
	Kind   FrameBoundKind
	Offset Expr
}

// WindowFrame is ROWS|RANGE [BETWEEN] start [AND end]; End is nil without BETWEEN.
type WindowFrame struct {
	Loc
	Type  string // "ROWS" or "RANGE"
	Start *FrameBound
	End   *FrameBound
}

func (*Literal) exprNode()           {}
func (*TypedLiteral) exprNode()      {}
func (*IntervalLit) exprNode()       {}
func (*ColumnRef) exprNode()         {}
func (*Star) exprNode()              {}
func (*NamedParam) exprNode()        {}
func (*PositionalParam) exprNode()   {}
func (*Unary) exprNode()             {}
func (*Binary) exprNode()            {}
func (*Is) exprNode()                {}
func (*IsDistinctFrom) exprNode()    {}
func (*Between) exprNode()           {}
func (*In) exprNode()                {}
func (*Like) exprNode()              {}
func (*FuncCall) exprNode()          {}
func (*NamedArg) exprNode()          {}
func (*TableArg) exprNode()          {}
func (*Cast) exprNode()              {}
func (*Case) exprNode()              {}
func (*Exists) exprNode()            {}
func (*Subquery) exprNode()          {}
func (*Lambda) exprNode()            {}
func (*Subscript) exprNode()         {}
func (*FieldAccess) exprNode()       {}
func (*Collate) exprNode()           {}
func (*Alias) exprNode()             {}
func (*MultiAlias) exprNode()        {}
func (*Row) exprNode()               {}
func (*Struct) exprNode()            {}
func (*Extract) exprNode()           {}
func (*Position) exprNode()          {}
func (*Substring) exprNode()         {}
func (*Trim) exprNode()              {}
func (*Overlay) exprNode()           {}
func (*DatetimeUnitCall) exprNode()  {}
func (*IdentifierClause) exprNode()  {}
func (*GroupingAnalytics) exprNode() {}
