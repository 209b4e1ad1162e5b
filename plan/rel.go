package plan

import (
	"github.com/apache/arrow-go/v18/arrow"

	"github.com/fulgur/fulgur/sql/types"
)

// Rel is a relational operator. The set is closed: only this package implements it.
// Nodes are immutable; rewrites build new nodes through WithChildren.
type Rel interface {
	// Children returns the input relations, in a fixed order.
	Children() []Rel
	// WithChildren returns a copy with the inputs replaced.
	WithChildren(children ...Rel) Rel
	// Output returns the columns the relation produces. It is only meaningful once the
	// relation is resolved; unresolved nodes return nil.
	Output() []*Attribute
	relNode()
}

// UnresolvedRelation is a table or view name, resolved through the catalog.
type UnresolvedRelation struct {
	Parts   []string
	Options map[string]string
}

// DataSource reads files of a format. Out is filled by the analyzer from Schema or from
// inference.
type DataSource struct {
	Format  string
	Paths   []string
	Schema  *types.StructType // user-given schema, nil to infer
	Options map[string]string
	Out     []*Attribute
}

// LocalRelation is data shipped with the plan. The relation owns Batches.
type LocalRelation struct {
	Schema  types.StructType
	Batches []arrow.RecordBatch
	Out     []*Attribute
}

// OneRow is the single row, no column relation of SELECT without FROM.
type OneRow struct{}

// Range produces bigint ids from Start (inclusive) to End (exclusive) by Step.
type Range struct {
	Start, End, Step int64
	NumPartitions    int // 0: the default parallelism
	Out              []*Attribute
}

// Project computes a list of named expressions.
type Project struct {
	Input Rel
	List  []Expr
}

// Filter keeps rows for which Cond is true.
type Filter struct {
	Input Rel
	Cond  Expr
}

// Limit keeps the first N rows.
type Limit struct {
	Input Rel
	N     int64
}

// Offset skips the first N rows.
type Offset struct {
	Input Rel
	N     int64
}

// Tail keeps the last N rows.
type Tail struct {
	Input Rel
	N     int64
}

// Aggregate groups by Groups and computes Aggs (named expressions over groups and
// aggregate calls).
type Aggregate struct {
	Input  Rel
	Groups []Expr
	Aggs   []Expr
	// GroupingSets, when set, lists for each grouping set the indexes of the Groups it
	// groups by (ROLLUP, CUBE, GROUPING SETS); the analyzer expands them.
	GroupingSets [][]int
}

// Sort orders rows; Global false is sortWithinPartitions.
type Sort struct {
	Input  Rel
	Orders []*SortOrder
	Global bool
}

// Distinct removes duplicate rows.
type Distinct struct{ Input Rel }

// SubqueryAlias qualifies the input's columns with a name.
type SubqueryAlias struct {
	Input Rel
	Alias string
}

// ToDF renames all columns.
type ToDF struct {
	Input Rel
	Names []string
}

// WithColumns adds or replaces columns by name.
type WithColumns struct {
	Input Rel
	Cols  []*Alias
}

// WithColumnsRenamed renames columns; missing names are ignored as Spark does.
type WithColumnsRenamed struct {
	Input Rel
	From  []string
	To    []string
}

// Drop removes columns, given as names or expressions.
type Drop struct {
	Input   Rel
	Columns []Expr
	Names   []string
}

// ShowString renders the input as Spark's show() text table: one row, one string column.
type ShowString struct {
	Input    Rel
	NumRows  int
	Truncate int
	Vertical bool
	HTML     bool
	Out      []*Attribute
}

// PlanID tags a relation with the client's plan id, so columns referring to a DataFrame
// (df["x"]) resolve against it. It is transparent otherwise.
type PlanID struct {
	Input Rel
	ID    int64
}

// Repartition changes the partitioning: by expressions (hash) or round robin when
// Exprs is empty.
type Repartition struct {
	Input         Rel
	NumPartitions int
	Exprs         []Expr
	Shuffle       bool
}

func (*UnresolvedRelation) relNode() {}
func (*DataSource) relNode()         {}
func (*LocalRelation) relNode()      {}
func (*OneRow) relNode()             {}
func (*Range) relNode()              {}
func (*Project) relNode()            {}
func (*Filter) relNode()             {}
func (*Limit) relNode()              {}
func (*Offset) relNode()             {}
func (*Tail) relNode()               {}
func (*Aggregate) relNode()          {}
func (*Sort) relNode()               {}
func (*Distinct) relNode()           {}
func (*SubqueryAlias) relNode()      {}
func (*ToDF) relNode()               {}
func (*WithColumns) relNode()        {}
func (*WithColumnsRenamed) relNode() {}
func (*Drop) relNode()               {}
func (*ShowString) relNode()         {}
func (*PlanID) relNode()             {}
func (*Repartition) relNode()        {}

func leaf(r Rel, c []Rel) Rel {
	if len(c) != 0 {
		panic("plan: leaf relation given children")
	}
	return r
}

