package integration

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Headless Neovim loads editors/nvim, checks the nvim-lint parser on canned
// output (testdata/nvim/test.lua), then opens a fixture file, writes it, and
// waits for the standalone integration to run the real mapguard
// -format=json and set vim.diagnostic; the test checks what
// vim.diagnostic.get returns.
func TestNeovim(t *testing.T) {
	integration(t, "nvim", "go")
	bin := mapguard(t)
	fixture := t.TempDir()
	copyDir(t, filepath.Join(root, "integration", "testdata", "nvim", "fixture"), fixture)
	result := filepath.Join(t.TempDir(), "result.json")
	env := []string{
		"MAPGUARD_BIN=" + bin,
		"FIXTURE=" + filepath.Join(fixture, "bug.go"),
		"RESULT=" + result,
		"XDG_CONFIG_HOME=" + t.TempDir(), "XDG_DATA_HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir(),
	}
	out, code := run(t, fixture, env, "nvim", "--headless", "-u", "NONE", "-i", "NONE", "-n",
		"--cmd", "set rtp^="+filepath.Join(root, "editors", "nvim"),
		"-c", "luafile "+filepath.Join(root, "integration", "testdata", "nvim", "test.lua"))
	t.Logf("nvim (exit %d):\n%s", code, out)

	data, err := os.ReadFile(result)
	if err != nil {
		t.Fatalf("no result from Neovim: %v", err)
	}
	type diag struct {
		Lnum, Col, EndLnum, EndCol int
		Code, Source, Message      string
		Severity                   int
	}
	var res struct {
		Failures    []string
		Diagnostics []struct {
			Lnum     int    `json:"lnum"`
			Col      int    `json:"col"`
			EndLnum  int    `json:"end_lnum"`
			EndCol   int    `json:"end_col"`
			Code     string `json:"code"`
			Source   string `json:"source"`
			Message  string `json:"message"`
			Severity int    `json:"severity"`
		}
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatalf("result %s: %v", data, err)
	}
	for _, f := range res.Failures {
		t.Errorf("test.lua: %s", f)
	}
	if code != 0 && len(res.Failures) == 0 {
		t.Errorf("nvim exited %d", code)
	}
	// bug.go line 7 (0-based 6) writes to the nil map; other.go's finding
	// belongs to another buffer. Checks added later may add diagnostics of
	// their own: look for the nilmap one.
	var found []diag
	for _, d := range res.Diagnostics {
		if d.Code == "nilmap" {
			found = append(found, diag{d.Lnum, d.Col, d.EndLnum, d.EndCol, d.Code, d.Source, d.Message, d.Severity})
		}
	}
	want := diag{Lnum: 6, Col: 2, EndLnum: 6, EndCol: 12, Code: "nilmap", Source: "mapguard",
		Message: "assignment to nil map", Severity: 2}
	if len(found) != 1 || found[0] != want {
		t.Errorf("vim.diagnostic.get: nilmap diagnostics %+v, want [%+v]\n(all: %s)", found, want, data)
	}
}
