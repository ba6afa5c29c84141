package integration

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gclBuild runs the shipped build script and returns the custom
// golangci-lint binary (bin/custom-gcl, caches under .cache/golangci).
func gclBuild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(root, "bin", "custom-gcl")
	out, code := run(t, root, nil, "bash", "scripts/build-golangci.sh", "-o", bin)
	t.Logf("scripts/build-golangci.sh:\n%s", out)
	if code != 0 {
		t.Fatalf("scripts/build-golangci.sh exited %d", code)
	}
	return bin
}

var gclFlags = []string{
	"run",
	"--show-stats=false",
	"--output.text.path=stdout",
	"--output.text.print-issued-lines=false",
	"--output.text.colors=false",
}

// The custom golangci-lint v2.15.0, built offline from the module proxy by
// scripts/build-golangci.sh, runs mapguard on a fixture module: the nil-map
// write is reported, the //nolint:mapguard and //mapguard:ignore lines are
// silent, and cached results are served only to the same plugin build.
func TestGolangciCustomBinary(t *testing.T) {
	integration(t, "go", "bash")
	bin := gclBuild(t)

	out, code := run(t, root, nil, bin, "version")
	if code != 0 || !strings.Contains(out, "version 2.15.0-custom-gcl-mapguard-") {
		t.Fatalf("%s version: exit %d: %s", bin, code, out)
	}
	t.Logf("%s", out)

	// A rerun with an unchanged plugin is a no-op.
	out, code = run(t, root, nil, "bash", "scripts/build-golangci.sh", "-o", bin)
	if code != 0 || !strings.Contains(out, "is up to date") {
		t.Errorf("second build: exit %d, want 'up to date':\n%s", code, out)
	}

	fixture := filepath.Join(root, "integration", "testdata", "golangci")
	cache := []string{"GOLANGCI_LINT_CACHE=" + t.TempDir()}
	for _, pass := range []string{"cold cache", "warm cache"} {
		out, code = run(t, fixture, cache, bin, append(gclFlags, "./...")...)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1 (issues found):\n%s", pass, code, out)
		}
		golden(t, filepath.Join(root, "integration", "testdata", "golangci.golden"), out)
	}

	// Settings reach the plugin: disabling the check silences it...
	cfg := filepath.Join(t.TempDir(), "golangci.yml")
	writeConfig(t, cfg, "disable: [nilmap]")
	out, code = run(t, fixture, cache, bin, append(gclFlags, "-c", cfg, "./...")...)
	if code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("nilmap disabled: exit %d, want 0 and no output:\n%s", code, out)
	}

	// ...and an unknown key is an error that names it and the valid keys.
	writeConfig(t, cfg, "disabled: [nilmap]")
	out, code = run(t, fixture, cache, bin, append(gclFlags, "-c", cfg, "./...")...)
	if code == 0 || !strings.Contains(out, `mapguard settings: unknown key "disabled" (valid keys: disable, enable`) {
		t.Errorf("bad settings: exit %d, want an error naming the key:\n%s", code, out)
	}
}

func writeConfig(t *testing.T, file, settings string) {
	t.Helper()
	cfg := `version: "2"
linters:
  default: none
  enable: [mapguard]
  settings:
    custom:
      mapguard:
        type: module
        settings:
          ` + settings + "\n"
	if err := os.WriteFile(file, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The version string, which salts golangci-lint's cache, changes when a
// file compiled into the plugin changes, and only then: a check edited in
// a checkout gets a new version, a documentation edit does not.
func TestGolangciVersionHash(t *testing.T) {
	integration(t, "go", "bash", "git")
	clone := filepath.Join(t.TempDir(), "mapguard")
	git(t, root, "clone", "-q", root, clone)
	cache := []string{"MAPGUARD_GOLANGCI_CACHE=" + filepath.Join(t.TempDir(), "cache")}
	version := func() string {
		t.Helper()
		out, code := run(t, clone, cache, "bash", "scripts/build-golangci.sh", "-V")
		if code != 0 {
			t.Fatalf("build-golangci.sh -V: exit %d\n%s", code, out)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		return lines[len(lines)-1]
	}
	appendTo := func(file, text string) {
		t.Helper()
		f, err := os.OpenFile(filepath.Join(clone, file), os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.WriteString(text); err != nil {
			t.Fatal(err)
		}
	}

	v1 := version()
	if !strings.HasPrefix(v1, "2.15.0-custom-gcl-mapguard-") {
		t.Fatalf("version %q", v1)
	}
	appendTo("docs/golangci.md", "\nedited\n")
	if v2 := version(); v2 != v1 {
		t.Errorf("a documentation edit changed the version: %s -> %s", v1, v2)
	}
	appendTo("internal/suppress/suppress.go", "\n// edited\n")
	v3 := version()
	if v3 == v1 {
		t.Errorf("an edit of internal/suppress (compiled into the plugin) kept the version %s", v1)
	}
}
