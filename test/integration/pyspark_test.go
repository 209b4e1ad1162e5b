package integration

import (
	"path/filepath"
	"testing"
)

// TestPySpark4 runs the PySpark suite with pyspark-client 4.2 against one driver.
func TestPySpark4(t *testing.T) {
	py := venvPython(t, "py4")
	d := startDriver(t, driverBin(t))
	runPytest(t, py, []string{"FULGUR_REMOTE=" + d.Remote(), "FULGUR_GOLDEN=" + filepath.Join(repoRoot(t), "test/integration/testdata/golden")},
		"test/integration/pyspark")
}

// TestPySpark35 runs the same suite with pyspark[connect] 3.5.
func TestPySpark35(t *testing.T) {
	py := venvPython(t, "py35")
	d := startDriver(t, driverBin(t))
	runPytest(t, py, []string{"FULGUR_REMOTE=" + d.Remote(), "FULGUR_GOLDEN=" + filepath.Join(repoRoot(t), "test/integration/testdata/golden")},
		"test/integration/pyspark")
}
