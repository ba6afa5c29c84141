// Package analysistest is mapguard's test harness on top of
// golang.org/x/tools/go/analysis/analysistest. Every check's tests use it.
//
// Fixtures live in the repository's testdata/src/<check>/<pkg>, GOPATH style,
// so fixture packages import each other as "<check>/<pkg>" (that is how
// cross-package facts are tested). The harness adds what plain analysistest
// does not enforce:
//
//   - Run: a positive fixture must produce at least one diagnostic (a
//     fixture with no expectations that reports nothing tests nothing).
//   - RunNegative: a negative fixture is correct code; it must contain no
//     "// want" comments and must produce no diagnostics.
//   - RunWithSuggestedFixes: golden comparison, then the fixed sources must
//     type-check, and a second run on them must offer no further fix.
//   - AssertRelated: every diagnostic explains itself with Related positions.
package analysistest

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	xtest "golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Result is the result of running an analyzer on one package.
type Result = xtest.Result

// TestData returns the absolute path of the repository's testdata directory
// (the one beside go.mod), whichever package's test calls it.
func TestData() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("analysistest: cannot locate source file")
	}
	return filepath.Join(filepath.Dir(filepath.Dir(file)), "testdata")
}

// Run runs a on the fixture packages (patterns relative to testdata/src)
// and checks diagnostics and facts against the "// want" comments. It fails
// if the fixtures produce no diagnostic at all.
func Run(t *testing.T, a *analysis.Analyzer, patterns ...string) []*Result {
	t.Helper()
	return RunDir(t, TestData(), a, patterns...)
}

// RunDir is Run with an explicit testdata directory (holding src/).
func RunDir(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) []*Result {
	t.Helper()
	results := xtest.Run(t, dir, a, patterns...)
	if countDiagnostics(results) == 0 && !t.Failed() {
		t.Errorf("%s: positive fixtures %v produced no diagnostics; a positive fixture must report", a.Name, patterns)
	}
	return results
}

// RunNegative runs a on fixture packages of correct code: they must contain
// no "// want" comments and a must report nothing.
func RunNegative(t *testing.T, a *analysis.Analyzer, patterns ...string) []*Result {
	t.Helper()
	return RunNegativeDir(t, TestData(), a, patterns...)
}

// RunNegativeDir is RunNegative with an explicit testdata directory.
func RunNegativeDir(t *testing.T, dir string, a *analysis.Analyzer, patterns ...string) []*Result {
	t.Helper()
	results := xtest.Run(t, dir, a, patterns...)
	if len(results) == 0 && !t.Failed() {
		t.Errorf("%s: negative fixtures %v matched no package", a.Name, patterns)
	}
	seen := make(map[string]bool)
	for _, r := range results {
		if r.Pass == nil {
			continue
		}
		for _, f := range r.Pass.Files {
			name := r.Pass.Fset.File(f.Pos()).Name()
			if seen[name] {
				continue
			}
			seen[name] = true
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					if hasWant(c.Text) {
						t.Errorf("%s: negative fixture has an expectation (%s): negatives must stay silent", r.Pass.Fset.Position(c.Pos()), c.Text)
					}
				}
			}
		}
	}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			t.Errorf("%s: negative fixture reported: %s", r.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
	return results
}

func hasWant(text string) bool {
	text = strings.TrimPrefix(strings.TrimPrefix(text, "//"), "/*")
	return strings.HasPrefix(strings.TrimSpace(text), "want ")
}

// AssertRelated fails the test for every diagnostic in results that carries
// no Related information: mapguard's diagnostics say why (the racing access,
// the goroutine start, the inferred guard) with related positions.
func AssertRelated(t *testing.T, results []*Result) {
	t.Helper()
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.Related) == 0 {
				t.Errorf("%s: diagnostic has no Related information: %s", r.Pass.Fset.Position(d.Pos), d.Message)
				continue
			}
			for _, rel := range d.Related {
				if !rel.Pos.IsValid() || rel.Message == "" {
					t.Errorf("%s: diagnostic has an empty or position-less Related entry: %s", r.Pass.Fset.Position(d.Pos), d.Message)
				}
			}
		}
	}
}

