package integration

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGoClient runs apache/spark-connect-go (its own module in goclient/) against the
// driver.
func TestGoClient(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "goclient")
	build := exec.CommandContext(t.Context(), "go", "build", "-o", bin, ".")
	build.Dir = filepath.Join(repoRoot(t), "test", "integration", "goclient")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build goclient: %v\n%s", err, out)
	}
	d := startDriver(t, driverBin(t))
	out, err := exec.CommandContext(t.Context(), bin, d.Remote()).CombinedOutput()
	t.Logf("goclient:\n%s", out)
	if err != nil {
		t.Fatalf("goclient failed: %v", err)
	}
}
