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
