package passes_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/passes"
	"golang.org/x/tools/go/analysis"
)

func TestSuiteIsValid(t *testing.T) {
	if err := analysis.Validate(passes.Analyzers()); err != nil {
		t.Fatal(err)
	}
	names := passes.Names()
	if names[len(names)-1] != "directive" {
		t.Errorf("directive audit must run last, got order %v", names)
	}
	if len(passes.Checks())+1 != len(names) {
		t.Errorf("suite has %d analyzers for %d checks", len(names), len(passes.Checks()))
	}
}

// Every check has a stable lower-case name, documentation whose first line
// is a summary, and a URL to its page under docs/checks.
func TestChecksAreDocumented(t *testing.T) {
	for _, a := range passes.Analyzers() {
		if a.Name != strings.ToLower(a.Name) || strings.ContainsAny(a.Name, " -_.") {
			t.Errorf("check name %q: want a lower-case word", a.Name)
		}
		if a.Doc == "" || strings.HasSuffix(strings.SplitN(a.Doc, "\n", 2)[0], ".") {
			t.Errorf("%s: Doc must start with a one-line summary without a period", a.Name)
		}
		want := "https://github.com/mapguard/mapguard/blob/main/docs/checks/" + a.Name + ".md"
		if a.URL != want {
			t.Errorf("%s: URL %q, want %q", a.Name, a.URL, want)
		}
		if passes.Lookup(a.Name) != a {
			t.Errorf("Lookup(%q) does not return the suite's analyzer", a.Name)
		}
	}
}

func TestAnalyzersIsStable(t *testing.T) {
	a, b := passes.Analyzers(), passes.Analyzers()
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Analyzers() returned a different analyzer at %d", i)
		}
	}
}

// Every analyzer in the suite has its page under docs/checks.
func TestChecksHaveDocsPages(t *testing.T) {
	for _, name := range passes.Names() {
		if _, err := os.Stat(filepath.Join("..", "docs", "checks", name+".md")); err != nil {
			t.Errorf("check %s has no docs page: %v", name, err)
		}
	}
}

// With a check switched off, the directive audit no longer requires it, so
// the check does not run as the audit's dependency.
func TestWithDisabled(t *testing.T) {
	all := passes.Analyzers()
	sel := passes.WithDisabled("nilmap")
	if len(sel) != len(all) {
		t.Fatalf("WithDisabled keeps every check for its flags: got %d analyzers, want %d", len(sel), len(all))
	}
	for i := 0; i < len(all)-1; i++ {
		if sel[i] != all[i] {
			t.Errorf("check %s is not the suite's analyzer", sel[i].Name)
		}
	}
	audit := sel[len(sel)-1]
	if audit.Name != "directive" || audit == all[len(all)-1] {
		t.Fatalf("want a distinct directive audit, got %v", audit)
	}
	for _, r := range audit.Requires {
		if r.Name == "nilmap" {
			t.Error("the audit still requires the disabled check")
		}
	}
	if again := passes.WithDisabled("nilmap", "nosuchcheck"); again[len(again)-1] != audit {
		t.Error("WithDisabled is not stable for the same set of checks")
	}
	if none := passes.WithDisabled(); none[len(none)-1] != all[len(all)-1] {
		t.Error("WithDisabled() must be the suite itself")
	}
}