func (r *UnresolvedRelation) Children() []Rel           { return nil }
func (r *UnresolvedRelation) WithChildren(c ...Rel) Rel { return leaf(r, c) }
func (r *UnresolvedRelation) Output() []*Attribute      { return nil }

func (r *DataSource) Children() []Rel           { return nil }
func (r *DataSource) WithChildren(c ...Rel) Rel { return leaf(r, c) }
func (r *DataSource) Output() []*Attribute      { return r.Out }

func (r *LocalRelation) Children() []Rel           { return nil }
func (r *LocalRelation) WithChildren(c ...Rel) Rel { return leaf(r, c) }
func (r *LocalRelation) Output() []*Attribute      { return r.Out }

func (r *OneRow) Children() []Rel           { return nil }
func (r *OneRow) WithChildren(c ...Rel) Rel { return leaf(r, c) }
func (r *OneRow) Output() []*Attribute      { return nil }

func (r *Range) Children() []Rel           { return nil }
func (r *Range) WithChildren(c ...Rel) Rel { return leaf(r, c) }
func (r *Range) Output() []*Attribute      { return r.Out }

func (r *Project) Children() []Rel { return []Rel{r.Input} }
func (r *Project) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Project) Output() []*Attribute { return namedOutput(r.List) }

func (r *Filter) Children() []Rel { return []Rel{r.Input} }
func (r *Filter) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Filter) Output() []*Attribute { return r.Input.Output() }

func (r *Limit) Children() []Rel { return []Rel{r.Input} }
func (r *Limit) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Limit) Output() []*Attribute { return r.Input.Output() }

func (r *Offset) Children() []Rel { return []Rel{r.Input} }
func (r *Offset) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Offset) Output() []*Attribute { return r.Input.Output() }

func (r *Tail) Children() []Rel { return []Rel{r.Input} }
func (r *Tail) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Tail) Output() []*Attribute { return r.Input.Output() }

func (r *Aggregate) Children() []Rel { return []Rel{r.Input} }
func (r *Aggregate) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Aggregate) Output() []*Attribute { return namedOutput(r.Aggs) }

func (r *Sort) Children() []Rel { return []Rel{r.Input} }
func (r *Sort) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Sort) Output() []*Attribute { return r.Input.Output() }

func (r *Distinct) Children() []Rel { return []Rel{r.Input} }
func (r *Distinct) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Distinct) Output() []*Attribute { return r.Input.Output() }

func (r *SubqueryAlias) Children() []Rel { return []Rel{r.Input} }
func (r *SubqueryAlias) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *SubqueryAlias) Output() []*Attribute {
	in := r.Input.Output()
	out := make([]*Attribute, len(in))
	for i, a := range in {
		out[i] = a.WithQualifier([]string{r.Alias})
	}
	return out
}

func (r *ToDF) Children() []Rel { return []Rel{r.Input} }
func (r *ToDF) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *ToDF) Output() []*Attribute { return nil }

func (r *WithColumns) Children() []Rel { return []Rel{r.Input} }
func (r *WithColumns) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *WithColumns) Output() []*Attribute { return nil }

func (r *WithColumnsRenamed) Children() []Rel { return []Rel{r.Input} }
func (r *WithColumnsRenamed) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *WithColumnsRenamed) Output() []*Attribute { return nil }

func (r *Drop) Children() []Rel { return []Rel{r.Input} }
func (r *Drop) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Drop) Output() []*Attribute { return nil }

func (r *ShowString) Children() []Rel { return []Rel{r.Input} }
func (r *ShowString) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *ShowString) Output() []*Attribute { return r.Out }

func (r *PlanID) Children() []Rel { return []Rel{r.Input} }
func (r *PlanID) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *PlanID) Output() []*Attribute { return r.Input.Output() }

func (r *Repartition) Children() []Rel { return []Rel{r.Input} }
func (r *Repartition) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Repartition) Output() []*Attribute { return r.Input.Output() }

func namedOutput(list []Expr) []*Attribute {
	out := make([]*Attribute, len(list))
	for i, e := range list {
		out[i] = ToAttribute(e)
	}
	return out
}

// Schema returns the schema of a resolved relation.
func Schema(r Rel) types.StructType {
	out := r.Output()
	st := types.StructType{Fields: make([]types.StructField, len(out))}
	for i, a := range out {
		st.Fields[i] = types.StructField{Name: a.Name, Type: a.Type, Nullable: a.Nullable}
	}
	return st
}

// Walk calls fn for r and every relation below it, parents first; fn returning false
// stops the descent below that node.
func Walk(r Rel, fn func(Rel) bool) {
	if !fn(r) {
		return
	}
	for _, c := range r.Children() {
		Walk(c, fn)
	}
}

// JoinType is the kind of a join.
type JoinType int

// Join types.
const (
	InnerJoin JoinType = iota
	LeftOuterJoin
	RightOuterJoin
	FullOuterJoin
	LeftSemiJoin
	LeftAntiJoin
	CrossJoin
)

