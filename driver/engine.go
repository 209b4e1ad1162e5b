package driver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/fulgur/fulgur/catalog"
	"github.com/fulgur/fulgur/conf"
	"github.com/fulgur/fulgur/connectsvc"
	"github.com/fulgur/fulgur/exec"
	"github.com/fulgur/fulgur/executor"
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/scheduler"
	"github.com/fulgur/fulgur/sql/analyzer"
	"github.com/fulgur/fulgur/sql/optimizer"
	"github.com/fulgur/fulgur/sql/physical"
	"github.com/fulgur/fulgur/sql/types"
	"github.com/fulgur/fulgur/sqlerr"
	"github.com/fulgur/fulgur/stage"
)

// Engine implements connectsvc.Engine: it analyzes, optimizes and plans a relation into
// a job of stages and runs the job's tasks on the executor.
type Engine struct {
	funcs   *function.Registry
	exec    *executor.Local
	sources *fileSources
	views   *sessionViews
	cat     *catalog.Catalog // nil: no persistent catalog
	dbs     sessionDBs
}

var _ connectsvc.Engine = (*Engine)(nil)

// NewEngine returns an engine running tasks on ex.
func NewEngine(ex *executor.Local, funcs *function.Registry) *Engine {
	return &Engine{funcs: funcs, exec: ex, sources: &fileSources{}, views: newSessionViews()}
}

// sessionSettings are the session keys the engine honours.
type sessionSettings struct {
	ansi              bool
	timeZone          string
	caseSensitive     bool
	shufflePartitions int
	maxFailures       int
	// broadcastThreshold is spark.sql.autoBroadcastJoinThreshold in bytes (-1: off).
	broadcastThreshold int64
}

func settings(sess connectsvc.SessionContext) sessionSettings {
	get := func(k, def string) string {
		if v, ok := sess.Conf(k); ok && v != "" {
			return v
		}
		return def
	}
	s := sessionSettings{
		ansi:          strings.EqualFold(get("spark.sql.ansi.enabled", "true"), "true"),
		timeZone:      get("spark.sql.session.timeZone", "UTC"),
		caseSensitive: strings.EqualFold(get("spark.sql.caseSensitive", "false"), "true"),
	}
	s.shufflePartitions, _ = strconv.Atoi(get("spark.sql.shuffle.partitions", "200"))
	s.maxFailures, _ = strconv.Atoi(get("spark.task.maxFailures", "1"))
	s.broadcastThreshold = byteSize(get("spark.sql.autoBroadcastJoinThreshold", "10485760"))
	return s
}

// byteSize reads a Spark byte-size setting: a number of bytes, or one with a b, k, m,
// g or t suffix (kb, mb, ... too); anything unreadable is the 10 MiB default.
func byteSize(v string) int64 {
	n, err := conf.ParseBytes(v)
	if err != nil {
		return 10 << 20
	}
	if n < 0 {
		return -1
	}
	return n
}

// Analyze resolves rel.
func (e *Engine) Analyze(ctx context.Context, sess connectsvc.SessionContext, rel plan.Rel) (plan.Rel, error) {
	s := settings(sess)
	a := analyzer.New(analyzer.Options{
		Functions:     e.funcs,
		Sources:       e.sources,
		Catalog:       resolver{e: e, sess: sess},
		ANSI:          s.ansi,
		TimeZone:      s.timeZone,
		CaseSensitive: s.caseSensitive,
		Query: func(ctx context.Context, resolved plan.Rel) ([]*plan.Literal, error) {
			return e.queryColumn(ctx, sess, resolved)
		},
	})
	return a.Analyze(ctx, rel)
}

// queryColumn runs a resolved plan of one column to completion and returns its values.
func (e *Engine) queryColumn(ctx context.Context, sess connectsvc.SessionContext, resolved plan.Rel) ([]*plan.Literal, error) {
	res, err := e.executeResolved(ctx, sess, resolved)
	if err != nil {
		return nil, err
	}
	defer res.Close()
	t := plan.Schema(resolved).Fields[0].Type
	var out []*plan.Literal
	for {
		b, err := res.Next(ctx)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		col := b.Column(0)
		for i := 0; i < col.Len(); i++ {
			v, err := literalValue(col, i)
			if err != nil {
				b.Release()
				return nil, err
			}
			out = append(out, &plan.Literal{Type: t, Value: v})
		}
		b.Release()
	}
}

