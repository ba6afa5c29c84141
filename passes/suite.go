// Package passes is mapguard's suite registry: the one ordered list of
// checks that every front end takes (the mapguard binary, go vet -vettool,
// the golangci-lint plugin, the tests).
//
// Each check lives in its own package under passes/ and exports Analyzer.
// It joins the suite through its own file passes/register_<name>.go:
//
//	func init() { register(50, mapkey.Analyzer) }
//
// where the number fixes its place in the suite's order. The suite wraps
// each check with mapguard's suppression rules (see internal/suppress) and
// appends the directive audit. A new check also needs docs/checks/<name>.md,
// fixtures under testdata/src/<name>/, and a case in the demo module.
package passes

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/mapguard/mapguard/internal/suppress"
	"github.com/mapguard/mapguard/passes/directive"
	"golang.org/x/tools/go/analysis"
)

type entry struct {
	order int
	a     *analysis.Analyzer
}

var (
	registry []entry

	once    sync.Once
	checks  []*analysis.Analyzer // unwrapped, in order
	suite   []*analysis.Analyzer // wrapped checks + directive audit
	byName  map[string]*analysis.Analyzer
	checkBy map[string]*analysis.Analyzer
	wrapped []*analysis.Analyzer // wrapped checks, in order
	names   []string             // every suite name, directive last

	selMu    sync.Mutex
	selected = make(map[string][]*analysis.Analyzer) // WithDisabled results by key
)

// register adds a check to the suite at the given place in its order. It is
// called only from the init functions of the register_*.go files.
func register(order int, a *analysis.Analyzer) {
	registry = append(registry, entry{order, a})
}

func build() {
	sort.SliceStable(registry, func(i, j int) bool { return registry[i].order < registry[j].order })
	byName = make(map[string]*analysis.Analyzer)
	checkBy = make(map[string]*analysis.Analyzer)
	for _, e := range registry {
		if _, dup := checkBy[e.a.Name]; dup || e.a.Name == directive.Name {
			panic(fmt.Sprintf("passes: check %q registered twice", e.a.Name))
		}
		w := suppress.Wrap(e.a)
		checks = append(checks, e.a)
		wrapped = append(wrapped, w)
		names = append(names, e.a.Name)
		checkBy[e.a.Name] = e.a
		byName[e.a.Name] = w
	}
	names = append(names, directive.Name)
	audit := directive.New(wrapped, names)
	byName[audit.Name] = audit
	suite = append(append([]*analysis.Analyzer(nil), wrapped...), audit)
}

// WithDisabled returns the suite for a run in which the named checks are
// switched off. The checks are the very analyzers of Analyzers() (front
// ends may keep the disabled ones, e.g. so that their flags still parse);
// only the directive audit differs: it requires the enabled checks alone,
// so a disabled check is not run as the audit's dependency (no cost, no
// exposure to its failures), and directives naming a disabled check are not
// judged. Unknown names are ignored. Each set of names yields the same
// analyzers on every call.
func WithDisabled(disabled ...string) []*analysis.Analyzer {
	once.Do(build)
	off := make(map[string]bool)
	for _, n := range disabled {
		if checkBy[n] != nil {
			off[n] = true
		}
	}
	if len(off) == 0 {
		return suite
	}
	var key []string
	for _, n := range names {
		if off[n] {
			key = append(key, n)
		}
	}
	k := strings.Join(key, ",")
	selMu.Lock()
	defer selMu.Unlock()
	if s, ok := selected[k]; ok {
		return s
	}
	var on []*analysis.Analyzer
	for _, w := range wrapped {
		if !off[w.Name] {
			on = append(on, w)
		}
	}
	s := append(append([]*analysis.Analyzer(nil), wrapped...), directive.New(on, names))
	selected[k] = s
	return s
}

// Analyzers returns the suite: every check, wrapped with the suppression
// rules, followed by the directive audit. Every call returns the same
// analyzers (their identity matters to drivers); callers must not modify
// the slice.
func Analyzers() []*analysis.Analyzer {
	once.Do(build)
	return suite
}

// Checks returns the unwrapped checks, in suite order, for tests and
// documentation. Front ends use Analyzers.
func Checks() []*analysis.Analyzer {
	once.Do(build)
	return checks
}

// Names returns the names of every analyzer in the suite, in order.
func Names() []string {
	once.Do(build)
	names := make([]string, len(suite))
	for i, a := range suite {
		names[i] = a.Name
	}
	return names
}

// Lookup returns the suite analyzer (wrapped, as front ends run it) with the
// given name, or nil.
func Lookup(name string) *analysis.Analyzer {
	once.Do(build)
	return byName[name]
}

// Check returns the unwrapped check with the given name, or nil.
func Check(name string) *analysis.Analyzer {
	once.Do(build)
	return checkBy[name]
}
