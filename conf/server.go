package conf

import (
	"runtime"
	"syscall"
)

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
	Slots int
	// Memory bounds, in bytes, what the in-process executor's sorts and aggregations
	// hold before they spill to SpillDir; each running task gets Memory/slots (0: half of
	// the machine's physical memory; -1: unlimited).
	Memory int64
	// SpillDir holds spill files ("": the system temporary directory).
	SpillDir string
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

// TaskMemory returns the memory budget of one task: Memory (or half of physical
// memory when Memory is 0) divided among the slots; 0 means unlimited.
func (s Server) TaskMemory() int64 {
	total := s.Memory
	if total < 0 {
		return 0
	}
	if total == 0 {
		var si syscall.Sysinfo_t
		if err := syscall.Sysinfo(&si); err != nil {
			return 0
		}
		total = int64(si.Totalram) * int64(si.Unit) / 2
	}
	return total / int64(s.EffectiveSlots())
}
