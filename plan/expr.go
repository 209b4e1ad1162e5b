package plan

import (
	"sync/atomic"

	"github.com/fulgur/fulgur/sql/types"
)

// Expr is a scalar expression. The set is closed: only this package implements it.
// Nodes are immutable; rewrites build new nodes through WithChildren.
type Expr interface {
	// Children returns the direct sub-expressions, in a fixed order.
	Children() []Expr
	// WithChildren returns a copy of the node with its children replaced; len(children)
	// must equal len(Children()).
	WithChildren(children ...Expr) Expr
	exprNode()
}

// AttrID identifies one output column across a plan; the analyzer assigns them.
type AttrID int64

var lastAttrID atomic.Int64

// NewAttrID returns a process-unique attribute id.
func NewAttrID() AttrID { return AttrID(lastAttrID.Add(1)) }

// Attribute is a resolved reference to a column produced by a child relation.
type Attribute struct {
	ID        AttrID
	Name      string
	Qualifier []string
	Type      types.DataType
	Nullable  bool
}

// NewAttribute returns an attribute with a fresh id.
func NewAttribute(name string, t types.DataType, nullable bool) *Attribute {
	return &Attribute{ID: NewAttrID(), Name: name, Type: t, Nullable: nullable}
}

// WithQualifier returns a copy of a with another qualifier.
func (a *Attribute) WithQualifier(q []string) *Attribute {
	c := *a
	c.Qualifier = q
	return &c
}

// WithName returns a copy of a with another name (same id).
func (a *Attribute) WithName(n string) *Attribute {
	c := *a
	c.Name = n
	return &c
}

// UnresolvedAttribute is a column name as the user wrote it, possibly qualified
// (a.b.c) and possibly tied to the DataFrame it came from (PlanID).
type UnresolvedAttribute struct {
	Parts  []string
	PlanID int64 // -1 when the column is not tied to a plan
}

// UnresolvedStar is `*` or `t.*`.
type UnresolvedStar struct {
	Target []string
	PlanID int64
}

// UnresolvedFunction is a call by name, resolved through the function registry.
type UnresolvedFunction struct {
	Name     string
	Args     []Expr
	Distinct bool
	// IsOperator marks calls that came from operators (+, =, AND ...), which Spark names
	// differently from function calls.
	IsOperator bool
	// Filter is an aggregate's FILTER (WHERE ...) condition; nil otherwise.
	Filter Expr
}

// Literal is a constant. Value holds: nil, bool, int8, int16, int32, int64, float32,
// float64, string, []byte, int32 days (date), int64 micros (timestamp, timestamp_ntz),
// Decimal, or nested []any / map / struct values for complex types.
type Literal struct {
	Type  types.DataType
	Value any
	// Text is how Spark prints the literal in a column name when that depends on more
	// than its value (TIMESTAMP '...' is shown in the session time zone).
	Text string
}

// Alias names an expression. ID is the attribute id of its output, assigned by the analyzer.
type Alias struct {
	Child Expr
	Name  string
	ID    AttrID
	// Metadata is optional field metadata (JSON object).
	Metadata map[string]any
}

// EvalMode selects how a cast or arithmetic behaves on errors.
type EvalMode int

// Evaluation modes as Spark has them.
const (
	EvalDefault EvalMode = iota // follow spark.sql.ansi.enabled
	EvalLegacy
	EvalANSI
	EvalTry
)

// Cast converts its child to another type.
type Cast struct {
	Child Expr
	To    types.DataType
	Mode  EvalMode
	// TimeZone is the session time zone, filled by the analyzer when the cast needs one.
	TimeZone string
	// Implicit marks casts the analyzer inserted for type coercion; they do not show in
	// column names.
	Implicit bool
}

// SortOrder is one sort key.
type SortOrder struct {
	Child      Expr
	Descending bool
	NullsFirst bool
}

// Call is a resolved scalar function call: Name is the registry name of the function.
type Call struct {
	Name     string
	Args     []Expr
	Type     types.DataType
	Nullable bool
	// Display is the column name Spark would give this call (e.g. "(a + 1)").
	Display string
	// Mode is the evaluation mode for functions that may fail (arithmetic).
	Mode EvalMode
}

// AggregateCall is a resolved aggregate function call.
type AggregateCall struct {
	Name     string
	Args     []Expr
	Distinct bool
	Type     types.DataType
	Nullable bool
	Display  string
	Filter   Expr // may be nil
}

// BoundRef is a reference to the i-th column of an operator's input, produced when a
// physical plan binds attributes to positions.
type BoundRef struct {
	Index    int
	Type     types.DataType
	Nullable bool
	Name     string
}

func (*Attribute) exprNode()           {}
func (*UnresolvedAttribute) exprNode() {}
func (*UnresolvedStar) exprNode()      {}
func (*UnresolvedFunction) exprNode()  {}
func (*Literal) exprNode()             {}
func (*Alias) exprNode()               {}
func (*Cast) exprNode()                {}
func (*SortOrder) exprNode()           {}
func (*Call) exprNode()                {}
func (*AggregateCall) exprNode()       {}
func (*BoundRef) exprNode()            {}

