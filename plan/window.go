package plan

import "github.com/fulgur/fulgur/sql/types"

// BoundKind is the kind of a window frame boundary.
type BoundKind int

// Frame boundary kinds.
const (
	UnboundedBound BoundKind = iota // UNBOUNDED PRECEDING / FOLLOWING
	CurrentRowBound
	OffsetBound // Offset rows (or range units) from the current row; negative precedes
)

// FrameBound is one end of a window frame.
type FrameBound struct {
	Kind   BoundKind
	Offset int64
	// Literal marks the fixed offsets of lag and lead, which Spark prints as
	// "-1 FOLLOWING" rather than "1 PRECEDING".
	Literal bool
}

// WindowFrame is ROWS or RANGE BETWEEN Lower AND Upper.
type WindowFrame struct {
	Rows         bool
	Lower, Upper FrameBound
}

// WindowExpr is a function evaluated over a window: the rows of its partition, in
// order, within the frame. Frame nil is Spark's default frame.
type WindowExpr struct {
	Func      Expr
	Partition []Expr
	Order     []*SortOrder
	Frame     *WindowFrame
}

func (*WindowExpr) exprNode() {}

// Children are the function, the partition expressions, then the sort orders.
func (e *WindowExpr) Children() []Expr {
	out := []Expr{e.Func}
	out = append(out, e.Partition...)
	for _, o := range e.Order {
		out = append(out, o)
	}
	return out
}

// WithChildren rebuilds the window expression.
func (e *WindowExpr) WithChildren(c ...Expr) Expr {
	n := *e
	n.Func = c[0]
	n.Partition = append([]Expr(nil), c[1:1+len(e.Partition)]...)
	n.Order = make([]*SortOrder, len(e.Order))
	for i := range e.Order {
		n.Order[i] = c[1+len(e.Partition)+i].(*SortOrder)
	}
	return &n
}

// WindowFunc is a resolved ranking or offset function (row_number, rank, dense_rank,
// percent_rank, cume_dist, ntile, lag, lead) that only exists over a window.
type WindowFunc struct {
	Name     string
	Args     []Expr
	Type     types.DataType
	Nullable bool
	Display  string
}

func (*WindowFunc) exprNode()          {}
func (e *WindowFunc) Children() []Expr { return e.Args }
func (e *WindowFunc) WithChildren(c ...Expr) Expr {
	n := *e
	n.Args = c
	return &n
}

// Window computes window expressions that share a partitioning and order; its output is
// the input's columns followed by one column per expression.
type Window struct {
	Input     Rel
	Exprs     []*Alias // each child is a resolved *WindowExpr
	Partition []Expr
	Order     []*SortOrder
}

func (*Window) relNode()          {}
func (r *Window) Children() []Rel { return []Rel{r.Input} }
func (r *Window) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}

// Output is the input's columns then the window columns.
func (r *Window) Output() []*Attribute {
	out := append([]*Attribute(nil), r.Input.Output()...)
	for _, a := range r.Exprs {
		out = append(out, ToAttribute(a))
	}
	return out
}
