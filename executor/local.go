package executor

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/shuffle"
	"github.com/fulgur/fulgur/sqlerr"
)

// Work is one task to run with what it needs from the job that launched it.
type Work struct {
	Task exec.Task
	Eval function.EvalContext
	// Sink receives a result-stage task's batches; nil for map stages.
	Sink exec.ResultSink
	// Done is called exactly once with the task's outcome.
	Done func(err error)
	Ctx  context.Context
}

// Local runs tasks on Slots worker goroutines in submission order (FIFO), so a task is
// never overtaken by one submitted after it. Safe for concurrent use.
type Local struct {
	slots     int
	mem       memory.Allocator
	funcs     *function.Registry
	store     *shuffle.MemStore
	batchSize int
	taskMem   int64
	spillDir  string

	queue  chan *Work
	wg     sync.WaitGroup
	closed chan struct{}
	once   sync.Once
}

// Options configure a local executor.
type Options struct {
	Slots     int
	Mem       memory.Allocator
	Functions *function.Registry
	Store     *shuffle.MemStore
	BatchSize int
	// TaskMemory bounds the state of one task's sorts and aggregations, in bytes,
	// beyond which they spill to SpillDir (0: unlimited).
	TaskMemory int64
	SpillDir   string
}

// NewLocal starts a local executor.
func NewLocal(opts Options) *Local {
	if opts.Slots < 1 {
		opts.Slots = 1
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 8192
	}
	if opts.Mem == nil {
		opts.Mem = memory.DefaultAllocator
	}
	l := &Local{slots: opts.Slots, mem: opts.Mem, funcs: opts.Functions, store: opts.Store, batchSize: opts.BatchSize,
		taskMem: opts.TaskMemory, spillDir: opts.SpillDir,
		queue: make(chan *Work, 1<<16), closed: make(chan struct{})}
	for i := 0; i < opts.Slots; i++ {
		l.wg.Add(1)
		go l.worker()
	}
	return l
}

// Slots returns the number of task slots.
func (l *Local) Slots() int { return l.slots }

// Store returns the shuffle block store.
func (l *Local) Store() *shuffle.MemStore { return l.store }

// Submit queues a task. Done is called when it finishes, fails or is cancelled.
func (l *Local) Submit(w *Work) {
	select {
	case l.queue <- w:
	case <-l.closed:
		w.Done(context.Canceled)
	}
}

// Close stops the workers after the running tasks finish; queued tasks are cancelled.
func (l *Local) Close() {
	l.once.Do(func() { close(l.closed) })
	l.wg.Wait()
	for {
		select {
		case w := <-l.queue:
			w.Done(context.Canceled)
		default:
			return
		}
	}
}

func (l *Local) worker() {
	defer l.wg.Done()
	for {
		select {
		case <-l.closed:
			return
		case w := <-l.queue:
			w.Done(l.run(w))
		}
	}
}

func (l *Local) run(w *Work) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = sqlerr.Internal(fmt.Errorf("task %d.%d panicked: %v\n%s", w.Task.Stage.ID, w.Task.Partition, r, debug.Stack()))
		}
	}()
	if err := w.Ctx.Err(); err != nil {
		return err
	}
	eval := w.Eval
	eval.Mem = l.mem
	tc := &exec.TaskContext{
		StageID:     w.Task.Stage.ID,
		Partition:   w.Task.Partition,
		Attempt:     w.Task.Attempt,
		Mem:         l.mem,
		Eval:        &eval,
		Functions:   l.funcs,
		Shuffles:    reader{l.store},
		BatchSize:   l.batchSize,
		MemoryLimit: l.taskMem,
		SpillDir:    l.spillDir,
	}
	return exec.RunTask(w.Ctx, tc, w.Task.Stage, writers{l.store}, w.Sink)
}

// reader adapts the block store to exec.ShuffleReader.
type reader struct{ s *shuffle.MemStore }

func (r reader) Open(ctx context.Context, shuffleID, partition int) (exec.BatchStream, error) {
	return r.s.Open(ctx, shuffleID, partition)
}

// writers adapts the block store to exec.ShuffleWriters.
type writers struct{ s *shuffle.MemStore }

func (w writers) Create(ctx context.Context, shuffleID, mapTask, attempt, numPartitions int) (exec.ShuffleWriter, error) {
	return w.s.Create(ctx, shuffleID, mapTask, attempt, numPartitions)
}

var (
	_ exec.ShuffleReader  = reader{}
	_ exec.ShuffleWriters = writers{}
)
