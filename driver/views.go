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

// resolver implements analyzer.Catalog for one session: temporary views first, then
// the global ones (global_temp.name), then the persistent catalog.
type resolver struct {
	e    *Engine
	sess connectsvc.SessionContext
}

// Lookup finds a relation by name.
func (r resolver) Lookup(ctx context.Context, parts []string) (plan.Rel, error) {
	views := r.e.views
	switch {
	case len(parts) == 1:
		if v, ok := views.of(r.sess.SessionID()).Get(parts[0]); ok {
			return v, nil
		}
	case len(parts) == 2 && strings.EqualFold(parts[0], catalog.GlobalTempDB):
		if v, ok := views.global.Get(parts[1]); ok {
			return v, nil
		}
	}
	if r.e.cat != nil && !(len(parts) == 2 && strings.EqualFold(parts[0], catalog.GlobalTempDB)) {
		id, err := r.e.ident(r.sess, parts)
		if err == nil {
			t, err := r.e.cat.GetTable(ctx, id)
			if err == nil {
				return r.e.tablePlan(r.sess, t)
			}
			if !sqlerr.HasClass(err, "TABLE_OR_VIEW_NOT_FOUND") && !sqlerr.HasClass(err, "SCHEMA_NOT_FOUND") {
				return nil, err
			}
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
