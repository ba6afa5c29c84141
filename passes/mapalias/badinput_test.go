package mapalias_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/mapguard/mapguard/passes/mapalias"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/packages"
)

// Ill-typed code must not make the check panic: it runs despite errors
// and stays silent where it cannot understand a construct.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	src := `package bad

import ()

type Options struct {
	Headers map[string]string
	Broken  undefinedType
}

func (o Options) WithHeader(k, v string) Options {
	o.Headers[k] = v
	o.Broken[k] = v
	var s []int
	s = append()
	undefinedFunc(o.Headers)
	x := undefinedVar
	x[k] = v
	return o
}

func (o Options) Generic[T any](t T) {}

func (c *Missing) Items() map[string]int { return c.items }

func loop() {
	for _, m := range undefinedSlice {
		m.f[1] = 2
	}
	switch {
	}
}
`
	pkgDir := filepath.Join(dir, "src", "bad")
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkgDir, "bad.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, "bad")
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 1 || len(pkgs[0].Errors) == 0 {
		t.Fatalf("want one ill-typed package, got %d packages", len(pkgs))
	}
	// The guards engine needs SSA, which is not built for ill-typed
	// packages (go vet does not analyse them at all); run mapalias's own
	// code on the broken syntax without it.
	a := *mapalias.Analyzer
	a.Requires = []*analysis.Analyzer{inspect.Analyzer, mapalias.Mutators}
	res, err := checker.Analyze([]*analysis.Analyzer{&a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, act := range res.Roots {
		if act.Err != nil {
			t.Errorf("analysis failed on ill-typed code: %v", act.Err)
		}
		n += len(act.Diagnostics)
	}
	// The well-typed part (o.Headers[k] = v; return o) is still reported.
	if n == 0 {
		t.Errorf("no diagnostic on the well-typed part of the package")
	}
}
