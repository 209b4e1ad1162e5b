package connectsvc

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/fulgur/fulgur/conf"
	pb "github.com/fulgur/fulgur/gen/sparkconnectpb"
)

// Options configure a Server.
type Options struct {
	Engine Engine
	Config conf.Server
	Logger *slog.Logger
	// SessionTimeout closes sessions idle for this long (default 1h).
	SessionTimeout time.Duration
	// AbandonTimeout drops reattachable operations no client attached to for this
	// long (default 5m).
	AbandonTimeout time.Duration
}

// Server implements SparkConnectService.
type Server struct {
	pb.UnimplementedSparkConnectServiceServer

	engine   Engine
	cfg      conf.Server
	log      *slog.Logger
	sessions *sessionStore

	stop     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup
}

// New returns a server; Register it with a grpc.Server and Close it after the gRPC
// server has stopped.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.SessionTimeout <= 0 {
		opts.SessionTimeout = time.Hour
	}
	if opts.AbandonTimeout <= 0 {
		opts.AbandonTimeout = 5 * time.Minute
	}
	s := &Server{engine: opts.Engine, cfg: opts.Config, log: opts.Logger, stop: make(chan struct{})}
	s.sessions = newSessionStore(s, opts.SessionTimeout, opts.AbandonTimeout)
	s.wg.Add(1)
	go s.janitor()
	return s
}

// Register registers the service with a gRPC server.
func (s *Server) Register(gs *grpc.Server) {
	pb.RegisterSparkConnectServiceServer(gs, s)
}

// Close stops the janitor and cancels every operation.
func (s *Server) Close() {
	s.stopOnce.Do(func() { close(s.stop) })
	s.wg.Wait()
	s.sessions.closeAll()
}

func (s *Server) janitor() {
	defer s.wg.Done()
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case now := <-t.C:
			s.sessions.expire(now)
		}
	}
}

// ServerOptions returns the gRPC options for cfg: message size limits, TLS when a
// certificate is configured, bearer-token authentication when a token is set, and
// panic recovery.
func ServerOptions(cfg conf.Server) ([]grpc.ServerOption, error) {
	size := cfg.MaxMessageSize
	if size <= 0 {
		size = 128 << 20
	}
	opts := []grpc.ServerOption{
		grpc.MaxRecvMsgSize(size),
		grpc.MaxSendMsgSize(size),
		grpc.KeepaliveEnforcementPolicy(keepalive.EnforcementPolicy{MinTime: 5 * time.Second, PermitWithoutStream: true}),
	}
	if cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		opts = append(opts, grpc.Creds(credentials.NewTLS(&tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})))
	}
	auth := authenticator(cfg.Token)
	opts = append(opts,
		grpc.ChainUnaryInterceptor(func(ctx context.Context, req any, info *grpc.UnaryServerInfo, h grpc.UnaryHandler) (resp any, err error) {
			if err := auth(ctx); err != nil {
				return nil, err
			}
			defer recoverRPC(info.FullMethod, &err)
			return h(ctx, req)
		}),
		grpc.ChainStreamInterceptor(func(srv any, ss grpc.ServerStream, info *grpc.StreamServerInfo, h grpc.StreamHandler) (err error) {
			if err := auth(ss.Context()); err != nil {
				return err
			}
			defer recoverRPC(info.FullMethod, &err)
			return h(srv, ss)
		}),
	)
	return opts, nil
}

// recoverRPC turns a panic in a handler into an INTERNAL error for that RPC only.
func recoverRPC(method string, err *error) {
	if r := recover(); r != nil {
		slog.Error("panic in RPC", "method", method, "panic", r, "stack", string(debug.Stack()))
		*err = status.Errorf(codes.Internal, "[INTERNAL_ERROR] internal error in %s: %v", method, r)
	}
}

// authenticator checks `authorization: Bearer <token>` (and, for older JVM clients,
// `authentication`) against the configured token in constant time.
func authenticator(token string) func(context.Context) error {
	if token == "" {
		return func(context.Context) error { return nil }
	}
	want := []byte("Bearer " + token)
	return func(ctx context.Context) error {
		md, _ := metadata.FromIncomingContext(ctx)
		vals := append(md.Get("authorization"), md.Get("authentication")...)
		if len(vals) == 0 {
			return status.Error(codes.Unauthenticated, "No authentication token provided")
		}
		for _, v := range vals {
			v = strings.TrimSpace(v)
			if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
				v = "Bearer " + v[7:]
			}
			if subtle.ConstantTimeCompare([]byte(v), want) == 1 {
				return nil
			}
		}
		return status.Error(codes.Unauthenticated, "Invalid authentication token")
	}
}
