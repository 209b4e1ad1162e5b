package ast

// Query is a full query: [WITH ...] body [ORDER BY ...] [CLUSTER BY ...]
// [DISTRIBUTE BY ...] [SORT BY ...] [WINDOW ...] [LIMIT n|ALL] [OFFSET n].
// A parenthesised query used as a query body is a *Query too.
type Query struct {
	Loc
	With         *With
	Body         QueryBody
	OrderBy      []*SortItem
	ClusterBy    []Expr
	DistributeBy []Expr
	SortBy       []*SortItem
	Windows      []*NamedWindow
	Limit        Expr
	LimitAll     bool
	Offset       Expr
}

// With is WITH [RECURSIVE] cte, ....
type With struct {
	Loc
	Recursive bool
	CTEs      []*CTE
}

// CTE is name [(columns)] AS (query).
type CTE struct {
	Loc
	Name    *Ident
	Columns []*Ident
	Query   *Query
}

// Hint is one entry of a /*+ ... */ hint comment: NAME or NAME(params).
type Hint struct {
	Loc
	Name   *Ident
	Params []Expr
}

// Select is one SELECT block.
type Select struct {
	Loc
	Hints      []*Hint
	Quantifier SetQuantifier
	Items      []Expr
	// From is nil without a FROM clause; comma-separated relations are folded into
	// left-deep *Join nodes of kind JoinComma.
	From         TableExpr
	LateralViews []*LateralView
	Where        Expr
	GroupBy      *GroupBy
	Having       Expr
	Qualify      Expr
	Windows      []*NamedWindow
}

// GroupBy is a GROUP BY clause. Items may contain *GroupingAnalytics. The legacy forms
// GROUP BY a, b WITH ROLLUP|CUBE set With; GROUP BY a, b GROUPING SETS (...) sets
// Sets. All is GROUP BY ALL.
type GroupBy struct {
	Loc
	All   bool
	Items []Expr
	With  GroupingKind
	Sets  [][]Expr
}

// NamedWindow is name AS window in a WINDOW clause.
type NamedWindow struct {
	Loc
	Name *Ident
	Spec *WindowSpec
}

// SetOpKind is UNION, INTERSECT or EXCEPT.
type SetOpKind string

// Set operations. MINUS is EXCEPT.
const (
	Union     SetOpKind = "UNION"
	Intersect SetOpKind = "INTERSECT"
	Except    SetOpKind = "EXCEPT"
)

// SetOp is l UNION|INTERSECT|EXCEPT [ALL|DISTINCT] r. Minus tells that EXCEPT was
// written MINUS.
type SetOp struct {
	Loc
	Op         SetOpKind
	Quantifier SetQuantifier
	Minus      bool
	L, R       QueryBody
}

// Values is VALUES row, row, ... [AS alias(cols)], both as a query and as a relation.
// Each row is an expression; a multi-column row is a *Row.
type Values struct {
	Loc
	Rows  []Expr
	Alias *TableAlias
}

// TableQuery is TABLE name as a query.
type TableQuery struct {
	Loc
	Name *ObjectName
}

// TableAlias is [AS] name [(col, ...)] after a relation.
type TableAlias struct {
	Loc
	Name    *Ident
	Columns []*Ident
}

// Temporal is a time-travel clause: [FOR] VERSION|SYSTEM_VERSION AS OF v, or
// [FOR] TIMESTAMP|SYSTEM_TIME AS OF ts.
type Temporal struct {
	Loc
	Timestamp bool
	Value     Expr
}

// SampleKind is the method of a TABLESAMPLE clause.
type SampleKind string

// Sample methods.
const (
	SamplePercent SampleKind = "PERCENT"
	SampleRows    SampleKind = "ROWS"
	SampleBucket  SampleKind = "BUCKET"
	SampleBytes   SampleKind = "BYTES"
)

// Sample is TABLESAMPLE (n PERCENT | expr ROWS | BUCKET x OUT OF y [ON ...] | bytes)
// [REPEATABLE (seed)].
type Sample struct {
	Loc
	Kind SampleKind
	// Value is the percentage (its text, with sign), the byte length (such as 100M),
	// or for buckets the numerator text; Expr is the number of rows.
	Value      string
	Expr       Expr
	OutOf      string
	On         Expr
	Repeatable string
}

// TableName is a named table or view with optional time travel, sample and alias.
type TableName struct {
	Loc
	Name     *ObjectName
	Temporal *Temporal
	Sample   *Sample
	Alias    *TableAlias
}

// SubqueryRel is (query) [AS] alias in FROM.
type SubqueryRel struct {
	Loc
	Query  *Query
	Sample *Sample
	Alias  *TableAlias
}

// ParenRel is a parenthesised relation (a JOIN b) [AS] alias.
type ParenRel struct {
	Loc
	Rel    TableExpr
	Sample *Sample
	Alias  *TableAlias
}

// TableFunction is a table-valued function call f(args) [AS] alias(cols), such as
// range(10) or explode(array(1, 2)).
type TableFunction struct {
	Loc
	Name  *ObjectName
	Args  []Expr
	Alias *TableAlias
}

// Lateral marks a LATERAL relation (a subquery or table function that may refer to
// columns of the relations before it).
type Lateral struct {
	Loc
	Rel TableExpr
}

// JoinKind is the type of a join.
type JoinKind string

// Join kinds. JoinComma is FROM a, b.
const (
	JoinInner JoinKind = "INNER"
	JoinCross JoinKind = "CROSS"
	JoinLeft  JoinKind = "LEFT OUTER"
	JoinRight JoinKind = "RIGHT OUTER"
	JoinFull  JoinKind = "FULL OUTER"
	JoinSemi  JoinKind = "LEFT SEMI"
	JoinAnti  JoinKind = "LEFT ANTI"
	JoinComma JoinKind = ","
)

// Join is l [NATURAL] kind JOIN r [ON cond | USING (cols)].
type Join struct {
	Loc
	Kind    JoinKind
	Natural bool
	L, R    TableExpr
	On      Expr
	Using   []*Ident
}

// LateralView is LATERAL VIEW [OUTER] f(args) table [AS] col, ....
type LateralView struct {
	Loc
	Outer   bool
	Func    *ObjectName
	Args    []Expr
	Table   *Ident
	Columns []*Ident
}

func (*Query) stmtNode()           {}
func (*Query) queryBodyNode()      {}
func (*Select) queryBodyNode()     {}
func (*SetOp) queryBodyNode()      {}
func (*Values) queryBodyNode()     {}
func (*TableQuery) queryBodyNode() {}

func (*Values) tableExprNode()        {}
func (*TableName) tableExprNode()     {}
func (*SubqueryRel) tableExprNode()   {}
func (*ParenRel) tableExprNode()      {}
func (*TableFunction) tableExprNode() {}
func (*Lateral) tableExprNode()       {}
func (*Join) tableExprNode()          {}
