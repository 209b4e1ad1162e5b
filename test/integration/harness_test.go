package integration

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// repoRoot is the repository root, two levels above this package.
func repoRoot(t testing.TB) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// driverBin returns the driver binary: $FULGUR_DRIVER_BIN, or one built for the test.
func driverBin(t *testing.T) string {
	t.Helper()
	if b := os.Getenv("FULGUR_DRIVER_BIN"); b != "" {
		return b
	}
	bin := filepath.Join(t.TempDir(), "driver")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/driver")
	cmd.Dir = repoRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build driver: %v\n%s", err, out)
	}
	return bin
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Member is one running server process of a test cluster.
type Member struct {
	Port int
	cmd  *exec.Cmd
	logs *strings.Builder
}

// Remote is the Spark Connect URL of the member.
func (m *Member) Remote() string { return fmt.Sprintf("sc://127.0.0.1:%d", m.Port) }

// startDriver starts the driver binary with extra flags and waits until it listens;
// the test's cleanup stops it.
func startDriver(t *testing.T, bin string, flags ...string) *Member {
	t.Helper()
	m := startDriverNoCleanup(t, bin, flags...)
	t.Cleanup(func() {
		_ = m.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- m.cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("driver exited with %v\n%s", err, m.logs.String())
			}
		case <-time.After(15 * time.Second):
			m.cmd.Process.Kill()
			t.Errorf("driver did not stop on SIGTERM\n%s", m.logs.String())
		}
	})
	return m
}

// startDriverNoCleanup starts the driver; the caller stops it.
func startDriverNoCleanup(t *testing.T, bin string, flags ...string) *Member {
	t.Helper()
	port := freePort(t)
	args := append([]string{"--host", "127.0.0.1", "--port", fmt.Sprint(port), "--warehouse", t.TempDir()}, flags...)
	cmd := exec.Command(bin, args...)
	logs := &strings.Builder{}
	stderr, _ := cmd.StderrPipe()
	cmd.Stdout = os.Stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	m := &Member{Port: port, cmd: cmd, logs: logs}
	listening := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stderr)
		once := false
		for sc.Scan() {
			line := sc.Text()
			logs.WriteString(line + "\n")
			if !once && strings.Contains(line, "listening on") {
				once = true
				close(listening)
			}
		}
	}()
	select {
	case <-listening:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("driver did not start:\n%s", logs.String())
	}
	return m
}

// venvPython returns the python of a cached venv, skipping outside CI when missing.
func venvPython(t *testing.T, name string) string {
	t.Helper()
	py := filepath.Join(repoRoot(t), ".cache", name, "bin", "python")
	if _, err := os.Stat(py); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s missing: make test installs it", py)
		}
		t.Skipf("%s missing (run make test to install it)", py)
	}
	return py
}

// runPytest runs a pytest selection with the given environment.
func runPytest(t *testing.T, py string, env []string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, append([]string{"-m", "pytest", "-q", "-p", "no:cacheprovider"}, args...)...)
	cmd.Dir = repoRoot(t)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	t.Logf("pytest output:\n%s", out)
	if err != nil {
		t.Fatalf("pytest failed: %v", err)
	}
}
