package ast

// Pos is a position in the SQL text. Line is 1-based and Col is the 0-based character
// (Unicode code point) in that line, the numbers Spark reports as "line" and "pos";
// Offset is the byte offset in the text.
type Pos struct {
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether the position was set (Line is 1-based, so zero means unset).
func (p Pos) IsValid() bool { return p.Line > 0 }

// Loc is the source span of a node: its first character and the byte offset just past
// its last one. Every node embeds it.
type Loc struct {
	Start Pos
	End   int
}

// Pos returns the node's start position.
func (l Loc) Pos() Pos { return l.Start }

// EndOffset returns the byte offset just past the node's last character.
func (l Loc) EndOffset() int { return l.End }

// Node is any node of the tree.
type Node interface {
	Pos() Pos
	EndOffset() int
}

// Stmt is a statement: a query or a command.
type Stmt interface {
	Node
	stmtNode()
}

// QueryBody is the body of a query before ORDER BY/LIMIT: a SELECT block, a set
// operation, a parenthesised query, a VALUES list or TABLE t.
type QueryBody interface {
	Node
	queryBodyNode()
}

// TableExpr is a relation in a FROM clause.
type TableExpr interface {
	Node
	tableExprNode()
}

// Expr is a scalar expression (including the aliases, stars and grouping analytics that
// Spark also models as expressions).
type Expr interface {
	Node
	exprNode()
}

// DataType is a type as written in CAST, DDL or a schema string.
type DataType interface {
	Node
	dataTypeNode()
}

// Ident is one identifier. Name is the identifier as written, without backquotes and
// with doubled backquotes collapsed; Quoted tells whether it was backquoted. Names keep
// their case: resolution is case-insensitive later.
type Ident struct {
	Loc
	Name   string
	Quoted bool
}

// ObjectName names a table, view, function or namespace: either a dotted list of
// identifiers or an IDENTIFIER(expr) clause whose argument evaluates to the name.
type ObjectName struct {
	Loc
	Parts []*Ident
	// Identifier is the argument of IDENTIFIER(...); Parts is empty when it is set.
	Identifier Expr
}

// Property is one entry of OPTIONS (...), TBLPROPERTIES (...) or DBPROPERTIES (...).
// Key is the dotted identifier or the unescaped string key; Value is nil when the
// entry has no value.
type Property struct {
	Loc
	Key   string
	Value Expr
}

// PartitionVal is one entry of PARTITION (...): a column with an optional value.
type PartitionVal struct {
	Loc
	Name  *Ident
	Value Expr
}
