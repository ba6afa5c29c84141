package main

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

type testFact struct{}

func (*testFact) AFact() {}

func TestFactsOnly(t *testing.T) {
	engine := &analysis.Analyzer{Name: "engine", Doc: "e", FactTypes: []analysis.Fact{new(testFact)}}
	a := &analysis.Analyzer{Name: "a", Doc: "a", Requires: []*analysis.Analyzer{engine}}
	a.Flags.Bool("strict", false, "")
	b := &analysis.Analyzer{Name: "b", Doc: "b", FactTypes: []analysis.Fact{new(testFact)}}
	b.Flags.String("level", "1", "")
	c := &analysis.Analyzer{Name: "plain", Doc: "c"}
	audit := &analysis.Analyzer{Name: "audit", Doc: "d", Requires: []*analysis.Analyzer{a, b, c}}
	suite := []*analysis.Analyzer{a, b, c, audit}

	names := func(as []*analysis.Analyzer) string {
		var s []string
		for _, x := range as {
			s = append(s, x.Name)
		}
		return strings.Join(s, ",")
	}
	for _, tc := range []struct {
		args      []string
		roots     string
		newArgs   []string
		wantNotOK bool
	}{
		// Every check selected: the fact producers of the whole suite.
		{args: []string{"-json", "x.cfg"}, roots: "engine,b", newArgs: []string{"-json=true", "x.cfg"}},
		// Check flags: kept for a check that stays a root, dropped otherwise;
		// a non-bool flag may come as two arguments.
		{args: []string{"-a.strict", "-b.level", "3", "x.cfg"}, roots: "engine,b", newArgs: []string{"-b.level=3", "x.cfg"}},
		// Only c: nothing produces facts.
		{args: []string{"-plain", "x.cfg"}, roots: "", newArgs: []string{"x.cfg"}},
		// Only a: its engine.
		{args: []string{"-a=true", "-fix", "x.cfg"}, roots: "engine", newArgs: []string{"-fix=true", "x.cfg"}},
		// a disabled, but the audit still requires it.
		{args: []string{"-a=false", "x.cfg"}, roots: "b,engine", newArgs: []string{"x.cfg"}},
		// a and audit disabled.
		{args: []string{"-a=false", "-audit=false", "x.cfg"}, roots: "b", newArgs: []string{"x.cfg"}},
		// Unknown flags: give up (the full suite runs and reports the error).
		{args: []string{"-bogus", "x.cfg"}, wantNotOK: true},
		// Driver flags pass through.
		{args: []string{"-c=3", "-tags", "x", "x.cfg"}, roots: "engine,b", newArgs: []string{"-c=3", "-tags=x", "x.cfg"}},
	} {
		roots, newArgs, ok := factsOnly(suite, tc.args)
		if ok == tc.wantNotOK {
			t.Errorf("factsOnly(%q): ok = %v", tc.args, ok)
			continue
		}
		if !ok {
			continue
		}
		if got := names(roots); got != tc.roots {
			t.Errorf("factsOnly(%q) roots = %s, want %s", tc.args, got, tc.roots)
		}
		if !slices.Equal(newArgs, tc.newArgs) {
			t.Errorf("factsOnly(%q) args = %q, want %q", tc.args, newArgs, tc.newArgs)
		}
	}
}

func TestFactsOnlyClash(t *testing.T) {
	json := &analysis.Analyzer{Name: "json", Doc: "clashes with the driver's -json"}
	if _, _, ok := factsOnly([]*analysis.Analyzer{json}, []string{"x.cfg"}); ok {
		t.Errorf("a check named like a driver flag was accepted")
	}
}