// literalValue reads one value of an Arrow column in plan.Literal's representation.
func literalValue(a arrow.Array, i int) (any, error) {
	if a.IsNull(i) {
		return nil, nil
	}
	switch c := a.(type) {
	case *array.Boolean:
		return c.Value(i), nil
	case *array.Int8:
		return c.Value(i), nil
	case *array.Int16:
		return c.Value(i), nil
	case *array.Int32:
		return c.Value(i), nil
	case *array.Int64:
		return c.Value(i), nil
	case *array.Float32:
		return c.Value(i), nil
	case *array.Float64:
		return c.Value(i), nil
	case *array.String:
		return c.Value(i), nil
	case *array.Binary:
		return append([]byte(nil), c.Value(i)...), nil
	case *array.Date32:
		return int32(c.Value(i)), nil
	case *array.Timestamp:
		return int64(c.Value(i)), nil
	case *array.Decimal128:
		return c.Value(i), nil
	}
	return nil, sqlerr.Unsupported("values of type " + a.DataType().String() + " here")
}

// plan analyzes, optimizes and plans rel into a job.
func (e *Engine) plan(ctx context.Context, sess connectsvc.SessionContext, rel plan.Rel) (resolved, optimized plan.Rel, job *stage.Job, err error) {
	resolved, err = e.Analyze(ctx, sess, rel)
	if err != nil {
		return nil, nil, nil, err
	}
	optimized, job, err = e.physicalPlan(ctx, sess, resolved)
	return resolved, optimized, job, err
}

// physicalPlan optimizes a resolved plan and plans it into a job.
func (e *Engine) physicalPlan(ctx context.Context, sess connectsvc.SessionContext, resolved plan.Rel) (optimized plan.Rel, job *stage.Job, err error) {
	optimized, err = optimizer.New(optimizer.Options{}).Optimize(resolved)
	if err != nil {
		return nil, nil, err
	}
	s := settings(sess)
	p := physical.New(physical.Options{
		Functions:          e.funcs,
		Files:              e.sources,
		DefaultParallelism: e.exec.Slots(),
		ShufflePartitions:  s.shufflePartitions,
		ANSI:               s.ansi,
		BroadcastThreshold: s.broadcastThreshold,
	})
	job, err = p.Plan(ctx, optimized)
	if err != nil {
		return nil, nil, err
	}
	return optimized, job, nil
}

// Explain renders the plans of rel.
func (e *Engine) Explain(ctx context.Context, sess connectsvc.SessionContext, rel plan.Rel, mode string) (string, error) {
	resolved, optimized, job, err := e.plan(ctx, sess, rel)
	if err != nil {
		return "", err
	}
	defer releaseJob(job)
	var b strings.Builder
	switch mode {
	case "extended", "cost":
		b.WriteString("== Parsed Logical Plan ==\n")
		b.WriteString(plan.Format(rel))
		b.WriteString("\n== Analyzed Logical Plan ==\n")
		b.WriteString(plan.Format(resolved))
		b.WriteString("\n== Optimized Logical Plan ==\n")
		b.WriteString(plan.Format(optimized))
		b.WriteString("\n== Physical Plan ==\n")
		b.WriteString(stage.Format(job))
	default:
		b.WriteString("== Physical Plan ==\n")
		b.WriteString(stage.Format(job))
	}
	return b.String(), nil
}

// releaseJob frees the data a planned job holds (local relation batches are owned by
// the logical plan; the physical plan only holds generated ones).
func releaseJob(job *stage.Job) {}

// Execute runs rel and streams its result.
func (e *Engine) Execute(ctx context.Context, sess connectsvc.SessionContext, rel plan.Rel) (connectsvc.Result, error) {
	resolved, err := e.Analyze(ctx, sess, rel)
	if err != nil {
		return nil, err
	}
	return e.executeResolved(ctx, sess, resolved)
}

// executeResolved optimizes, plans and runs a resolved plan.
func (e *Engine) executeResolved(ctx context.Context, sess connectsvc.SessionContext, resolved plan.Rel) (*result, error) {
	optimized, job, err := e.physicalPlan(ctx, sess, resolved)
	if err != nil {
		return nil, err
	}
	s := settings(sess)
	jctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	// The job follows the caller's cancellation too.
	stop := context.AfterFunc(ctx, cancel)
	res := newResult(plan.Schema(optimized), job.Result().NumTasks, func() { stop(); cancel() })
	go e.runJob(jctx, job, s, res)
	return res, nil
}

