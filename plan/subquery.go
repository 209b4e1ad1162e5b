package plan

import "github.com/fulgur/fulgur/sql/types"

// SubqueryKind is what a subquery expression computes.
type SubqueryKind int

// Subquery kinds.
const (
	ScalarSubquery SubqueryKind = iota // (SELECT one value)
	ExistsSubquery                     // EXISTS (SELECT ...)
	InSubquery                         // values IN (SELECT ...)
)

// Subquery is a query used as an expression. Plan is unresolved until the analyzer
// resolves it (its columns may refer to the enclosing query through OuterRef); the
// analyzer then rewrites every subquery into joins, so none reaches execution.
type Subquery struct {
	Kind SubqueryKind
	Plan Rel
	// Values are the left-hand side of IN.
	Values []Expr
}

// OuterRef is a column of an enclosing query used inside a correlated subquery.
type OuterRef struct {
	Attr *Attribute
}

func (*Subquery) exprNode()                     {}
func (*OuterRef) exprNode()                     {}
func (e *Subquery) Children() []Expr            { return e.Values }
func (*OuterRef) Children() []Expr              { return nil }
func (e *OuterRef) WithChildren(c ...Expr) Expr { return noChildren(e, c) }
func (e *Subquery) WithChildren(c ...Expr) Expr {
	n := *e
	n.Values = c
	return &n
}

// Type is the subquery's value type: the scalar subquery's only column, else boolean.
func (e *Subquery) Type() types.DataType {
	if e.Kind == ScalarSubquery {
		if out := e.Plan.Output(); len(out) == 1 {
			return out[0].Type
		}
		return types.Null
	}
	return types.Boolean
}

// MaxOneRow passes on the single row of its input, a row of NULLs when the input is
// empty, and fails with SCALAR_SUBQUERY_TOO_MANY_ROWS when it has more: the semantics
// of an uncorrelated scalar subquery.
type MaxOneRow struct {
	Input Rel
}

func (*MaxOneRow) relNode()                    {}
func (r *MaxOneRow) Children() []Rel           { return []Rel{r.Input} }
func (r *MaxOneRow) WithChildren(c ...Rel) Rel { return &MaxOneRow{Input: c[0]} }

// Output is the input's columns, all nullable.
func (r *MaxOneRow) Output() []*Attribute { return nullable(r.Input.Output()) }
