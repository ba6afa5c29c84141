package integration

import (
	"os"
	"path/filepath"
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
	env := append([]string{"PRE_COMMIT_COLOR=never", "SKIP="}, gitEnv...)
	tryRepo := func(hook string) (string, int) {
		return run(t, repo, env, "pre-commit", "try-repo", root, hook, "--ref", rev, "--all-files", "--verbose")
	}

	out, code := tryRepo("mapguard")
	t.Logf("pre-commit try-repo mapguard (bug):\n%s", out)
	if code != 1 || !strings.Contains(out, "pkg/bad.go:6:2: assignment to nil map") || !strings.Contains(out, "Failed") {
		t.Errorf("mapguard hook on a nil-map write: exit %d, want 1 with the finding", code)
	}

	if err := os.WriteFile(bad, []byte(goodGo), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", ".")
	out, code = tryRepo("mapguard")
	t.Logf("pre-commit try-repo mapguard (fixed):\n%s", out)
	if code != 0 || !strings.Contains(out, "Passed") {
		t.Errorf("mapguard hook on correct code: exit %d, want 0", code)
	}

	out, code = tryRepo("mapguard-fix")
	t.Logf("pre-commit try-repo mapguard-fix:\n%s", out)
	if code != 0 || !strings.Contains(out, "Passed") {
		t.Errorf("mapguard-fix hook on correct code: exit %d, want 0", code)
	}
}

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

	// A commit touching no Go file does not run go vet at all.
	if err := os.WriteFile(filepath.Join(repo, "README"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git(t, repo, "add", "README")
	if out, code := run(t, repo, append([]string{"MAPGUARD=/nonexistent/mapguard"}, gitEnv...), "git", "commit", "-q", "-m", "docs"); code != 0 {
		t.Errorf("commit without Go files: exit %d:\n%s", code, out)
	}
}
