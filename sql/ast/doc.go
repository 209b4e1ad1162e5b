// Package ast is the syntax tree of Spark SQL as written: statements, queries, relations,
// expressions and data types, each node carrying the source span it was parsed from.
//
// The tree is produced by sql/parser and consumed by sql/planbuilder. It records syntax,
// not meaning: names are unresolved, literals keep their original text, and no Spark
// rule beyond what the parser itself checks has been applied.
//
// Node families are closed (Stmt, QueryBody, TableExpr, Expr, DataType): each has an
// unexported marker method, so only this package can add members. Nodes are meant to
// be treated as immutable once the parser returns them.
//
//	Stmt ─┬─ *Query ── With? ── QueryBody ─┬─ *Select ── From: TableExpr ─┬─ *TableName
//	      │                                ├─ *SetOp                       ├─ *SubqueryRel
//	      ├─ *SetConfig, *CreateTable, …   ├─ *Query (parenthesised)       ├─ *Join, *Lateral, …
//	      └─ *Explain{Stmt}                ├─ *Values                      └─ *Values
//	                                       └─ *TableQuery
//
// Format prints any node in a canonical, fully parenthesised form that golden tests use.
package ast
