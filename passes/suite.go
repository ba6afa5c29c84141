// Package passes is mapguard's suite registry: the one ordered list of
// checks that every front end takes (the mapguard binary, go vet -vettool,
// the golangci-lint plugin, the tests).
//
// Each check lives in its own package under passes/ and exports Analyzer.
// The suite wraps each check with mapguard's suppression rules (see
// internal/suppress) and appends the directive audit. To add a check, add
// its Analyzer to checks below, write docs/checks/<name>.md, fixtures under
// testdata/src/<name>/, and a case in the demo module.
package passes

import (
	"github.com/mapguard/mapguard/internal/suppress"
	"github.com/mapguard/mapguard/passes/directive"
	"github.com/mapguard/mapguard/passes/nilmap"
	"golang.org/x/tools/go/analysis"
)

// checks is the ordered list of mapguard's checks, unwrapped.
var checks = []*analysis.Analyzer{
	nilmap.Analyzer,
}

var (
	wrapped []*analysis.Analyzer
	suite   []*analysis.Analyzer
)

func init() {
	names := make([]string, 0, len(checks)+1)
	for _, c := range checks {
		wrapped = append(wrapped, suppress.Wrap(c))
		names = append(names, c.Name)
	}
	names = append(names, directive.Name)
	suite = append(append([]*analysis.Analyzer(nil), wrapped...), directive.New(wrapped, names))
}

// Analyzers returns the suite: every check, wrapped with the suppression
// rules, followed by the directive audit. The result is the same slice of
// the same analyzers on every call; callers must not modify it.
func Analyzers() []*analysis.Analyzer { return suite }

// Checks returns the unwrapped checks, in suite order, for tests and
// documentation. Front ends use Analyzers.
func Checks() []*analysis.Analyzer { return checks }

// Names returns the names of every analyzer in the suite, in order.
func Names() []string {
	names := make([]string, len(suite))
	for i, a := range suite {
		names[i] = a.Name
	}
	return names
}

// Lookup returns the suite analyzer (wrapped) with the given name, or nil.
func Lookup(name string) *analysis.Analyzer {
	for _, a := range suite {
		if a.Name == name {
			return a
		}
	}
	return nil
}
