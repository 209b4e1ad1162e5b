package driver

import (
	"context"
	"strings"
	"sync"

	"github.com/fulgur/fulgur/catalog"
	"github.com/fulgur/fulgur/connectsvc"
	"github.com/fulgur/fulgur/plan"
	"github.com/fulgur/fulgur/sqlerr"
)

// sessionViews keeps each session's temporary views and the global ones.
type sessionViews struct {
	global   *catalog.Views
	sessions sync.Map // session id → *catalog.Views
}

func newSessionViews() *sessionViews { return &sessionViews{global: catalog.NewViews()} }

func (s *sessionViews) of(id string) *catalog.Views {
	if v, ok := s.sessions.Load(id); ok {
		return v.(*catalog.Views)
	}
	v, _ := s.sessions.LoadOrStore(id, catalog.NewViews())
	return v.(*catalog.Views)
}

// resolver implements analyzer.Catalog for one session.
type resolver struct {
	views  *sessionViews
	sessID string
}

// Lookup finds a temporary view: `name` in the session, `global_temp.name` globally.
func (r resolver) Lookup(_ context.Context, parts []string) (plan.Rel, error) {
	switch {
	case len(parts) == 1:
		if v, ok := r.views.of(r.sessID).Get(parts[0]); ok {
			return v, nil
		}
	case len(parts) == 2 && strings.EqualFold(parts[0], catalog.GlobalTempDB):
		if v, ok := r.views.global.Get(parts[1]); ok {
			return v, nil
		}
	}
	q := make([]string, len(parts))
	for i, p := range parts {
		q[i] = "`" + p + "`"
	}
	return nil, sqlerr.New("TABLE_OR_VIEW_NOT_FOUND", "relationName", strings.Join(q, "."))
}

// CreateTempView registers rel as a temporary view of the session (or a global one).
// The plan is analyzed first so that a broken view fails at creation, as in Spark.
func (e *Engine) CreateTempView(ctx context.Context, sess connectsvc.SessionContext, name string, rel plan.Rel, replace, global bool) error {
	if _, err := e.Analyze(ctx, sess, rel); err != nil {
		return err
	}
	if global {
		return e.views.global.Create(name, rel, replace)
	}
	return e.views.of(sess.SessionID()).Create(name, rel, replace)
}

// DropTempView removes a view and reports whether it existed.
func (e *Engine) DropTempView(_ context.Context, sess connectsvc.SessionContext, name string, global bool) bool {
	if global {
		return e.views.global.Drop(name)
	}
	return e.views.of(sess.SessionID()).Drop(name)
}

// ReleaseSession forgets a session's temporary views.
func (e *Engine) ReleaseSession(sessionID string) {
	e.views.sessions.Delete(sessionID)
}