func (*Attribute) Children() []Expr           { return nil }
func (*UnresolvedAttribute) Children() []Expr { return nil }
func (*UnresolvedStar) Children() []Expr      { return nil }
func (e *UnresolvedFunction) Children() []Expr {
	if e.Filter != nil {
		return append(append([]Expr(nil), e.Args...), e.Filter)
	}
	return e.Args
}
func (*Literal) Children() []Expr     { return nil }
func (e *Alias) Children() []Expr     { return []Expr{e.Child} }
func (e *Cast) Children() []Expr      { return []Expr{e.Child} }
func (e *SortOrder) Children() []Expr { return []Expr{e.Child} }
func (e *Call) Children() []Expr      { return e.Args }
func (e *AggregateCall) Children() []Expr {
	if e.Filter != nil {
		return append(append([]Expr(nil), e.Args...), e.Filter)
	}
	return e.Args
}
func (*BoundRef) Children() []Expr { return nil }

func noChildren(e Expr, c []Expr) Expr {
	if len(c) != 0 {
		panic("plan: leaf expression given children")
	}
	return e
}

func (e *Attribute) WithChildren(c ...Expr) Expr           { return noChildren(e, c) }
func (e *UnresolvedAttribute) WithChildren(c ...Expr) Expr { return noChildren(e, c) }
func (e *UnresolvedStar) WithChildren(c ...Expr) Expr      { return noChildren(e, c) }
func (e *Literal) WithChildren(c ...Expr) Expr             { return noChildren(e, c) }
func (e *BoundRef) WithChildren(c ...Expr) Expr            { return noChildren(e, c) }

func (e *UnresolvedFunction) WithChildren(c ...Expr) Expr {
	n := *e
	if e.Filter != nil {
		n.Args, n.Filter = c[:len(c)-1], c[len(c)-1]
	} else {
		n.Args = c
	}
	return &n
}
func (e *Alias) WithChildren(c ...Expr) Expr {
	n := *e
	n.Child = c[0]
	return &n
}
func (e *Cast) WithChildren(c ...Expr) Expr {
	n := *e
	n.Child = c[0]
	return &n
}
func (e *SortOrder) WithChildren(c ...Expr) Expr {
	n := *e
	n.Child = c[0]
	return &n
}
func (e *Call) WithChildren(c ...Expr) Expr {
	n := *e
	n.Args = c
	return &n
}
func (e *AggregateCall) WithChildren(c ...Expr) Expr {
	n := *e
	if e.Filter != nil {
		n.Args, n.Filter = c[:len(c)-1], c[len(c)-1]
	} else {
		n.Args = c
	}
	return &n
}

// NamedExpr is an expression that has an output name: an Attribute or an Alias.
func NamedExpr(e Expr) (name string, ok bool) {
	switch e := e.(type) {
	case *Attribute:
		return e.Name, true
	case *Alias:
		return e.Name, true
	}
	return "", false
}

// ToAttribute returns the attribute a resolved named expression produces.
func ToAttribute(e Expr) *Attribute {
	switch e := e.(type) {
	case *Attribute:
		return e
	case *Alias:
		return &Attribute{ID: e.ID, Name: e.Name, Type: TypeOf(e.Child), Nullable: Nullable(e.Child)}
	}
	panic("plan: ToAttribute of unnamed expression")
}

// TypeOf returns the type of a resolved expression.
func TypeOf(e Expr) types.DataType {
	switch e := e.(type) {
	case *Attribute:
		return e.Type
	case *Literal:
		return e.Type
	case *Alias:
		return TypeOf(e.Child)
	case *Cast:
		return e.To
	case *SortOrder:
		return TypeOf(e.Child)
	case *Call:
		return e.Type
	case *AggregateCall:
		return e.Type
	case *BoundRef:
		return e.Type
	case *WindowFunc:
		return e.Type
	case *WindowExpr:
		return TypeOf(e.Func)
	case *OuterRef:
		return e.Attr.Type
	case *Subquery:
		return e.Type()
	}
	panic("plan: TypeOf unresolved expression")
}

// Nullable reports whether a resolved expression may produce NULL.
func Nullable(e Expr) bool {
	switch e := e.(type) {
	case *Attribute:
		return e.Nullable
	case *Literal:
		return e.Value == nil
	case *Alias:
		return Nullable(e.Child)
	case *Cast:
		return Nullable(e.Child) || e.Mode == EvalTry || e.Mode == EvalLegacy
	case *SortOrder:
		return Nullable(e.Child)
	case *Call:
		return e.Nullable
	case *AggregateCall:
		return e.Nullable
	case *BoundRef:
		return e.Nullable
	case *WindowFunc:
		return e.Nullable
	case *WindowExpr:
		return Nullable(e.Func)
	case *OuterRef:
		return e.Attr.Nullable
	}
	return true
}

// Resolved reports whether e and all its children are resolved.
func Resolved(e Expr) bool {
	switch e.(type) {
	case *UnresolvedAttribute, *UnresolvedStar, *UnresolvedFunction:
		return false
	}
	for _, c := range e.Children() {
		if !Resolved(c) {
			return false
		}
	}
	return true
}
