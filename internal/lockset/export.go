package lockset

import (
	"go/token"
	"go/types"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FactWorthy reports whether a fact about fn, a function or method of the
// package being analysed, can ever be read by another package. Facts about
// functions are read for static callees of another package's calls, so fn
// must be nameable there: exported (a method needs an exported name; its
// receiver type may be unexported). Test, benchmark, fuzz and example
// functions of _test.go files are exported but only the generated test
// main refers to them, as values: their facts are not exported either.
// (In a package's test variant those facts made up almost all of the vetx
// file that go vet writes, and that no importer reads.)
func FactWorthy(fset *token.FileSet, fn *types.Func) bool {
	if fn == nil || !fn.Exported() {
		return false
	}
	return !IsTestEntry(fset, fn)
}

// IsTestEntry reports whether fn is a function that go test runs by
// itself: a package-level TestXxx(*testing.T), BenchmarkXxx(*testing.B),
// FuzzXxx(*testing.F) or ExampleXxx() declared in a _test.go file.
func IsTestEntry(fset *token.FileSet, fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() != nil || !InTestFile(fset, fn.Pos()) {
		return false
	}
	name := fn.Name()
	param := func(typ string) bool {
		if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
			return false
		}
		p, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Pointer)
		if !ok {
			return false
		}
		n, ok := types.Unalias(p.Elem()).(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == typ
	}
	switch {
	case testName(name, "Test"):
		return param("T")
	case testName(name, "Benchmark"):
		return param("B")
	case testName(name, "Fuzz"):
		return param("F")
	case testName(name, "Example"):
		return sig.Params().Len() == 0 && sig.Results().Len() == 0
	}
	return false
}

// testName is go test's rule: prefix, then nothing or a character that is
// not a lower-case letter.
func testName(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	if len(name) == len(prefix) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(name[len(prefix):])
	return !unicode.IsLower(r)
}
