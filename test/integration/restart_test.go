package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// stop shuts a member down (SIGTERM) and waits for it.
func (m *Member) stop(t *testing.T) {
	t.Helper()
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- m.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		m.cmd.Process.Kill()
		t.Fatalf("driver did not stop\n%s", m.logs.String())
	}
}

// runPython runs a PySpark snippet against a member and returns its output.
func runPython(t *testing.T, py string, m *Member, code string) string {
	t.Helper()
	prog := "from pyspark.sql import SparkSession\nspark = SparkSession.builder.remote(" + "'" + m.Remote() + "'" + ").getOrCreate()\n" + code
	cmd := exec.CommandContext(t.Context(), py, "-c", prog)
	cmd.Env = append(os.Environ(), "SPARK_HOME="+t.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("python failed: %v\n%s", err, out)
	}
	return string(out)
}

// TestCatalogSurvivesRestart: databases, managed tables, their rows and persistent
// views are still there after the driver restarts on the same warehouse.
func TestCatalogSurvivesRestart(t *testing.T) {
	py := venvPython(t, "py4")
	bin := driverBin(t)
	wh := filepath.Join(t.TempDir(), "warehouse")
	first := startDriverNoCleanup(t, bin, "--warehouse", wh)
	runPython(t, py, first, `
spark.sql("CREATE DATABASE keep")
spark.createDataFrame([(1, "a"), (2, "b")], "id int, s string").write.saveAsTable("keep.t")
spark.sql("INSERT INTO keep.t VALUES (3, 'c')")
spark.sql("CREATE VIEW keep.v AS SELECT id * 10 AS x FROM keep.t")
`)
	first.stop(t)
	second := startDriver(t, bin, "--warehouse", wh)
	out := runPython(t, py, second, `
print(sorted(r.id for r in spark.table("keep.t").collect()))
print(sorted(r.x for r in spark.sql("SELECT * FROM keep.v").collect()))
print([d.name for d in spark.catalog.listDatabases() if d.name == "keep"])
`)
	want := "[1, 2, 3]\n[10, 20, 30]\n['keep']\n"
	if !strings.HasSuffix(out, want) {
		t.Fatalf("after restart:\n%s\nwant suffix\n%s", out, want)
	}
}
