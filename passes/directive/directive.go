// Package directive defines the check that audits //mapguard:ignore
// directives: a directive must name known checks, give a reason, and
// silence at least one diagnostic. A suppression nobody can explain, or one
// that silences nothing (the bug was fixed, the code moved), is reported so
// directives do not outlive their purpose.
package directive

import (
	"fmt"
	"strings"

	"github.com/mapguard/mapguard/internal/suppress"
	"golang.org/x/tools/go/analysis"
)

// Name is the check's name.
const Name = "directive"

const doc = `report malformed or unused //mapguard:ignore directives

A directive has the form

	//mapguard:ignore <check>[,<check>...] <reason>

and stands at the end of the line it silences, or alone on the line above
it. This check reports directives without a reason, directives naming an
unknown check, and directives that silence no diagnostic.`

// New returns the audit for the given wrapped checks (see suppress.Wrap).
// known lists every check name a directive may mention. A directive naming
// a known check that is not among checks (switched off for this run) is
// not judged unused: the audit cannot know what that check would report.
func New(checks []*analysis.Analyzer, known []string) *analysis.Analyzer {
	knownSet := make(map[string]bool, len(known))
	for _, k := range known {
		knownSet[k] = true
	}
	running := make(map[string]bool, len(checks))
	for _, c := range checks {
		running[c.Name] = true
	}
	running[Name] = true
	return &analysis.Analyzer{
		Name:     Name,
		Doc:      doc,
		URL:      "https://github.com/mapguard/mapguard/blob/main/docs/checks/directive.md",
		Requires: checks,
		Run: func(pass *analysis.Pass) (any, error) {
			used := make(map[*suppress.Directive]bool)
			byPos := make(map[any]bool)
			var dirs []*suppress.Directive
			for _, c := range checks {
				res, ok := pass.ResultOf[c].(*suppress.Result)
				if !ok {
					continue
				}
				if dirs == nil {
					dirs = res.Directives
				}
				for d := range res.Used {
					byPos[d.Pos] = true
				}
			}
			if dirs == nil {
				// No wrapped check ran (all filtered out): parse ourselves.
				dirs = suppress.NewFilter(pass).Directives
			}
			for _, d := range dirs {
				if byPos[d.Pos] {
					used[d] = true
				}
			}
			for _, d := range dirs {
				switch {
				case len(d.Checks) == 0:
					pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End,
						Message: "malformed //mapguard:ignore: want //mapguard:ignore <check> <reason>"})
					continue
				case d.Reason == "":
					pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End,
						Message: fmt.Sprintf("//mapguard:ignore %s needs a reason: //mapguard:ignore %[1]s <why this is not a bug>", strings.Join(d.Checks, ","))})
				}
				var unknown []string
				for _, c := range d.Checks {
					if !knownSet[c] {
						unknown = append(unknown, c)
					}
				}
				if len(unknown) > 0 {
					pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End,
						Message: fmt.Sprintf("//mapguard:ignore names unknown check %s (known: %s)", strings.Join(unknown, ", "), strings.Join(known, ", "))})
					continue
				}
				judged := true
				for _, c := range d.Checks {
					if !running[c] {
						judged = false
					}
				}
				if judged && !used[d] {
					pass.Report(analysis.Diagnostic{Pos: d.Pos, End: d.End,
						Message: fmt.Sprintf("//mapguard:ignore %s suppresses nothing: remove it", strings.Join(d.Checks, ","))})
				}
			}
			return nil, nil
		},
	}
}
