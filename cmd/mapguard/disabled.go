package main

import (
	"strconv"
	"strings"

	"github.com/mapguard/mapguard/passes"
)

// disabledChecks returns the checks that args switch off with -name=false
// (or --name=false), as the go command passes them to the vet tool.
// A later -name=true wins over an earlier -name=false, as with flag parsing.
func disabledChecks(args []string) []string {
	off := make(map[string]bool)
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, val, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if passes.Check(name) == nil {
			continue
		}
		b := true
		if ok {
			var err error
			if b, err = strconv.ParseBool(val); err != nil {
				continue // unitchecker reports the bad value
			}
		}
		off[name] = !b
	}
	var names []string
	for _, n := range passes.Names() {
		if off[n] {
			names = append(names, n)
		}
	}
	return names
}
