package stage

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
)

// Op is a physical operator of a stage fragment. The set is closed. Expressions inside
// ops are bound: column references are plan.BoundRef to the op's input columns.
type Op interface {
	// Inputs returns the ops this one reads from.
	Inputs() []Op
	// Schema returns the columns the op produces.
	Schema() types.StructType
	opNode()
}

// RangeScan produces the ids of Range for one task: task p of n produces Spark's slice p.
type RangeScan struct {
	Start, End, Step int64
	NumSlices        int
	Out              types.StructType
}

// LocalScan produces batches shipped with the plan; task p produces Slices[p].
type LocalScan struct {
	Slices [][]arrow.RecordBatch
	// Ranges, when set, gives task p the rows [Ranges[p][0], Ranges[p][1]) of the
	// batches of Slices[0] (local data split as Spark slices it).
	Ranges [][2]int64
	Out    types.StructType
}

// FileSplit is a byte range of one file, with its partition column values.
type FileSplit struct {
	Path            string
	Start, Length   int64
	FileSize        int64
	PartitionValues map[string]string
}

// FileScan reads files of a format; task p reads Partitions[p].
type FileScan struct {
	Format     string
	Partitions [][]FileSplit
	// DataSchema is the schema of the columns read from the files (already projected).
	DataSchema types.StructType
	Options    map[string]string
	Out        types.StructType
}

// Project computes bound expressions.
type Project struct {
	Input Op
	Exprs []plan.Expr
	Out   types.StructType
}

// Filter keeps rows for which Cond is true.
type Filter struct {
	Input Op
	Cond  plan.Expr
}

// Limit keeps the first N rows of its input (of each task's input).
type Limit struct {
	Input  Op
	N      int64
	Offset int64
}

// AggMode is the phase of a two-phase aggregation.
type AggMode int

// Aggregation phases.
const (
	// AggComplete consumes raw rows and produces final values.
	AggComplete AggMode = iota
	// AggPartial consumes raw rows and produces group keys plus partial states.
	AggPartial
	// AggFinal consumes group keys plus partial states and produces final values.
	AggFinal
)

// HashAggregate groups rows by Groups and evaluates Aggs.
//
// Partial: input raw rows; output Groups..., then the state columns of each agg in order.
// Final: input is the partial output (groups are BoundRefs to the first len(Groups)
// columns, states follow); output Groups..., then one column per agg.
type HashAggregate struct {
	Input  Op
	Mode   AggMode
	Groups []plan.Expr
	Aggs   []*plan.AggregateCall
	Out    types.StructType
}

// ShuffleRead reads this task's partition of a shuffle written by another stage.
type ShuffleRead struct {
	ShuffleID int
	Out       types.StructType
	// Broadcast makes every task read the whole (single-partition) shuffle output:
	// the small side of a broadcast join.
	Broadcast bool
}

// ShowString renders its input as Spark's show() text and produces one row with one
// string column named show_string.
type ShowString struct {
	Input    Op
	NumRows  int
	Truncate int
	Vertical bool
	// HTML renders Spark's htmlString (notebooks' eager evaluation) instead.
	HTML bool
	Out  types.StructType
}

// Sort orders each task's input by bound sort orders.
type Sort struct {
	Input  Op
	Orders []*plan.SortOrder
}

func (*RangeScan) opNode()     {}
func (*LocalScan) opNode()     {}
func (*FileScan) opNode()      {}
func (*Project) opNode()       {}
func (*Filter) opNode()        {}
func (*Limit) opNode()         {}
func (*HashAggregate) opNode() {}
func (*ShuffleRead) opNode()   {}
func (*ShowString) opNode()    {}
func (*Sort) opNode()          {}

func (o *RangeScan) Inputs() []Op     { return nil }
func (o *LocalScan) Inputs() []Op     { return nil }
func (o *FileScan) Inputs() []Op      { return nil }
func (o *Project) Inputs() []Op       { return []Op{o.Input} }
func (o *Filter) Inputs() []Op        { return []Op{o.Input} }
func (o *Limit) Inputs() []Op         { return []Op{o.Input} }
func (o *HashAggregate) Inputs() []Op { return []Op{o.Input} }
func (o *ShuffleRead) Inputs() []Op   { return nil }
func (o *ShowString) Inputs() []Op    { return []Op{o.Input} }
func (o *Sort) Inputs() []Op          { return []Op{o.Input} }

func (o *RangeScan) Schema() types.StructType     { return o.Out }
func (o *LocalScan) Schema() types.StructType     { return o.Out }
func (o *FileScan) Schema() types.StructType      { return o.Out }
func (o *Project) Schema() types.StructType       { return o.Out }
func (o *Filter) Schema() types.StructType        { return o.Input.Schema() }
func (o *Limit) Schema() types.StructType         { return o.Input.Schema() }
func (o *HashAggregate) Schema() types.StructType { return o.Out }
func (o *ShuffleRead) Schema() types.StructType   { return o.Out }
func (o *ShowString) Schema() types.StructType    { return o.Out }
func (o *Sort) Schema() types.StructType          { return o.Input.Schema() }

// PartitionKind says how a shuffle distributes rows.
type PartitionKind int

// Partitioning kinds.
const (
	// SinglePartition sends every row to partition 0.
	SinglePartition PartitionKind = iota
	// HashPartition sends a row to pmod(murmur3(keys), n), as Spark's HashPartitioning.
	HashPartition
	// RoundRobinPartition spreads rows evenly.
	RoundRobinPartition
	// MapRangePartition sends all rows of map task m to partition i of the slice
	// [i*NumMaps/n, (i+1)*NumMaps/n) holding m: contiguous map tasks coalesce in order,
	// as Spark slices a local collection into partitions.
	MapRangePartition
)

