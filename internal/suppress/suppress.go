// Package suppress implements mapguard's suppression rules, shared by every
// front end (the binary, go vet -vettool, golangci-lint, tests):
//
//   - //mapguard:ignore <check>[,<check>...] <reason>
//     on the line of a diagnostic, or alone on the line above it, silences
//     the named checks there. The reason is mandatory.
//   - Generated files (ast.IsGenerated) never receive diagnostics.
//   - Diagnostics positioned outside the files of the package being analysed
//     (for example in a generated test main, or in a dependency) are dropped.
//
// Wrap applies these rules to a check by interposing on Pass.Report, so the
// rules hold under every driver without driver-specific code. The directive
// audit (passes/directive) uses the Result of each wrapped check to report
// directives that lack a reason, name an unknown check, or silence nothing.
package suppress

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix introduces an ignore directive.
const Prefix = "//mapguard:ignore"

// A Directive is one parsed //mapguard:ignore comment.
type Directive struct {
	Pos    token.Pos // position of the comment
	End    token.Pos
	Checks []string // check names, as written
	Reason string   // free text after the check list; empty if missing
	// Lines are the lines (in the comment's token.File) the directive covers:
	// its own line, and the next line when the comment stands alone.
	File  *token.File
	Lines [2]int
}

// Covers reports whether the directive silences check at pos.
func (d *Directive) Covers(fset *token.FileSet, check string, pos token.Pos) bool {
	if !pos.IsValid() || fset.File(pos) != d.File {
		return false
	}
	line := d.File.Line(pos)
	if line != d.Lines[0] && line != d.Lines[1] {
		return false
	}
	for _, c := range d.Checks {
		if c == check {
			return true
		}
	}
	return false
}

// Parse returns the ignore directives of file.
func Parse(fset *token.FileSet, file *ast.File) []*Directive {
	var dirs []*Directive
	for _, cg := range file.Comments {
		for _, c := range cg.List {
			if !strings.HasPrefix(c.Text, Prefix) {
				continue
			}
			rest := strings.TrimPrefix(c.Text, Prefix)
			if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
				continue // e.g. //mapguard:ignoreX — not ours
			}
			fields := strings.Fields(rest)
			d := &Directive{Pos: c.Pos(), End: c.End(), File: fset.File(c.Pos())}
			if len(fields) > 0 {
				for _, name := range strings.Split(fields[0], ",") {
					if name = strings.TrimSpace(name); name != "" {
						d.Checks = append(d.Checks, name)
					}
				}
				d.Reason = strings.TrimSpace(strings.Join(fields[1:], " "))
			}
			line := d.File.Line(c.Pos())
			d.Lines = [2]int{line, line}
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		return nil
	}
	// A directive that stands alone on its line also covers the next line.
	// It is trailing if some syntax ends on its line before it.
	trailing := make(map[int]bool)
	byLine := make(map[int]token.Pos)
	tf := fset.File(file.Pos())
	for _, d := range dirs {
		byLine[d.Lines[0]] = d.Pos
	}
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		switch n.(type) {
		case *ast.Comment, *ast.CommentGroup:
			return false
		}
		end := n.End()
		if tf == nil || !end.IsValid() || int(end) > tf.Base()+tf.Size() {
			return true
		}
		if p, ok := byLine[tf.Line(end)]; ok && end <= p {
			trailing[tf.Line(end)] = true
		}
		return true
	})
	for _, d := range dirs {
		if !trailing[d.Lines[0]] {
			d.Lines[1] = d.Lines[0] + 1
		}
	}
	return dirs
}

// Result is the result of a wrapped check: the result of the check itself
// and the directives that silenced at least one of its diagnostics.
type Result struct {
	Inner      any
	Directives []*Directive // every directive in the package
	Used       map[*Directive]bool
}

var resultType = reflect.TypeOf((*Result)(nil))

