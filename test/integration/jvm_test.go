package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestJVMClient runs the Spark Connect JVM client (Maven Central
// spark-connect-client-jvm, resolved by make into .cache/jvm) against the driver.
func TestJVMClient(t *testing.T) {
	root := repoRoot(t)
	classes := filepath.Join(root, ".cache", "jvm", "classes")
	if _, err := os.Stat(filepath.Join(classes, "fulgur", "RangeCount.class")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("JVM client missing under CI: make test installs it")
		}
		t.Skip("JVM client not installed (run make test)")
	}
	d := startDriver(t, driverBin(t))
	cp := classes + string(os.PathListSeparator) + filepath.Join(root, ".cache", "jvm", "lib", "*")
	cmd := exec.CommandContext(t.Context(), "java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", cp, "fulgur.RangeCount", d.Remote())
	out, err := cmd.CombinedOutput()
	t.Logf("jvm client:\n%s", out)
	if err != nil {
		t.Fatalf("jvm client failed: %v", err)
	}
}
