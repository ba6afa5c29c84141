// Command mapguard finds map bugs in Go code: unsynchronized concurrent map
// access, unguarded struct map fields, aliasing where a copy was meant,
// non-comparable dynamic keys, and impossible type assertions on map values.
//
// It runs standalone (mapguard ./...) and as a go vet tool
// (go vet -vettool=$(command -v mapguard) ./...).
package main

import (
	"os"
	"strings"

	"github.com/mapguard/mapguard/passes"
	"golang.org/x/tools/go/analysis/unitchecker"
)

func main() {
	if invokedByGoCommand(os.Args[1:]) {
		unitchecker.Main(passes.Analyzers()...)
	}
	os.Exit(standalone(os.Args[1:]))
}

// invokedByGoCommand reports whether the go command (go vet -vettool, go fix
// -fixtool) is driving us through the unitchecker protocol: it asks for the
// tool's version (-V=full) and flags (-flags), then passes one *.cfg file
// per package.
func invokedByGoCommand(args []string) bool {
	for _, a := range args {
		if a == "-V=full" || a == "-flags" || a == "--flags" || a == "-V" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