// Partitioning is the distribution of a stage's output.
type Partitioning struct {
	Kind          PartitionKind
	NumPartitions int
	Keys          []plan.Expr // bound to the fragment root's output, for HashPartition
	NumMaps       int         // the number of map tasks, for MapRangePartition
}

// Stage is one fragment run as NumTasks tasks. Its output either feeds a shuffle
// (ShuffleID >= 0, partitioned by Output) or is the job's result (ShuffleID < 0).
type Stage struct {
	ID        int
	Root      Op
	NumTasks  int
	ShuffleID int
	Output    Partitioning
	// Parents are the ids of the stages whose shuffles this stage reads.
	Parents []int
}

// IsResult reports whether the stage produces the job's result.
func (s *Stage) IsResult() bool { return s.ShuffleID < 0 }

// Job is a DAG of stages; the last stage is the result stage. Its results are returned in
// task order: all batches of task 0, then task 1, ...
type Job struct {
	Stages []*Stage
}

// Result returns the result stage.
func (j *Job) Result() *Stage { return j.Stages[len(j.Stages)-1] }

// Stage returns the stage with the given id.
func (j *Job) Stage(id int) *Stage {
	for _, s := range j.Stages {
		if s.ID == id {
			return s
		}
	}
	panic(fmt.Sprintf("stage: no stage %d", id))
}

// ShuffleMapStage returns the id of the stage that writes shuffleID.
func (j *Job) ShuffleMapStage(shuffleID int) int {
	for _, s := range j.Stages {
		if s.ShuffleID == shuffleID {
			return s.ID
		}
	}
	return -1
}

// HashJoin joins its two inputs (partitioned alike on the keys) by equal keys, then keeps
// the pairs for which Residual (bound to left columns then right columns) is true.
// Without keys every left row pairs with every right row.
type HashJoin struct {
	Left, Right         Op
	Type                plan.JoinType
	LeftKeys, RightKeys []plan.Expr
	// NullSafe marks keys compared with <=>: NULL matches NULL.
	NullSafe []bool
	Residual plan.Expr // may be nil
	Out      types.StructType
}

// Union produces the rows of its inputs: task p runs input i's partition j, where the
// inputs' partitions are numbered one after the other (Parts[i] partitions for input i).
type Union struct {
	Ins   []Op
	Parts []int
	Out   types.StructType
}

func (*HashJoin) opNode()                    {}
func (*Union) opNode()                       {}
func (o *HashJoin) Inputs() []Op             { return []Op{o.Left, o.Right} }
func (o *Union) Inputs() []Op                { return o.Ins }
func (o *HashJoin) Schema() types.StructType { return o.Out }
func (o *Union) Schema() types.StructType    { return o.Out }

// WindowCall is one window function of a Window op: a *plan.WindowFunc or a
// *plan.AggregateCall, bound to the op's input, over Frame.
type WindowCall struct {
	Func  plan.Expr
	Frame plan.WindowFrame
}

// Window evaluates window functions over its input, which arrives sorted by Partition
// then Order within each task; it outputs the input columns then one per call.
type Window struct {
	Input     Op
	Partition []plan.Expr
	Order     []*plan.SortOrder
	Calls     []WindowCall
	Out       types.StructType
}

func (*Window) opNode()                    {}
func (o *Window) Inputs() []Op             { return []Op{o.Input} }
func (o *Window) Schema() types.StructType { return o.Out }

// Tail keeps the last N rows of its (single-task) input.
type Tail struct {
	Input Op
	N     int64
}

func (*Tail) opNode()                    {}
func (o *Tail) Inputs() []Op             { return []Op{o.Input} }
func (o *Tail) Schema() types.StructType { return o.Input.Schema() }

// MaxOneRow passes on the single row of its (single-task) input, a row of NULLs when
// the input is empty, and fails with SCALAR_SUBQUERY_TOO_MANY_ROWS otherwise. Out is
// the input's schema made nullable.
type MaxOneRow struct {
	Input Op
	Out   types.StructType
}

func (*MaxOneRow) opNode()                    {}
func (o *MaxOneRow) Inputs() []Op             { return []Op{o.Input} }
func (o *MaxOneRow) Schema() types.StructType { return o.Out }

// Expand emits every input row once per projection.
type Expand struct {
	Input       Op
	Projections [][]plan.Expr
	Out         types.StructType
}

func (*Expand) opNode()                    {}
func (o *Expand) Inputs() []Op             { return []Op{o.Input} }
func (o *Expand) Schema() types.StructType { return o.Out }

// Generate runs a generator over every input row: the output is the input's columns
// followed by the generated ones.
type Generate struct {
	Input Op
	Func  string
	Args  []plan.Expr
	Outer bool
	Out   types.StructType
}

func (*Generate) opNode()                    {}
func (o *Generate) Inputs() []Op             { return []Op{o.Input} }
func (o *Generate) Schema() types.StructType { return o.Out }

// Sample keeps rows whose random draw falls in [Lower, Upper), or repeats rows a
// Poisson number of times with replacement; draws are seeded by Seed and the task's
// partition.
type Sample struct {
	Input           Op
	Lower, Upper    float64
	WithReplacement bool
	Seed            int64
}

func (*Sample) opNode()                    {}
func (o *Sample) Inputs() []Op             { return []Op{o.Input} }
func (o *Sample) Schema() types.StructType { return o.Input.Schema() }
