// Package scheduler is the deterministic state machine of one job's stages and tasks:
// it consumes events (task finished, failed, job cancelled) and returns actions (launch,
// finish, fail) — no goroutines, clocks or I/O.
package scheduler
