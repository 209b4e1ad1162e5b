package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	_ "net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fulgur/fulgur/conf"
	"github.com/fulgur/fulgur/driver"
)

func main() {
	if err := newCommand().Execute(); err != nil {
		os.Exit(1)
	}
}

func newCommand() *cobra.Command {
	cfg := conf.Defaults()
	var pprofAddr, memory string
	cmd := &cobra.Command{
		Use:           "driver",
		Short:         "Run the Fulgur driver (Spark Connect endpoint and query engine)",
		SilenceUsage:  true,
		SilenceErrors: false,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := applyEnv(cmd.Flags()); err != nil {
				return err
			}
			if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
				return fmt.Errorf("--tls-cert and --tls-key must be given together")
			}
			if cfg.Token == "" {
				// Spark's own server reads the same variable.
				cfg.Token = os.Getenv("SPARK_CONNECT_AUTHENTICATE_TOKEN")
			}
			if memory != "" {
				n, err := conf.ParseBytes(memory)
				if err != nil {
					return fmt.Errorf("--memory: %w", err)
				}
				cfg.Memory = n
			}
			log := newLogger(cfg.LogLevel)
			if pprofAddr != "" {
				// Profiles for `go tool pprof http://ADDR/debug/pprof/profile`.
				go func() {
					if err := http.ListenAndServe(pprofAddr, nil); err != nil {
						log.Error("pprof", "err", err)
					}
				}()
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			return driver.Run(ctx, cfg, log)
		},
	}
	f := cmd.Flags()
	f.StringVar(&cfg.Host, "host", cfg.Host, "address to listen on")
	f.IntVar(&cfg.Port, "port", cfg.Port, "Spark Connect port")
	f.StringVar(&cfg.Token, "token", cfg.Token, "require clients to send this bearer token")
	f.StringVar(&cfg.TLSCert, "tls-cert", cfg.TLSCert, "PEM certificate file: serve TLS")
	f.StringVar(&cfg.TLSKey, "tls-key", cfg.TLSKey, "PEM private key file for --tls-cert")
	f.StringVar(&cfg.Warehouse, "warehouse", cfg.Warehouse, "directory for managed tables and catalog metadata")
	f.IntVar(&cfg.Slots, "slots", cfg.Slots, "task slots of the in-process executor (0: one per core)")
	f.StringVar(&memory, "memory", "", "memory for sorts and aggregations before they spill, e.g. 4g (default: half of physical memory; -1: unlimited)")
	f.StringVar(&cfg.SpillDir, "spill-dir", cfg.SpillDir, "directory for spill files (default: the system temporary directory)")
	f.StringVar(&cfg.LogLevel, "log-level", cfg.LogLevel, "debug, info, warn or error")
	f.IntVar(&cfg.MaxMessageSize, "max-message-size", cfg.MaxMessageSize, "largest gRPC message accepted or sent, in bytes")
	f.StringVar(&cfg.SparkVersion, "spark-version", cfg.SparkVersion, "Spark version reported to clients")
	f.StringVar(&pprofAddr, "pprof", "", "serve Go profiles (net/http/pprof) on this address, e.g. 127.0.0.1:6060")
	return cmd
}

// applyEnv sets every flag not given on the command line from FULGUR_<FLAG> (dashes
// become underscores), so FULGUR_PORT=15003 equals --port 15003.
func applyEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Changed || err != nil {
			return
		}
		name := "FULGUR_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if e := fl.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %w", name, v, e)
			}
		}
	})
	return err
}

func newLogger(level string) *slog.Logger {
	var l slog.Level
	switch strings.ToLower(level) {
	case "debug":
		l = slog.LevelDebug
	case "warn", "warning":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		l = slog.LevelInfo
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}
