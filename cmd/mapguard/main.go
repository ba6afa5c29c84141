// Command mapguard finds map bugs in Go code: unsynchronized concurrent map
// access, unguarded struct map fields, aliasing where a copy was meant,
// non-comparable dynamic keys, and impossible type assertions on map values.
//
// It runs standalone (mapguard ./...), as a go vet tool
// (go vet -vettool=$(command -v mapguard) ./...) and as a go fix tool
// (go fix -fixtool=$(command -v mapguard) ./...).
//
// The standalone driver runs go vet with mapguard itself as the vet tool and
// converts vet's JSON into text, JSON or SARIF (see docs/usage.md), so that
// the go command's package loading, action graph and vet result cache serve
// it.
package main

import (
	"os"
	"strings"

	"github.com/mapguard/mapguard/passes"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() {
	args := os.Args[1:]
	if invokedByGoCommand(args) {
		// Checks switched off (-name=false) must not run as the directive
		// audit's dependencies.
		analyzers := passes.WithDisabled(disabledChecks(args)...)
		// For a dependency analysed only for its facts, run only the
		// fact producers (see factsonly.go).
		if isCfgArg(args) && vetxOnly(args[len(args)-1]) {
			if roots, newArgs, ok := factsOnly(analyzers, args); ok {
				analyzers = roots
				os.Args = append(os.Args[:1:1], newArgs...)
			}
		}
		unitchecker.Main(analyzers...) // does not return
	}
	os.Exit(standalone(os.Args[1:]))
}

// invokedByGoCommand reports whether the go command (go vet -vettool, go fix
// -fixtool, possibly through -toolexec) is driving us through the
// unitchecker protocol. cmd/go (src/cmd/go/internal/vet/vetflag.go and
// work/buildid.go, work/exec.go) invokes the tool in exactly three ways:
//
//	tool -flags                          describe the tool's flags in JSON
//	tool -V=full                         print the tool's ID (keys vet's cache)
//	tool [tool flags] $WORK/.../vet.cfg  analyse one package
//
// where the tool flags are those the user gave go vet/fix that the tool
// declared with -flags, plus -json (go vet) or -fix [-diff] (go fix).
func invokedByGoCommand(args []string) bool {
	for _, a := range args {
		switch a {
		case "-V=full", "--V=full", "-flags", "--flags":
			return true
		}
	}
	if len(args) == 0 {
		return false
	}
	last := args[len(args)-1]
	if !strings.HasSuffix(last, ".cfg") {
		return false
	}
	// A package pattern never ends in .cfg, but be sure: the go command
	// always passes an existing file.
	st, err := os.Stat(last)
	return err == nil && st.Mode().IsRegular()
}
