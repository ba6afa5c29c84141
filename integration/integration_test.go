// Package integration tests mapguard's front ends outside the go command's
// own test harness, for real: the custom golangci-lint binary built by
// scripts/build-golangci.sh, the pre-commit framework hooks, the plain git
// hook, and the Neovim integration in headless Neovim.
//
// The tests need network access to the Go module proxy, pre-commit, git and
// Neovim, and take minutes when cold, so they run only with
// MAPGUARD_INTEGRATION=1 (make integration); go test ./... skips them.
// Update golden files with: go test ./integration -update (with the variable set).
package integration

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// root is the repository root.
var root = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}()

func integration(t *testing.T, tools ...string) {
	t.Helper()
	if os.Getenv("MAPGUARD_INTEGRATION") == "" {
		t.Skip("integration test: set MAPGUARD_INTEGRATION=1 (make integration)")
	}
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (.ci/run installs it): %v", tool, err)
		}
	}
}

var (
	mapguardOnce sync.Once
	mapguardBin  string
	mapguardErr  error
)

// mapguard builds cmd/mapguard from this checkout once per test binary.
func mapguard(t *testing.T) string {
	t.Helper()
	mapguardOnce.Do(func() {
		dir, err := os.MkdirTemp("", "mapguard-integration-")
		if err != nil {
			mapguardErr = err
			return
		}
		mapguardBin = filepath.Join(dir, "mapguard")
		cmd := exec.Command("go", "build", "-o", mapguardBin, "./cmd/mapguard")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			mapguardErr = &buildError{out: out, err: err}
		}
	})
	if mapguardErr != nil {
		t.Fatalf("go build ./cmd/mapguard: %v", mapguardErr)
	}
	return mapguardBin
}

type buildError struct {
	out []byte
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + string(e.out) }

// run runs name args in dir with extra environment, and returns its
// combined output and exit code (-1 if it could not start).
func run(t *testing.T, dir string, env []string, name string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
		}
		code = ee.ExitCode()
	}
	return buf.String(), code
}

// copyDir copies the regular files of src (recursively) into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// golden compares got with the golden file (or rewrites it with -update).
func golden(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (rerun with -update to accept):\n--- got\n%s--- want\n%s", file, got, want)
	}
}

// git runs git in dir with a fixed identity and fails the test on error.
func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out, code := run(t, dir, gitEnv, "git", args...)
	if code != 0 {
		t.Fatalf("git %s: exit %d\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

var gitEnv = []string{
	"GIT_AUTHOR_NAME=mapguard test", "GIT_AUTHOR_EMAIL=test@example.com",
	"GIT_COMMITTER_NAME=mapguard test", "GIT_COMMITTER_EMAIL=test@example.com",
	"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
}

// newRepo makes a git repository holding a copy of fixture dir src.
func newRepo(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, src, dir)
	git(t, dir, "init", "-q", "-b", "main")
	return dir
}