var joinNames = [...]string{"Inner", "LeftOuter", "RightOuter", "FullOuter", "LeftSemi", "LeftAnti", "Cross"}

func (t JoinType) String() string { return joinNames[t] }

// Join combines rows of Left and Right. Cond may be nil (cross join). Using lists the
// column names of USING / on=[names]; the analyzer turns them into a condition and a
// projection.
type Join struct {
	Left, Right Rel
	Type        JoinType
	Cond        Expr
	Using       []string
	// Natural joins on every column name both sides share (NATURAL JOIN).
	Natural bool
	// AllColumns joins on every column by position with null-safe equality, the
	// matching INTERSECT and EXCEPT need.
	AllColumns bool
}

func (*Join) relNode() {}

func (r *Join) Children() []Rel { return []Rel{r.Left, r.Right} }
func (r *Join) WithChildren(c ...Rel) Rel {
	n := *r
	n.Left, n.Right = c[0], c[1]
	return &n
}

// Output is the left columns then the right ones (only the left for semi and anti
// joins); the side that may have no match becomes nullable.
func (r *Join) Output() []*Attribute {
	l, rt := r.Left.Output(), r.Right.Output()
	switch r.Type {
	case LeftSemiJoin, LeftAntiJoin:
		return l
	case LeftOuterJoin:
		return append(append([]*Attribute(nil), l...), nullable(rt)...)
	case RightOuterJoin:
		return append(nullable(l), rt...)
	case FullOuterJoin:
		return append(nullable(l), nullable(rt)...)
	}
	return append(append([]*Attribute(nil), l...), rt...)
}

func nullable(attrs []*Attribute) []*Attribute {
	out := make([]*Attribute, len(attrs))
	for i, a := range attrs {
		c := *a
		c.Nullable = true
		out[i] = &c
	}
	return out
}

// Union concatenates its inputs' rows by position (UNION ALL); Distinct on top makes it
// UNION. ByName matches columns by name (unionByName), AllowMissing fills absent ones
// with NULL.
type Union struct {
	Inputs       []Rel
	ByName       bool
	AllowMissing bool
	// Inline marks the rows of a VALUES list, which Spark reads as one local
	// relation in a single partition.
	Inline bool
}

func (*Union) relNode() {}

func (r *Union) Children() []Rel { return r.Inputs }
func (r *Union) WithChildren(c ...Rel) Rel {
	n := *r
	n.Inputs = c
	return &n
}

// Output is the first input's columns, nullable where any input's column is.
func (r *Union) Output() []*Attribute {
	first := r.Inputs[0].Output()
	out := make([]*Attribute, len(first))
	for i, a := range first {
		c := *a
		for _, in := range r.Inputs[1:] {
			if o := in.Output(); i < len(o) && o[i].Nullable {
				c.Nullable = true
			}
		}
		out[i] = &c
	}
	return out
}

// FillNA replaces NULLs (and NaN in floating columns) of Cols (all compatible columns
// when empty) with Values: one value for all, or one per column.
type FillNA struct {
	Input  Rel
	Cols   []string
	Values []*Literal
}

// DropNA drops rows with fewer than MinNonNulls non-NULL, non-NaN values among Cols
// (all columns when empty); MinNonNulls < 0 means all of them.
type DropNA struct {
	Input       Rel
	Cols        []string
	MinNonNulls int
}

func (*FillNA) relNode()          {}
func (*DropNA) relNode()          {}
func (r *FillNA) Children() []Rel { return []Rel{r.Input} }
func (r *DropNA) Children() []Rel { return []Rel{r.Input} }
func (r *FillNA) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *DropNA) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *FillNA) Output() []*Attribute { return nil }
func (r *DropNA) Output() []*Attribute { return nil }

// Deduplicate keeps one row per distinct value of Cols (dropDuplicates(subset)).
type Deduplicate struct {
	Input Rel
	Cols  []string
}

func (*Deduplicate) relNode()          {}
func (r *Deduplicate) Children() []Rel { return []Rel{r.Input} }
func (r *Deduplicate) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Deduplicate) Output() []*Attribute { return nil }

// Describe computes summary statistics (count, mean, stddev, min, max) of columns as
// rows of strings, the first column naming the statistic (describe() / summary()).
type Describe struct {
	Input Rel
	Cols  []string
	Stats []string
}

func (*Describe) relNode()          {}
func (r *Describe) Children() []Rel { return []Rel{r.Input} }
func (r *Describe) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
func (r *Describe) Output() []*Attribute { return nil }

// Expand turns every input row into one row per projection (the grouping sets of
// ROLLUP, CUBE and GROUPING SETS). Every projection lists len(Out) expressions.
type Expand struct {
	Input       Rel
	Projections [][]Expr
	Out         []*Attribute
}

func (*Expand) relNode()               {}
func (r *Expand) Children() []Rel      { return []Rel{r.Input} }
func (r *Expand) Output() []*Attribute { return r.Out }
func (r *Expand) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}
