package golangci

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/mapguard/mapguard/passes"
)

// run analyses testdata/disabled with the analyzers the plugin builds from
// settings, as golangci-lint does: those analyzers are the roots, and only
// their diagnostics are reported. It returns the diagnostics as
// "analyzer:line: message" and whether the named analyzer ran at all.
func run(t *testing.T, settings any, probe string, extra ...*analysis.Analyzer) (diags []string, ran bool) {
	t.Helper()
	p, err := newPlugin(settings, append(slices.Clone(passes.Analyzers()), extra...), passes.WithDisabled)
	if err != nil {
		t.Fatal(err)
	}
	analyzers, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: false}
	pkgs, err := packages.Load(cfg, "./testdata/disabled")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("fixture does not load")
	}
	graph, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for act := range graph.All() {
		if act.Analyzer.Name == probe {
			ran = true
		}
		if act.Err != nil {
			t.Errorf("%s: %v", act.Analyzer.Name, act.Err)
		}
	}
	for _, act := range graph.Roots {
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			diags = append(diags, fmt.Sprintf("%s:%d: %s", act.Analyzer.Name, pos.Line, d.Message))
		}
	}
	return diags, ran
}

// only keeps the diagnostics of the named analyzers: checks added to the
// suite later may have something to say about the fixture too.
func only(diags []string, names ...string) []string {
	var out []string
	for _, d := range diags {
		for _, n := range names {
			if strings.HasPrefix(d, n+":") {
				out = append(out, d)
			}
		}
	}
	return out
}

// With the whole suite, the unsuppressed write is reported and the used
// directive is not.
func TestSuiteOnFixture(t *testing.T) {
	diags, _ := run(t, nil, "")
	got := only(diags, "nilmap", "directive")
	if len(got) != 1 || !strings.HasPrefix(got[0], "nilmap:14: ") {
		t.Errorf("diagnostics %q, want one nilmap at line 14", got)
	}
}

// A disabled check reports nothing and does no work: the audit the plugin
// returns does not require it, and does not judge the //mapguard:ignore
// nilmap directive (it cannot know whether it suppresses something).
func TestDisabledCheckUnderAudit(t *testing.T) {
	diags, ran := run(t, map[string]any{"disable": []any{"nilmap"}}, "nilmap")
	if got := only(diags, "nilmap", "directive"); len(got) != 0 {
		t.Errorf("nilmap disabled: diagnostics %q, want none", got)
	}
	if ran {
		t.Errorf("nilmap ran although it is disabled")
	}
}

// Disabling the audit too skips the disabled checks' work entirely.
func TestDisabledWithoutAudit(t *testing.T) {
	// Another analyzer keeps the selection non-empty while the suite holds
	// only nilmap and the audit.
	other := &analysis.Analyzer{Name: "other", Doc: "other", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	diags, ran := run(t, map[string]any{"disable": []any{"nilmap", "directive"}}, "nilmap", other)
	if got := only(diags, "nilmap", "directive"); len(got) != 0 {
		t.Errorf("diagnostics %q, want none", got)
	}
	if ran {
		t.Errorf("nilmap ran although it and the audit are disabled")
	}
}
