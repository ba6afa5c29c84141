package main

import (
	"github.com/mapguard/mapguard/passes"
	"golang.org/x/tools/go/analysis/multichecker"
)

// standalone runs the suite on the packages named by args.
func standalone(args []string) int {
	multichecker.Main(passes.Analyzers()...)
	return 0
}
