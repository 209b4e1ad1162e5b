package plan

import "strings"

// Generate applies a generator to every input row, producing zero or more rows each:
// the input's columns followed by the generated ones (Spark's Generate with join).
// Outer keeps the input rows for which the generator produces nothing, with NULLs.
type Generate struct {
	Input Rel
	// Func is explode, posexplode, inline, stack or the internal replicate_rows (with
	// their _outer variants folded into Outer).
	Func  string
	Args  []Expr
	Outer bool
	// Names are the aliases the user gave the generated columns (nil for Spark's
	// defaults); Qualifier is the LATERAL VIEW table alias.
	Names     []string
	Qualifier string
	// Out are the generated columns, set by the analyzer.
	Out []*Attribute
}

func (*Generate) relNode()          {}
func (r *Generate) Children() []Rel { return []Rel{r.Input} }
func (r *Generate) WithChildren(c ...Rel) Rel {
	n := *r
	n.Input = c[0]
	return &n
}

// Output is the input's columns then the generated ones.
func (r *Generate) Output() []*Attribute {
	return append(append([]*Attribute(nil), r.Input.Output()...), r.Out...)
}

// Generators are the generator functions by name; the _outer forms map to the same
// generator with Outer set.
var Generators = map[string]bool{"explode": true, "posexplode": true, "inline": true, "stack": true, ReplicateRows: true}

// ReplicateRows is the internal generator that repeats a row as many times as its
// argument says (INTERSECT ALL and EXCEPT ALL).
const ReplicateRows = "replicate_rows"

// GeneratorName splits a function name into its generator and whether it is an
// _outer form; ok is false for other functions.
func GeneratorName(name string) (gen string, outer, ok bool) {
	n := strings.ToLower(name)
	if strings.HasSuffix(n, "_outer") && Generators[strings.TrimSuffix(n, "_outer")] {
		return strings.TrimSuffix(n, "_outer"), true, true
	}
	return n, false, Generators[n]
}

// MultiAlias names the several columns a generator produces: posexplode(a) AS (p, x).
type MultiAlias struct {
	Child Expr
	Names []string
}

func (*MultiAlias) exprNode()          {}
func (e *MultiAlias) Children() []Expr { return []Expr{e.Child} }
func (e *MultiAlias) WithChildren(c ...Expr) Expr {
	n := *e
	n.Child = c[0]
	return &n
}

// SetOpAll is INTERSECT ALL or EXCEPT ALL: multiset semantics, keeping duplicates as
// often as they occur in both inputs (INTERSECT) or more often in the left (EXCEPT).
// The analyzer rewrites it into an aggregation of counts and a row replication, as
// Spark's RewriteIntersectAll and RewriteExceptAll do.
type SetOpAll struct {
	Left, Right Rel
	Except      bool
}

func (*SetOpAll) relNode()          {}
func (r *SetOpAll) Children() []Rel { return []Rel{r.Left, r.Right} }
func (r *SetOpAll) WithChildren(c ...Rel) Rel {
	return &SetOpAll{Left: c[0], Right: c[1], Except: r.Except}
}

// Output is the left input's columns.
func (r *SetOpAll) Output() []*Attribute { return r.Left.Output() }
