package directive_test

import (
	"fmt"
	"testing"

	"golang.org/x/tools/go/analysis"
	xtest "golang.org/x/tools/go/analysis/analysistest"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes"
)

// The audit reports directives without a reason, naming unknown checks, or
// suppressing nothing.
func TestAudit(t *testing.T) {
	analysistest.Run(t, passes.Lookup("directive"), "directive/a")
}

// Well-formed directives that suppress something are silent.
func TestAuditNegative(t *testing.T) {
	analysistest.RunNegative(t, passes.Lookup("directive"), "directive/neg")
}

// The wrapped check drops diagnostics covered by a directive (on the line,
// or alone on the line above) and in generated files, and keeps the rest.
func TestSuppression(t *testing.T) {
	analysistest.Run(t, passes.Lookup("nilmap"), "directive/suppress")
}

// Fixes whose edits lie where a //line directive remaps positions to another
// file (cgo translations) are dropped by the wrapper; the diagnostic stays.
func TestRemappedFixesDropped(t *testing.T) {
	results := analysistest.Run(t, passes.Lookup("mapalias"), "directive/linedir")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: fix kept in a //line-remapped file", d.Message)
			}
		}
	}
	if unwrapped := analysistest.Run(t, passes.Check("mapalias"), "directive/linedir"); len(unwrapped) == 0 || len(unwrapped[0].Diagnostics) == 0 || len(unwrapped[0].Diagnostics[0].SuggestedFixes) == 0 {
		t.Fatal("the unwrapped check must offer the fix, or this test proves nothing")
	}
}

// recorder collects analysistest's complaints instead of failing.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// An unused directive naming nilmap is reported by the full suite's audit;
// with nilmap switched off it is not judged (nothing can say whether it
// would suppress something), and nilmap itself does not run.
func TestAuditWithDisabledCheck(t *testing.T) {
	count := func(a *analysis.Analyzer) int {
		n := 0
		for _, r := range xtest.Run(new(recorder), analysistest.TestData(), a, "directive/disabled") {
			n += len(r.Diagnostics)
		}
		return n
	}
	all := passes.Analyzers()
	if n := count(all[len(all)-1]); n != 1 {
		t.Errorf("full audit: %d diagnostics, want 1 (the unused directive)", n)
	}
	sel := passes.WithDisabled("nilmap")
	if n := count(sel[len(sel)-1]); n != 0 {
		t.Errorf("audit with nilmap disabled: %d diagnostics, want 0", n)
	}
}