// Wrap returns a copy of check whose diagnostics obey the suppression rules.
// The copy has the same name, documentation, flags, requirements and facts.
// Its result is a *Result wrapping the original result, so the original
// analyzer, not the wrapped one, must be used by analyzers that need it.
func Wrap(check *analysis.Analyzer) *analysis.Analyzer {
	w := &analysis.Analyzer{
		Name:             check.Name,
		Doc:              check.Doc,
		URL:              check.URL,
		Flags:            check.Flags,
		Run:              nil,
		RunDespiteErrors: check.RunDespiteErrors,
		Requires:         check.Requires,
		ResultType:       resultType,
		FactTypes:        check.FactTypes,
	}
	run := check.Run
	w.Run = func(pass *analysis.Pass) (any, error) {
		f := NewFilter(pass)
		report := pass.Report
		used := make(map[*Directive]bool)
		pass.Report = func(d analysis.Diagnostic) {
			if dir, ok := f.Suppressed(pass.Analyzer.Name, d.Pos); ok {
				if dir != nil {
					used[dir] = true
				}
				return
			}
			if len(d.SuggestedFixes) > 0 && editsRemapped(pass.Fset, d.SuggestedFixes) {
				d.SuggestedFixes = nil
			}
			report(d)
		}
		defer func() { pass.Report = report }()
		inner, err := run(pass)
		return &Result{Inner: inner, Directives: f.Directives, Used: used}, err
	}
	return w
}

// editsRemapped reports whether an edit of fixes lies where a //line
// directive names another file (cmd/cgo's x.cgo1.go translations, goyacc
// output). Drivers identify an edit's file by its adjusted position but its
// byte offset in the unadjusted file, so applying such an edit would write
// the translation's offsets into the user's file. Those fixes are dropped;
// the diagnostic stays.
func editsRemapped(fset *token.FileSet, fixes []analysis.SuggestedFix) bool {
	for _, fix := range fixes {
		for _, e := range fix.TextEdits {
			for _, pos := range [2]token.Pos{e.Pos, e.End} {
				if pos.IsValid() && fset.PositionFor(pos, true).Filename != fset.PositionFor(pos, false).Filename {
					return true
				}
			}
		}
	}
	return false
}

// Filter decides which positions of a package may carry diagnostics.
type Filter struct {
	fset       *token.FileSet
	files      map[*token.File]*ast.File
	generated  map[*token.File]bool
	Directives []*Directive
}

// NewFilter indexes the files and directives of pass's package.
func NewFilter(pass *analysis.Pass) *Filter {
	f := &Filter{
		fset:      pass.Fset,
		files:     make(map[*token.File]*ast.File, len(pass.Files)),
		generated: make(map[*token.File]bool),
	}
	for _, file := range pass.Files {
		tf := pass.Fset.File(file.Pos())
		if tf == nil {
			continue
		}
		f.files[tf] = file
		if ast.IsGenerated(file) && !isCgoTranslation(tf) {
			f.generated[tf] = true
			continue
		}
		f.Directives = append(f.Directives, Parse(pass.Fset, file)...)
	}
	return f
}

// isCgoTranslation reports whether tf is cmd/cgo's translation of a user's
// file (x.cgo1.go, which go vet analyses in place of x.go and whose //line
// directives map back to it). cmd/cgo marks it generated, but its code and
// comments are the user's, so it is treated as the user's file.
func isCgoTranslation(tf *token.File) bool {
	return strings.HasSuffix(tf.Name(), ".cgo1.go")
}

// Suppressed reports whether a diagnostic of check at pos must be dropped,
// and the directive responsible, if any (nil for generated or foreign files).
func (f *Filter) Suppressed(check string, pos token.Pos) (*Directive, bool) {
	tf := f.fset.File(pos)
	if tf == nil || f.files[tf] == nil || f.generated[tf] {
		return nil, true
	}
	for _, d := range f.Directives {
		if d.Covers(f.fset, check, pos) {
			return d, true
		}
	}
	return nil, false
}

// InPackage reports whether pos lies in a non-generated file of the package.
func (f *Filter) InPackage(pos token.Pos) bool {
	tf := f.fset.File(pos)
	return tf != nil && f.files[tf] != nil && !f.generated[tf]
}
