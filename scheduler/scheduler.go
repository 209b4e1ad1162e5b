package scheduler

import (
	"fmt"

	"github.com/fulgur/fulgur/stage"
)

// Event is an input to the state machine.
type Event interface{ event() }

// TaskSucceeded reports that a task attempt finished and committed its output.
type TaskSucceeded struct {
	Stage, Partition, Attempt int
}

// TaskFailed reports that a task attempt failed. Retryable is false for user errors
// (bad data, ANSI errors), which fail the job at once as in Spark.
type TaskFailed struct {
	Stage, Partition, Attempt int
	Err                       error
	Retryable                 bool
}

// Cancel asks for the job to stop with an error.
type Cancel struct{ Err error }

func (TaskSucceeded) event() {}
func (TaskFailed) event()    {}
func (Cancel) event()        {}

// Action is an output of the state machine, carried out by the driver loop.
type Action interface{ action() }

// Launch starts a task attempt.
type Launch struct {
	Stage     *stage.Stage
	Partition int
	Attempt   int
}

// Succeeded says the job finished: every result task committed.
type Succeeded struct{}

// Failed says the job failed; running tasks must be cancelled.
type Failed struct{ Err error }

func (Launch) action()    {}
func (Succeeded) action() {}
func (Failed) action()    {}

type taskState int

const (
	pending taskState = iota
	running
	done
)

// Scheduler tracks one job. It is not safe for concurrent use: the driver loop owns it.
type Scheduler struct {
	job         *stage.Job
	maxFailures int
	tasks       map[int][]taskState // stage id → partition → state
	attempts    map[int][]int       // stage id → partition → attempts launched
	started     map[int]bool
	finished    bool
}

// New returns a scheduler for job; maxFailures is spark.task.maxFailures (attempts per
// task before the job fails).
func New(job *stage.Job, maxFailures int) *Scheduler {
	if maxFailures < 1 {
		maxFailures = 1
	}
	s := &Scheduler{job: job, maxFailures: maxFailures, tasks: map[int][]taskState{}, attempts: map[int][]int{}, started: map[int]bool{}}
	for _, st := range job.Stages {
		s.tasks[st.ID] = make([]taskState, st.NumTasks)
		s.attempts[st.ID] = make([]int, st.NumTasks)
	}
	return s
}

// Start returns the first actions: launches of every task of the stages without parents.
func (s *Scheduler) Start() []Action {
	return s.launchRunnable()
}

// Done reports whether the job has finished, successfully or not.
func (s *Scheduler) Done() bool { return s.finished }

// Step consumes one event and returns the resulting actions.
func (s *Scheduler) Step(ev Event) []Action {
	if s.finished {
		return nil
	}
	switch ev := ev.(type) {
	case TaskSucceeded:
		ts, ok := s.tasks[ev.Stage]
		if !ok || ev.Partition >= len(ts) || ts[ev.Partition] == done {
			return nil
		}
		ts[ev.Partition] = done
		if s.stageDone(s.job.Result().ID) {
			s.finished = true
			return []Action{Succeeded{}}
		}
		return s.launchRunnable()
	case TaskFailed:
		ts, ok := s.tasks[ev.Stage]
		if !ok || ev.Partition >= len(ts) || ts[ev.Partition] == done {
			return nil
		}
		if !ev.Retryable || s.attempts[ev.Stage][ev.Partition] >= s.maxFailures {
			s.finished = true
			return []Action{Failed{Err: ev.Err}}
		}
		// Result tasks stream to the client and cannot be retried once they produced
		// output; the driver marks such failures non-retryable.
		s.attempts[ev.Stage][ev.Partition]++
		return []Action{Launch{Stage: s.job.Stage(ev.Stage), Partition: ev.Partition, Attempt: s.attempts[ev.Stage][ev.Partition] - 1}}
	case Cancel:
		s.finished = true
		return []Action{Failed{Err: ev.Err}}
	}
	panic(fmt.Sprintf("scheduler: unknown event %T", ev))
}

func (s *Scheduler) stageDone(id int) bool {
	for _, t := range s.tasks[id] {
		if t != done {
			return false
		}
	}
	return true
}

func (s *Scheduler) launchRunnable() []Action {
	var out []Action
	for _, st := range s.job.Stages {
		if s.started[st.ID] {
			continue
		}
		ready := true
		for _, p := range st.Parents {
			if !s.stageDone(p) {
				ready = false
				break
			}
		}
		if !ready {
			continue
		}
		s.started[st.ID] = true
		for p := 0; p < st.NumTasks; p++ {
			s.tasks[st.ID][p] = running
			s.attempts[st.ID][p] = 1
			out = append(out, Launch{Stage: st, Partition: p, Attempt: 0})
		}
		if st.NumTasks == 0 {
			// A stage without tasks is trivially done.
			if st.IsResult() {
				s.finished = true
				return append(out, Succeeded{})
			}
		}
	}
	return out
}
