package exec

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/stage"
)

// Operator produces record batches.
//
// Next returns the next non-empty-schema batch, which the caller owns and must Release.
// It returns (nil, io.EOF) at the end of the stream, (nil, ctx.Err()) when ctx is done,
// and (nil, err) on failure; after any non-nil error, Next must not be called again.
// Close releases the operator's resources and those of its inputs; it is called exactly
// once, whether or not the stream was drained.
type Operator interface {
	Schema() *arrow.Schema
	Next(ctx context.Context) (arrow.RecordBatch, error)
	Close() error
}

// BatchStream is a stream of batches read from a shuffle; same contract as Operator.Next
// and Close.
type BatchStream interface {
	Next(ctx context.Context) (arrow.RecordBatch, error)
	Close() error
}

// ShuffleReader opens the reduce side of shuffles. Implementations are safe for
// concurrent use by several tasks.
type ShuffleReader interface {
	// Open streams every block that the map tasks of shuffleID wrote for partition, in
	// map-task order. Batches carry the schema of the writing stage's root.
	Open(ctx context.Context, shuffleID, partition int) (BatchStream, error)
}

// ShuffleWriter receives the map-side output of one task. Write does not retain the
// batch beyond the call unless it Retains it itself. Commit makes the output visible
// atomically; Abort discards it. Exactly one of Commit or Abort is called.
type ShuffleWriter interface {
	Write(ctx context.Context, partition int, batch arrow.RecordBatch) error
	Commit(ctx context.Context) error
	Abort()
}

// ShuffleWriters creates writers for map tasks.
type ShuffleWriters interface {
	Create(ctx context.Context, shuffleID, mapTask, attempt, numPartitions int) (ShuffleWriter, error)
}

// ResultSink receives the batches of a result-stage task in order. Send takes ownership
// of batch (it must Release it eventually).
type ResultSink interface {
	Send(ctx context.Context, batch arrow.RecordBatch) error
}

// TaskContext is what a running task knows about where it runs.
type TaskContext struct {
	StageID   int
	Partition int
	Attempt   int
	Mem       memory.Allocator
	Eval      *function.EvalContext
	Functions *function.Registry
	Shuffles  ShuffleReader
	// BatchSize is the target number of rows per batch.
	BatchSize int

	// MemoryLimit bounds, in bytes, the state that the task's memory-hungry operators
	// (Sort, HashAggregate) hold at once; 0 means unlimited, everything in memory. The
	// driver sets it to the executor's memory for execution divided by its task slots.
	// Each such operator of the task gets an equal share and, past it, spills to files
	// in SpillDir: Sort writes sorted runs and merges them, HashAggregate writes its
	// partial states partitioned by key hash and aggregates each partition in turn. The
	// share counts Arrow batches by the bytes of their rows and aggregation states by an
	// estimate; an operator may exceed it by about one input batch before it spills.
	// Memory of other operators (joins, windows) is not counted.
	MemoryLimit int64
	// SpillDir is the directory for spill files; "" means DefaultSpillDir(). It is
	// created on the first spill. Spill files are Arrow IPC streams named after their
	// operator, removed when the operator is closed or fails.
	SpillDir string

	// pool accounts for MemoryLimit, shared by the task's operators; created on first
	// use. A TaskContext serves one task at a time.
	pool *memPool
}

// Task is one unit of work: one partition of one stage.
type Task struct {
	Stage     *stage.Stage
	Partition int
	Attempt   int
}
