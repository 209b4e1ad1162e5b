package exec

import "errors"

// ErrTaskPanic marks the error RunTask returns when the task panicked; the panic value
// and stack follow in the message. Callers report it as INTERNAL_ERROR.
var ErrTaskPanic = errors.New("exec: task panicked")

// ErrUnsupported marks operators, expressions or types that exec cannot run yet.
var ErrUnsupported = errors.New("exec: not supported")

// ErrSpill marks failures to write or read the spill files of an operator over its
// memory budget (TaskContext.MemoryLimit), such as an unwritable SpillDir or a full
// disk; the cause is wrapped as well.
var ErrSpill = errors.New("exec: spill to disk failed")
