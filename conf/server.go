package conf

import "runtime"

// Server is the configuration of one driver process.
type Server struct {
	Host    string
	Port    int
	Token   string // pre-shared bearer token; empty disables authentication
	TLSCert string // PEM certificate file; with TLSKey enables TLS
	TLSKey  string
	// Warehouse is the directory holding managed tables and catalog metadata.
	Warehouse string
	// Slots is the number of task slots of the in-process executor (0: one per core).
	Slots    int
	LogLevel string
	// MaxMessageSize bounds gRPC messages in both directions, in bytes.
	MaxMessageSize int
	// SparkVersion is what AnalyzePlan{spark_version} answers.
	SparkVersion string
}

// Defaults returns the embedded default configuration.
func Defaults() Server {
	return Server{
		Host:           "0.0.0.0",
		Port:           15002,
		Warehouse:      "warehouse",
		Slots:          0,
		LogLevel:       "info",
		MaxMessageSize: 128 << 20,
		SparkVersion:   "4.2.0",
	}
}

// EffectiveSlots returns Slots, or the number of cores when Slots is 0.
func (s Server) EffectiveSlots() int {
	if s.Slots > 0 {
		return s.Slots
	}
	return runtime.NumCPU()
}
