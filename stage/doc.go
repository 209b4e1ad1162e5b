// Package stage describes the physical work the planner hands to the scheduler and the
// executors: jobs, stages, tasks, shuffles and the operator fragments a task runs.
package stage
