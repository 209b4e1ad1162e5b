package connectsvc

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/fulgur/fulgur/conf"
	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
	"github.com/fulgur/fulgur/sqlerr"
)

type sessionKey struct{ user, id string }

// session is one client session: configuration, running operations, artifacts and
// recent errors.
type session struct {
	key          sessionKey
	serverSideID string
	conf         *conf.Session

	mu        sync.Mutex
	ops       map[string]*operation
	lastUsed  time.Time
	errors    map[string]error // errorId → error, for FetchErrorDetails
	errorIDs  []string
	storage   map[string]*pb.StorageLevel
	artifacts string // directory, created on first artifact
}

var _ SessionContext = (*session)(nil)

func (s *session) SessionID() string { return s.key.id }

func (s *session) Conf(key string) (string, bool) { return s.conf.Get(key) }

func (s *session) touch() {
	s.mu.Lock()
	s.lastUsed = time.Now()
	s.mu.Unlock()
}

const maxErrors = 64

// rememberError keeps err for FetchErrorDetails and returns its id.
func (s *session) rememberError(err error) string {
	id := uuid.NewString()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.errors == nil {
		s.errors = map[string]error{}
	}
	s.errors[id] = err
	s.errorIDs = append(s.errorIDs, id)
	if len(s.errorIDs) > maxErrors {
		delete(s.errors, s.errorIDs[0])
		s.errorIDs = s.errorIDs[1:]
	}
	return id
}

// sessionStore holds the live sessions.
type sessionStore struct {
	srv           *Server
	idle, abandon time.Duration
	mu            sync.Mutex
	live          map[sessionKey]*session
	closed        map[sessionKey]bool
}

func newSessionStore(srv *Server, idle, abandon time.Duration) *sessionStore {
	return &sessionStore{srv: srv, idle: idle, abandon: abandon, live: map[sessionKey]*session{}, closed: map[sessionKey]bool{}}
}

// get returns the session for a request, creating it on first use. It checks the
// session id format, closed sessions and the server-side session id the client saw.
func (st *sessionStore) get(user *pb.UserContext, sessionID string, observed *string) (*session, error) {
	if _, err := uuid.Parse(sessionID); err != nil {
		return nil, sqlerr.New("INVALID_HANDLE.FORMAT", "handle", sessionID)
	}
	key := sessionKey{user: user.GetUserId(), id: sessionID}
	st.mu.Lock()
	s, ok := st.live[key]
	if !ok {
		if st.closed[key] {
			st.mu.Unlock()
			return nil, sqlerr.New("INVALID_HANDLE.SESSION_CLOSED", "handle", sessionID)
		}
		s = &session{key: key, serverSideID: uuid.NewString(), conf: conf.NewSession(), ops: map[string]*operation{}, storage: map[string]*pb.StorageLevel{}}
		st.live[key] = s
	}
	st.mu.Unlock()
	if observed != nil && *observed != "" && *observed != s.serverSideID {
		return nil, sqlerr.New("INVALID_HANDLE.SESSION_CHANGED", "handle", sessionID)
	}
	s.touch()
	return s, nil
}

// release closes a session: its operations are interrupted and its artifacts deleted.
func (st *sessionStore) release(user *pb.UserContext, sessionID string) (*session, bool) {
	key := sessionKey{user: user.GetUserId(), id: sessionID}
	st.mu.Lock()
	s, ok := st.live[key]
	delete(st.live, key)
	st.closed[key] = true
	st.mu.Unlock()
	if ok {
		st.closeSession(s)
	}
	return s, ok
}

func (st *sessionStore) closeSession(s *session) {
	s.mu.Lock()
	ops := make([]*operation, 0, len(s.ops))
	for _, op := range s.ops {
		ops = append(ops, op)
	}
	s.ops = map[string]*operation{}
	dir := s.artifacts
	s.mu.Unlock()
	for _, op := range ops {
		op.interrupt()
		op.release()
	}
	if dir != "" {
		_ = os.RemoveAll(dir)
	}
	if r, ok := st.srv.engine.(interface{ ReleaseSession(string) }); ok {
		r.ReleaseSession(s.key.id)
	}
}

// expire closes idle sessions and drops abandoned operations.
func (st *sessionStore) expire(now time.Time) {
	st.mu.Lock()
	var idle []*session
	var all []*session
	for k, s := range st.live {
		s.mu.Lock()
		last := s.lastUsed
		busy := len(s.ops) > 0
		s.mu.Unlock()
		if !busy && now.Sub(last) > st.idle {
			delete(st.live, k)
			idle = append(idle, s)
			continue
		}
		all = append(all, s)
	}
	st.mu.Unlock()
	for _, s := range idle {
		st.closeSession(s)
	}
	for _, s := range all {
		s.mu.Lock()
		var drop []*operation
		for id, op := range s.ops {
			if op.abandoned(now, st.abandon) {
				delete(s.ops, id)
				drop = append(drop, op)
			}
		}
		s.mu.Unlock()
		for _, op := range drop {
			op.interrupt()
			op.release()
		}
	}
}

func (st *sessionStore) closeAll() {
	st.mu.Lock()
	all := make([]*session, 0, len(st.live))
	for k, s := range st.live {
		all = append(all, s)
		delete(st.live, k)
	}
	st.mu.Unlock()
	for _, s := range all {
		st.closeSession(s)
	}
}

// artifactPath returns where an artifact of this session is stored, rejecting names
// that would escape the session's directory.
func (s *session) artifactPath(name string) (string, error) {
	clean := filepath.Clean(name)
	if name == "" || filepath.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../") {
		return "", sqlerr.IllegalArgument("invalid artifact name: " + name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.artifacts == "" {
		dir, err := os.MkdirTemp("", "fulgur-artifacts-")
		if err != nil {
			return "", err
		}
		s.artifacts = dir
	}
	return filepath.Join(s.artifacts, clean), nil
}

// Artifact returns the bytes of a stored artifact.
func (s *session) Artifact(name string) ([]byte, error) {
	p, err := s.artifactPath(name)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, sqlerr.IllegalArgument("artifact not found: " + name)
	}
	return b, nil
}
