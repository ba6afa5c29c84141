package directive_test

import (
	"testing"

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
