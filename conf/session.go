package conf

import (
	"os"
	"sort"
	"strings"
	"sync"
	"time"
)

// sessionDefaults are the spark.* keys a session answers before anything is set. The
// clients read several of them at start-up and parse them with int()/bool(), so every
// value is a parseable default (PROTOCOL.md §3.2).
var sessionDefaults = map[string]string{
	"spark.sql.ansi.enabled":                                          "true",
	"spark.sql.shuffle.partitions":                                    "200",
	"spark.sql.caseSensitive":                                         "false",
	"spark.sql.timestampType":                                         "TIMESTAMP_LTZ",
	"spark.sql.session.localRelationCacheThreshold":                   "2147483647",
	"spark.sql.session.localRelationChunkSizeRows":                    "10000",
	"spark.sql.session.localRelationChunkSizeBytes":                   "16777216",
	"spark.sql.session.localRelationBatchOfChunksSizeBytes":           "1073741824",
	"spark.sql.session.localRelationSizeLimit":                        "3221225472",
	"spark.connect.session.planCompression.threshold":                 "-1",
	"spark.connect.session.planCompression.defaultAlgorithm":          "NONE",
	"spark.sql.execution.arrow.useLargeVarTypes":                      "false",
	"spark.sql.execution.pandas.convertToArrowArraySafely":            "false",
	"spark.sql.execution.pandas.inferPandasDictAsMap":                 "false",
	"spark.sql.pyspark.inferNestedDictAsStruct.enabled":               "false",
	"spark.sql.pyspark.legacy.inferArrayTypeFromFirstElement.enabled": "false",
	"spark.sql.pyspark.legacy.inferMapTypeFromFirstPair.enabled":      "false",
	"spark.sql.connect.serverStacktrace.enabled":                      "false",
	"spark.sql.pyspark.jvmStacktrace.enabled":                         "false",
	"spark.python.sql.dataFrameDebugging.enabled":                     "false",
	"spark.sql.repl.eagerEval.enabled":                                "false",
	"spark.sql.repl.eagerEval.maxNumRows":                             "20",
	"spark.sql.repl.eagerEval.truncate":                               "20",
	"spark.sql.execution.arrow.pyspark.selfDestruct.enabled":          "false",
	"spark.sql.execution.pandas.structHandlingMode":                   "legacy",
	"spark.sql.execution.arrow.maxRecordsPerBatch":                    "10000",
	"spark.sql.sources.default":                                       "parquet",
	"spark.sql.warehouse.dir":                                         "spark-warehouse",
	"spark.task.maxFailures":                                          "1",
	"spark.connect.execute.reattachable.senderMaxStreamDuration":      "2m",
	"spark.connect.execute.reattachable.senderMaxStreamSize":          "1073741824",
	"spark.sql.legacy.timeParserPolicy":                               "CORRECTED",
	"spark.sql.execution.arrow.pyspark.enabled":                       "true",
	"spark.sql.execution.arrow.pyspark.fallback.enabled":              "true",
	"spark.sql.pyspark.legacy.inferTimestampNtz.enabled":              "false",
	"spark.sql.execution.pythonUDF.arrow.enabled":                     "false",
	"spark.sql.execution.pythonUDTF.arrow.enabled":                    "false",
	"spark.sql.session.timeZone":                                      "",
	"spark.app.name":                                                  "Spark Connect",
}

// staticKeys cannot be changed in a running session (Spark's static configs).
var staticKeys = map[string]bool{
	"spark.sql.warehouse.dir":         true,
	"spark.app.name":                  false,
	"spark.sql.catalogImplementation": true,
}

// LocalTimeZone is the zone sessions start in: $TZ, the system zone, else UTC, as the
// JVM's default zone decides Spark's.
func LocalTimeZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		if _, err := time.LoadLocation(tz); err == nil {
			return tz
		}
	}
	if name := time.Local.String(); name != "" && name != "Local" {
		return name
	}
	if target, err := os.Readlink("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			return target[i+len("zoneinfo/"):]
		}
	}
	return "UTC"
}

// Session is one session's configuration: values set by the client over defaults.
// Safe for concurrent use.
type Session struct {
	mu  sync.RWMutex
	set map[string]string
	tz  string
}

// NewSession returns a session configuration with the defaults.
func NewSession() *Session {
	return &Session{set: map[string]string{}, tz: LocalTimeZone()}
}

// Get returns the value of key: set, else default. ok is false when the key has
// neither.
func (s *Session) Get(key string) (string, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if v, ok := s.set[key]; ok {
		return v, true
	}
	if key == "spark.sql.session.timeZone" {
		return s.tz, true
	}
	v, ok := sessionDefaults[key]
	return v, ok
}

// IsSet reports whether the client set key explicitly.
func (s *Session) IsSet(key string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	_, ok := s.set[key]
	return ok
}

// Set sets key.
func (s *Session) Set(key, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.set[key] = value
}

// Unset removes a value set by the client; the default applies again.
func (s *Session) Unset(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.set, key)
}

// IsModifiable reports whether key may be changed at run time.
func (s *Session) IsModifiable(key string) bool {
	return !staticKeys[key]
}

// All returns every explicitly set key and value with the given prefix, sorted by key.
func (s *Session) All(prefix string) [][2]string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out [][2]string
	for k, v := range s.set {
		if strings.HasPrefix(k, prefix) {
			out = append(out, [2]string{k, v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// Clone returns an independent copy.
func (s *Session) Clone() *Session {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c := &Session{set: make(map[string]string, len(s.set)), tz: s.tz}
	for k, v := range s.set {
		c.set[k] = v
	}
	return c
}