// runJob is the driver loop of one job: it feeds scheduler events and carries out its
// actions, then frees the job's shuffles.
func (e *Engine) runJob(ctx context.Context, job *stage.Job, s sessionSettings, res *result) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sched := scheduler.New(job, s.maxFailures)
	events := make(chan scheduler.Event, 64)
	running := 0
	eval := function.EvalContext{TimeZone: s.timeZone, ANSI: s.ansi}
	var jobErr error
	finished := false

	apply := func(acts []scheduler.Action) {
		for _, a := range acts {
			switch a := a.(type) {
			case scheduler.Launch:
				running++
				st, part, attempt := a.Stage, a.Partition, a.Attempt
				var sink exec.ResultSink
				if st.IsResult() {
					sink = res.sink(part)
				}
				e.exec.Submit(&executor.Work{
					Task: exec.Task{Stage: st, Partition: part, Attempt: attempt},
					Eval: eval,
					Sink: sink,
					Ctx:  ctx,
					Done: func(err error) {
						if st.IsResult() {
							res.closePartition(part)
						}
						if err != nil {
							events <- scheduler.TaskFailed{Stage: st.ID, Partition: part, Attempt: attempt, Err: err,
								Retryable: !st.IsResult() && !isUserError(err)}
						} else {
							events <- scheduler.TaskSucceeded{Stage: st.ID, Partition: part, Attempt: attempt}
						}
					},
				})
			case scheduler.Succeeded:
				finished = true
			case scheduler.Failed:
				finished = true
				jobErr = a.Err
				cancel()
			}
		}
	}
	apply(sched.Start())
	for !(finished && running == 0) {
		select {
		case ev := <-events:
			running--
			apply(sched.Step(ev))
		case <-ctx.Done():
			if !finished {
				apply(sched.Step(scheduler.Cancel{Err: ctx.Err()}))
			}
			// Wait for running tasks to observe the cancellation.
			for running > 0 {
				<-events
				running--
			}
		}
	}
	for _, st := range job.Stages {
		if !st.IsResult() {
			e.exec.Store().Remove(st.ShuffleID)
		}
	}
	res.finish(jobErr)
}

func isUserError(err error) bool {
	var se *sqlerr.Error
	if errors.As(err, &se) {
		return se.Class != "INTERNAL_ERROR"
	}
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// result streams the result stage's batches in partition order. Each partition has a
// bounded queue; tasks block when theirs is full, which is deadlock-free because the
// executor starts tasks in partition order.
type result struct {
	schema types.StructType
	parts  []chan arrow.RecordBatch
	cancel func()

	mu     sync.Mutex
	err    error
	done   chan struct{}
	cur    int
	closed bool
}

func newResult(schema types.StructType, n int, cancel func()) *result {
	r := &result{schema: schema, parts: make([]chan arrow.RecordBatch, n), cancel: cancel, done: make(chan struct{})}
	for i := range r.parts {
		r.parts[i] = make(chan arrow.RecordBatch, 16)
	}
	return r
}

func (r *result) Schema() types.StructType { return r.schema }

type partSink struct {
	r *result
	p int
}

func (s partSink) Send(ctx context.Context, b arrow.RecordBatch) error {
	select {
	case s.r.parts[s.p] <- b:
		return nil
	case <-ctx.Done():
		b.Release()
		return ctx.Err()
	}
}

func (r *result) sink(p int) exec.ResultSink { return partSink{r, p} }

func (r *result) closePartition(p int) {
	defer func() { _ = recover() }() // a retried partition is closed once
	close(r.parts[p])
}

func (r *result) finish(err error) {
	r.mu.Lock()
	r.err = err
	r.mu.Unlock()
	close(r.done)
}

// Next returns the next batch in partition order.
func (r *result) Next(ctx context.Context) (arrow.RecordBatch, error) {
	for {
		if r.cur >= len(r.parts) {
			<-r.done
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.err != nil {
				return nil, r.err
			}
			return nil, io.EOF
		}
		select {
		case b, ok := <-r.parts[r.cur]:
			if !ok {
				r.cur++
				continue
			}
			return b, nil
		case <-r.done:
			r.mu.Lock()
			err := r.err
			r.mu.Unlock()
			if err != nil {
				return nil, err
			}
			// Finished successfully: drain what is left.
			select {
			case b, ok := <-r.parts[r.cur]:
				if !ok {
					r.cur++
					continue
				}
				return b, nil
			default:
				r.cur++
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Close cancels the job if it is still running and frees unread batches.
func (r *result) Close() error {
	r.cancel()
	<-r.done
	for i := r.cur; i < len(r.parts); i++ {
	drain:
		for {
			select {
			case b, ok := <-r.parts[i]:
				if !ok {
					break drain
				}
				b.Release()
			default:
				break drain
			}
		}
	}
	return nil
}

func (r *result) String() string { return fmt.Sprintf("result(%d partitions)", len(r.parts)) }
