// Package nilmap defines mapguard's nilmap check: an assignment to an entry
// of a map that is provably nil, which panics with "assignment to entry in
// nil map".
//
// The check is staticcheck's SA5000, taken from honnef.co/go/tools itself
// rather than rewritten, and exposed under mapguard's suite with mapguard's
// name, documentation and suppression rules.
package nilmap

import (
	"honnef.co/go/tools/staticcheck/sa5000"

	"golang.org/x/tools/go/analysis"
)

// Name is the check's stable name.
const Name = "nilmap"

const doc = `report assignments to entries of nil maps

A map variable that is declared but never made is nil. Reading from a nil
map yields zero values, but assigning to an entry panics at run time with
"assignment to entry in nil map":

	var m map[string]int
	m["a"] = 1 // panics

Initialise the map first (m := make(map[string]int), or a composite
literal). This check is staticcheck's SA5000, run from honnef.co/go/tools.`

// Analyzer reports assignments to entries of nil maps.
var Analyzer = &analysis.Analyzer{
	Name:             Name,
	Doc:              doc,
	URL:              "https://github.com/mapguard/mapguard/blob/main/docs/checks/nilmap.md",
	Run:              sa5000.Analyzer.Run,
	Requires:         sa5000.Analyzer.Requires,
	FactTypes:        sa5000.Analyzer.FactTypes,
	ResultType:       sa5000.Analyzer.ResultType,
	RunDespiteErrors: sa5000.Analyzer.RunDespiteErrors,
}
