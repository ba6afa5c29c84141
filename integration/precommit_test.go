package integration

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const badGo = `package fixture

// Register forgets to make the map: the first call panics.
func Register(name string) map[string]bool {
	var seen map[string]bool
	seen[name] = true
	return seen
}
`

const goodGo = `package fixture

func Register(name string) map[string]bool {
	seen := make(map[string]bool)
	seen[name] = true
	return seen
}
`

// pre-commit try-repo builds this repository's hooks (language: golang, so
// go install ./... through the module proxy) at its committed HEAD and runs
// them on a fixture repository.
func TestPreCommitTryRepo(t *testing.T) {
	integration(t, "pre-commit", "git", "go")
	rev := strings.TrimSpace(git(t, root, "rev-parse", "HEAD"))
	t.Logf("trying the hooks of %s at %s (committed HEAD; uncommitted changes are not tested)", root, rev)

	repo := newRepo(t, filepath.Join(root, "integration", "testdata", "precommit"))
	bad := filepath.Join(repo, "pkg", "bad.go")
	if err := os.WriteFile(bad, []byte(badGo), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", ".")
	// pre-commit's golang environment has its own GOPATH; sharing the module
	// cache spares the test downloading the dependencies for every
	// environment (the proxy path itself is what users exercise).
	modcache, _ := run(t, root, nil, "go", "env", "GOMODCACHE")
	env := append([]string{"PRE_COMMIT_COLOR=never", "SKIP=", "GOMODCACHE=" + strings.TrimSpace(modcache)}, gitEnv...)
	// Without a hook id, try-repo runs every hook of .pre-commit-hooks.yaml.
	tryRepo := func() (string, int) {
		return run(t, repo, env, "pre-commit", "try-repo", root, "--ref", rev, "--all-files", "--verbose")
	}
	hook := func(out, id string) string {
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(id) + `\.{3,}(\w+)`).FindStringSubmatch(out)
		if m == nil {
			return "not run"
		}
		return m[1]
	}

	out, code := tryRepo()
	t.Logf("pre-commit try-repo (bug):\n%s", out)
	if code != 1 || hook(out, "mapguard") != "Failed" || !strings.Contains(out, "pkg/bad.go:6:2: assignment to nil map") {
		t.Errorf("mapguard hook on a nil-map write: exit %d, hook %s, want Failed with the finding", code, hook(out, "mapguard"))
	}

	if err := os.WriteFile(bad, []byte(goodGo), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", ".")
	out, code = tryRepo()
	t.Logf("pre-commit try-repo (fixed):\n%s", out)
	for _, id := range []string{"mapguard", "mapguard-fix"} {
		if got := hook(out, id); got != "Passed" {
			t.Errorf("%s hook on correct code: %s, want Passed", id, got)
		}
	}
	if code != 0 {
		t.Errorf("pre-commit try-repo on correct code: exit %d", code)
	}

	// mapguard-fix applies suggested fixes: a value receiver's map field
	// mutated and returned (mapalias offers a clone), so the hook changes
	// the file and pre-commit fails it for modifying files.
	fixable := filepath.Join(repo, "pkg", "opts.go")
	if err := os.WriteFile(fixable, []byte(fixableGo), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", ".")
	out, _ = tryRepo()
	t.Logf("pre-commit try-repo (fixable):\n%s", out)
	fixed, err := os.ReadFile(fixable)
	if err != nil {
		t.Fatal(err)
	}
	if hook(out, "mapguard-fix") != "Failed" || !strings.Contains(out, "files were modified by this hook") || string(fixed) == fixableGo {
		t.Errorf("mapguard-fix on fixable code: %s, want Failed with the file modified; file now:\n%s", hook(out, "mapguard-fix"), fixed)
	}
}

const fixableGo = `package fixture

type Options struct {
	Timeout int
	Headers map[string]string
}

// WithHeader returns a modified copy, but the copy shares Headers.
func (o Options) WithHeader(k, v string) Options {
	o.Headers[k] = v
	return o
}
`

// The plain git hook blocks a commit that adds a map bug, checks what is
// staged rather than the working tree, and lets a correct commit through.
func TestGitHook(t *testing.T) {
	integration(t, "git", "go")
	bin := mapguard(t)
	repo := newRepo(t, filepath.Join(root, "integration", "testdata", "precommit"))
	git(t, repo, "add", ".")
	git(t, repo, "commit", "-q", "-m", "initial", "--no-verify")
	hook, err := os.ReadFile(filepath.Join(root, "scripts", "pre-commit"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), hook, 0o755); err != nil {
		t.Fatal(err)
	}
	env := append([]string{"MAPGUARD=" + bin}, gitEnv...)
	commit := func(msg string) (string, int) {
		return run(t, repo, env, "git", "commit", "-q", "-m", msg)
	}
	head := func() string { return strings.TrimSpace(git(t, repo, "rev-parse", "HEAD")) }
	bad := filepath.Join(repo, "pkg", "bad.go")

	// A staged bug blocks the commit.
	if err := os.WriteFile(bad, []byte(badGo), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", "pkg/bad.go")
	before := head()
	out, code := commit("add a bug")
	if code == 0 || head() != before || !strings.Contains(out, "pkg/bad.go:6:2: assignment to nil map") {
		t.Errorf("commit of a nil-map write: exit %d (HEAD moved: %v), want it blocked with the finding:\n%s", code, head() != before, out)
	}

	// Fixed in the working tree but not staged: still blocked, since the
	// bug is what would be committed.
	if err := os.WriteFile(bad, []byte(goodGo), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code = commit("bug still staged")
	if code == 0 || head() != before || !strings.Contains(out, "assignment to nil map") {
		t.Errorf("commit with the bug staged and the fix unstaged: exit %d, want it blocked:\n%s", code, out)
	}

	// Staging the fix lets the commit through.
	git(t, repo, "add", "pkg/bad.go")
	out, code = commit("correct code")
	if code != 0 || head() == before {
		t.Errorf("commit of correct code: exit %d, want 0:\n%s", code, out)
	}

	// Files at the module root are checked too.
	rootBad := filepath.Join(repo, "root.go")
	if err := os.WriteFile(rootBad, []byte(strings.Replace(badGo, "package fixture", "package root", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", "root.go")
	before = head()
	out, code = commit("bug at the root")
	if code == 0 || head() != before || !strings.Contains(out, "root.go:6:2: assignment to nil map") {
		t.Errorf("commit of a nil-map write at the module root: exit %d, want it blocked:\n%s", code, out)
	}
	git(t, repo, "rm", "-q", "--cached", "root.go")
	if err := os.Remove(rootBad); err != nil {
		t.Fatal(err)
	}

	// A commit touching no Go file does not run go vet at all.
	if err := os.WriteFile(filepath.Join(repo, "README"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", "README")
	if out, code := run(t, repo, append([]string{"MAPGUARD=/nonexistent/mapguard"}, gitEnv...), "git", "commit", "-q", "-m", "docs"); code != 0 {
		t.Errorf("commit without Go files: exit %d:\n%s", code, out)
	}
}
