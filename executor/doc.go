// Package executor runs tasks on a fixed number of slots: the in-process executor of
// local mode (and, later, the body of the executor process), wiring exec to the shuffle
// block store.
package executor
