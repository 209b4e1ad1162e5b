package connectsvc

import (
	"context"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sql/types"
)

// SessionContext is what the engine may know about the session a query runs in.
type SessionContext interface {
	// SessionID is the client's session id.
	SessionID() string
	// Conf returns the session's value of a spark.* key and whether it is set (or has
	// a default).
	Conf(key string) (string, bool)
}

// Result streams the batches of a query, in order.
//
// Next returns the next batch, owned by the caller, or (nil, io.EOF) at the end; Close
// must be called exactly once, and cancels the query if it is still running.
type Result interface {
	Schema() types.StructType
	Next(ctx context.Context) (arrow.RecordBatch, error)
	Close() error
}

// Engine analyzes, plans and runs relations. connectsvc translates the protocol into
// plan relations and hands them to the Engine; it holds no planning logic itself.
// Implementations are safe for concurrent use.
type Engine interface {
	// Analyze resolves rel and returns the resolved plan, whose Output is the schema.
	Analyze(ctx context.Context, sess SessionContext, rel plan.Rel) (plan.Rel, error)
	// Execute runs rel. Cancelling ctx cancels the query's tasks.
	Execute(ctx context.Context, sess SessionContext, rel plan.Rel) (Result, error)
	// Explain renders the plans of rel in one of Spark's explain modes: "simple",
	// "extended", "codegen", "cost", "formatted".
	Explain(ctx context.Context, sess SessionContext, rel plan.Rel, mode string) (string, error)
}
