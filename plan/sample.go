package plan

import (
	"strings"

	"github.com/fulgur/fulgur/sql/types"
)

// Sample keeps each row with probability Upper-Lower (a row is kept when its random
// draw falls in [Lower, Upper), so samples with complementary bounds and one seed
// split the input, as randomSplit needs), or, with replacement, a Poisson-distributed
// number of times. The draws depend only on the seed and the partition.
type Sample struct {
	Input           Rel
	Lower, Upper    float64
	WithReplacement bool
	Seed            int64
}

func (*Sample) relNode()               {}
func (r *Sample) Children() []Rel      { return []Rel{r.Input} }
func (r *Sample) Output() []*Attribute { return r.Input.Output() }
func (r *Sample) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}

// Unpivot turns value columns into rows (melt): the id columns, then a column naming
// the value column a row came from and one holding its value. Values nil means every
// column that is not an id.
type Unpivot struct {
	Input                   Rel
	IDs, Values             []Expr
	VariableName, ValueName string
}

func (*Unpivot) relNode()          {}
func (r *Unpivot) Children() []Rel { return []Rel{r.Input} }
func (r *Unpivot) Output() []*Attribute {
	return nil // unresolved; the analyzer replaces it
}
func (r *Unpivot) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}

// Replace is na.replace: in the given columns (all when empty), values equal to an
// Old literal become the matching New one.
type Replace struct {
	Input    Rel
	Cols     []string
	Old, New []*Literal
}

func (*Replace) relNode()               {}
func (r *Replace) Children() []Rel      { return []Rel{r.Input} }
func (r *Replace) Output() []*Attribute { return r.Input.Output() }
func (r *Replace) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}

// ToSchema reorders, casts and checks the input's columns to match a schema by name.
type ToSchema struct {
	Input  Rel
	Schema types.StructType
}

func (*ToSchema) relNode()               {}
func (r *ToSchema) Children() []Rel      { return []Rel{r.Input} }
func (r *ToSchema) Output() []*Attribute { return nil }
func (r *ToSchema) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}

// Pivot is groupBy(...).pivot(col, values).agg(...): one output column per pivot value
// (and aggregate), holding the aggregate over the group's rows with that value. Values
// nil means the distinct values of the column, found by running a query.
type Pivot struct {
	Input  Rel
	Groups []Expr
	Column Expr
	Values []*Literal
	Aggs   []Expr
}

func (*Pivot) relNode()               {}
func (r *Pivot) Children() []Rel      { return []Rel{r.Input} }
func (r *Pivot) Output() []*Attribute { return nil }
func (r *Pivot) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}

// Hint marks a relation for the planner; only broadcast hints are kept (they choose
// a broadcast join). It is transparent otherwise.
type Hint struct {
	Input Rel
	Name  string
}

func (*Hint) relNode()               {}
func (r *Hint) Children() []Rel      { return []Rel{r.Input} }
func (r *Hint) Output() []*Attribute { return r.Input.Output() }
func (r *Hint) WithChildren(c ...Rel) Rel {
	return &Hint{Input: c[0], Name: r.Name}
}

// IsBroadcastHint reports whether a hint name asks for a broadcast join.
func IsBroadcastHint(name string) bool {
	switch strings.ToLower(name) {
	case "broadcast", "broadcastjoin", "mapjoin":
		return true
	}
	return false
}

// CatalogOp is a spark.catalog call (listTables, currentDatabase, tableExists, ...)
// whose answer the analyzer obtains from the catalog as a local relation. Args are the
// call's arguments by name; a missing optional argument is absent.
type CatalogOp struct {
	Op   string
	Args map[string]string
}

func (*CatalogOp) relNode()                  {}
func (*CatalogOp) Children() []Rel           { return nil }
func (r *CatalogOp) WithChildren(...Rel) Rel { return r }
func (*CatalogOp) Output() []*Attribute      { return nil }
