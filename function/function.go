package function

import (
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/sql/types"
)

// EvalContext carries what kernels need besides their arguments. It is per task and not
// shared between goroutines.
type EvalContext struct {
	Mem      memory.Allocator
	TimeZone string // session time zone, e.g. "UTC" or "America/Los_Angeles"
	ANSI     bool   // spark.sql.ansi.enabled
}

// Scalar is a constant kernel argument. Value uses the Go representation of
// plan.Literal.Value for Type.
type Scalar struct {
	Type  types.DataType
	Value any
}

// Datum is one kernel argument: a column of n rows (Array) or a constant (Scalar).
// Exactly one is set.
type Datum struct {
	Array  arrow.Array
	Scalar *Scalar
}

// Kernel evaluates a function over n rows. It does not retain or release its
// arguments; the returned array is owned by the caller. Errors are *sqlerr.Error for
// user-facing failures (e.g. DIVIDE_BY_ZERO in ANSI mode).
type Kernel func(ec *EvalContext, args []Datum, n int) (arrow.Array, error)

// Bound is a scalar function bound to argument types.
type Bound struct {
	// ArgTypes are the types the arguments must be cast to before the kernel runs
	// (implicit coercion); equal to the given types when no cast is needed.
	ArgTypes []types.DataType
	Result   types.DataType
	// NullIntolerant means the result is NULL when any argument is NULL (and only
	// then, unless the kernel itself can produce NULL).
	NullIntolerant bool
	// AlwaysNullable means the kernel may return NULL for non-NULL inputs.
	AlwaysNullable bool
	Kernel         Kernel
}

// ScalarFunc is a built-in scalar function.
type ScalarFunc struct {
	Name string
	// Infix is the operator symbol for operators ("+", "=", "AND"), used for naming
	// "(a + b)"; empty for ordinary functions.
	Infix string
	// Display renders the column name Spark gives a call from the names of its
	// arguments; nil means Infix form for operators, else "name(a, b)".
	Display func(args []string) string
	// Bind type-checks the arguments. ansi selects ANSI coercion rules.
	Bind func(args []types.DataType, ansi bool) (*Bound, error)
}

// Accumulator folds rows into per-group aggregation states. Groups are dense ids
// 0..numGroups-1; groups may grow between calls. Not safe for concurrent use.
type Accumulator interface {
	// Update folds raw input rows: row i belongs to group groups[i].
	Update(ec *EvalContext, args []arrow.Array, groups []uint32, numGroups int) error
	// Merge folds partial states produced by State of other accumulators.
	Merge(ec *EvalContext, states []arrow.Array, groups []uint32, numGroups int) error
	// State returns the partial state of every group as columns (StateTypes).
	State(ec *EvalContext) ([]arrow.Array, error)
	// Final returns the result of every group.
	Final(ec *EvalContext) (arrow.Array, error)
	// Release frees the accumulator's memory.
	Release()
}

// BoundAgg is an aggregate function bound to argument types.
type BoundAgg struct {
	ArgTypes   []types.DataType
	Result     types.DataType
	Nullable   bool
	StateTypes []types.DataType
	// New returns an empty accumulator with numGroups = 0.
	New func(ec *EvalContext) Accumulator
}

// AggregateFunc is a built-in aggregate function.
type AggregateFunc struct {
	Name string
	Bind func(args []types.DataType, distinct bool, ansi bool) (*BoundAgg, error)
}

// Registry holds the functions by lower-case name.
type Registry struct {
	scalars    map[string]*ScalarFunc
	aggregates map[string]*AggregateFunc
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{scalars: map[string]*ScalarFunc{}, aggregates: map[string]*AggregateFunc{}}
}

// AddScalar registers f under its name and the given aliases.
func (r *Registry) AddScalar(f *ScalarFunc, aliases ...string) {
	for _, n := range append([]string{f.Name}, aliases...) {
		r.scalars[strings.ToLower(n)] = f
	}
}

// AddAggregate registers f under its name and the given aliases.
func (r *Registry) AddAggregate(f *AggregateFunc, aliases ...string) {
	for _, n := range append([]string{f.Name}, aliases...) {
		r.aggregates[strings.ToLower(n)] = f
	}
}

// Scalar looks up a scalar function by name, case-insensitively.
func (r *Registry) Scalar(name string) (*ScalarFunc, bool) {
	f, ok := r.scalars[strings.ToLower(name)]
	return f, ok
}

// Aggregate looks up an aggregate function by name, case-insensitively.
func (r *Registry) Aggregate(name string) (*AggregateFunc, bool) {
	f, ok := r.aggregates[strings.ToLower(name)]
	return f, ok
}

// Names returns every registered name.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.scalars)+len(r.aggregates))
	for n := range r.scalars {
		out = append(out, n)
	}
	for n := range r.aggregates {
		out = append(out, n)
	}
	return out
}
