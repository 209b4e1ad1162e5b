package driver

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"google.golang.org/grpc"

	"github.com/fulgur/fulgur/catalog"
	"github.com/fulgur/fulgur/conf"
	"github.com/fulgur/fulgur/connectsvc"
	"github.com/fulgur/fulgur/executor"
	"github.com/fulgur/fulgur/function"
	"github.com/fulgur/fulgur/shuffle"
)

// Driver is a running driver process.
type Driver struct {
	cfg    conf.Server
	log    *slog.Logger
	lis    net.Listener
	grpc   *grpc.Server
	svc    *connectsvc.Server
	exec   *executor.Local
	engine *Engine
}

// Start starts a driver: the local executor, the engine and the Spark Connect endpoint.
// It returns once the endpoint listens.
func Start(ctx context.Context, cfg conf.Server, log *slog.Logger) (*Driver, error) {
	if log == nil {
		log = slog.Default()
	}
	if cfg.Warehouse != "" {
		if err := os.MkdirAll(cfg.Warehouse, 0o755); err != nil {
			return nil, fmt.Errorf("warehouse: %w", err)
		}
	}
	funcs := function.Builtins()
	ex := executor.NewLocal(executor.Options{
		Slots:      cfg.EffectiveSlots(),
		Mem:        memory.NewGoAllocator(),
		Functions:  funcs,
		Store:      shuffle.NewMemStore(),
		TaskMemory: cfg.TaskMemory(),
		SpillDir:   cfg.SpillDir,
	})
	engine := NewEngine(ex, funcs)
	if cfg.Warehouse != "" {
		cat, err := catalog.OpenDir(ctx, cfg.Warehouse)
		if err != nil {
			ex.Close()
			return nil, fmt.Errorf("catalog: %w", err)
		}
		engine.SetCatalog(cat)
	}
	svc := connectsvc.New(connectsvc.Options{Engine: engine, Config: cfg, Logger: log})
	opts, err := connectsvc.ServerOptions(cfg)
	if err != nil {
		ex.Close()
		return nil, err
	}
	gs := grpc.NewServer(opts...)
	svc.Register(gs)
	lis, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port)))
	if err != nil {
		ex.Close()
		return nil, err
	}
	d := &Driver{cfg: cfg, log: log, lis: lis, grpc: gs, svc: svc, exec: ex, engine: engine}
	go func() {
		if err := gs.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
			log.Error("grpc serve", "err", err)
		}
	}()
	log.Info(fmt.Sprintf("fulgur driver listening on %s", net.JoinHostPort(cfg.Host, strconv.Itoa(lis.Addr().(*net.TCPAddr).Port))), "slots", ex.Slots(), "warehouse", cfg.Warehouse, "tls", cfg.TLSCert != "", "auth", cfg.Token != "")
	return d, nil
}

// Addr returns the address the Spark Connect endpoint listens on.
func (d *Driver) Addr() net.Addr { return d.lis.Addr() }

// Stop shuts the driver down: stops accepting RPCs, lets running ones finish for a
// grace period, then stops the executor.
func (d *Driver) Stop() {
	done := make(chan struct{})
	go func() {
		d.grpc.GracefulStop()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		d.grpc.Stop()
	}
	d.svc.Close()
	d.exec.Close()
	if d.engine.cat != nil {
		_ = d.engine.cat.Close()
	}
}

// Run starts a driver and serves until ctx is done.
func Run(ctx context.Context, cfg conf.Server, log *slog.Logger) error {
	d, err := Start(ctx, cfg, log)
	if err != nil {
		return err
	}
	<-ctx.Done()
	d.log.Info("fulgur driver stopping")
	d.Stop()
	return nil
}
