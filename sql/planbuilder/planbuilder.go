package planbuilder

import (
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sqlerr"
)

// Params are the values of named (:name) and positional (?) parameters of a statement.
type Params struct {
	Named      map[string]plan.Expr
	Positional []plan.Expr
}

// Query parses sql, which must be a query (or a statement whose result is a relation),
// and returns its unresolved plan. Syntax errors are *sqlerr.Error of class
// PARSE_SYNTAX_ERROR.
func Query(sql string, params Params) (plan.Rel, error) {
	return nil, sqlerr.Unsupported("SQL")
}

// Expr parses a SQL expression (selectExpr, expr(...)) into an unresolved expression.
func Expr(sql string) (plan.Expr, error) {
	return nil, sqlerr.Unsupported("SQL expression strings")
}