// RunWithSuggestedFixes runs a, checks "// want" comments, applies every
// suggested fix and compares each file with its .golden file, as
// x/tools analysistest does. Then it checks that the fixed package
// type-checks and that running a on it again offers no further fix (a fix
// must remove the problem it addresses, not move it).
func RunWithSuggestedFixes(t *testing.T, a *analysis.Analyzer, patterns ...string) []*Result {
	t.Helper()
	dir := TestData()
	results := xtest.RunWithSuggestedFixes(t, dir, a, patterns...)
	if t.Failed() {
		return results
	}
	fixes := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			fixes += len(d.SuggestedFixes)
		}
	}
	if fixes == 0 {
		t.Errorf("%s: fix fixtures %v offered no suggested fix", a.Name, patterns)
		return results
	}
	checkFixedPackages(t, dir, a, patterns, results)
	return results
}

// checkFixedPackages copies testdata/src into a temporary GOPATH, replaces
// each fixture file that has a plain (non-txtar) .golden with the golden,
// type-checks the result and runs a again.
func checkFixedPackages(t *testing.T, dir string, a *analysis.Analyzer, patterns []string, results []*Result) {
	t.Helper()
	tmp := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := copyTree(src, filepath.Join(tmp, "src")); err != nil {
		t.Fatalf("copying fixtures: %v", err)
	}
	replaced := 0
	for _, r := range results {
		if r.Pass == nil {
			continue
		}
		for _, f := range r.Pass.Files {
			name := r.Pass.Fset.File(f.Pos()).Name()
			golden, err := os.ReadFile(name + ".golden")
			if err != nil {
				continue
			}
			if bytes.HasPrefix(golden, []byte("-- ")) {
				continue // txtar: alternative fixes, checked by x/tools
			}
			rel, err := filepath.Rel(src, name)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			if err := os.WriteFile(filepath.Join(tmp, "src", rel), golden, 0o644); err != nil {
				t.Fatal(err)
			}
			replaced++
		}
	}
	if replaced == 0 {
		return
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		Dir:  tmp,
		Env:  append(os.Environ(), "GOPATH="+tmp, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatalf("loading fixed packages: %v", err)
	}
	bad := false
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Errorf("fixed code does not type-check: %v", e)
			bad = true
		}
	}
	if bad {
		return
	}
	res, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	for _, act := range res.Roots {
		if act.Err != nil {
			t.Errorf("second run on fixed code: %v", act.Err)
			continue
		}
		for _, d := range act.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("second run on fixed code still offers a fix at %s: %s",
					act.Package.Fset.Position(d.Pos), d.Message)
			}
		}
	}
}

func copyTree(from, to string) error {
	return filepath.Walk(from, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
}

func countDiagnostics(results []*Result) int {
	n := 0
	for _, r := range results {
		n += len(r.Diagnostics)
	}
	return n
}

// WriteModule writes src as gen.go of a module named gen in dir: the
// generated packages of benchmarks and scale tests.
func WriteModule(dir, src string) error {
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module gen\n\ngo 1.24\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "gen.go"), []byte(src), 0o644)
}

// LoadGenerated writes src with WriteModule into a new temporary directory
// and loads its package with syntax and types; tb fails if it does not
// load or type-check.
func LoadGenerated(tb testing.TB, src string) []*packages.Package {
	tb.Helper()
	dir := tb.TempDir()
	if err := WriteModule(dir, src); err != nil {
		tb.Fatal(err)
	}
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, ".")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("cannot load generated package", err)
	}
	return pkgs
}

// AnalyzeRoots runs analyzers (and what they require) over pkgs and
// returns the root actions; tb fails on an error of the driver or of a
// root action.
func AnalyzeRoots(tb testing.TB, pkgs []*packages.Package, analyzers ...*analysis.Analyzer) []*checker.Action {
	tb.Helper()
	res, err := checker.Analyze(analyzers, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for _, r := range res.Roots {
		if r.Err != nil {
			tb.Fatal(r.Err)
		}
	}
	return res.Roots
}

// CountDiagnostics is the number of diagnostics of the actions.
func CountDiagnostics(roots []*checker.Action) int {
	n := 0
	for _, r := range roots {
		n += len(r.Diagnostics)
	}
	return n
}
