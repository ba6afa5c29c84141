package guardedmap_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/guardedmap"
)

func TestInferred(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/a"))
}

func TestAnnotated(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/ann"))
}

func TestCrossPackage(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/xuse"))
}

func TestNegatives(t *testing.T) {
	analysistest.RunNegative(t, guardedmap.Analyzer, "guardedmap/neg", "guardedmap/xdef", "guardedmap/xlegacy")
}

func TestFix(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.RunWithSuggestedFixes(t, guardedmap.Analyzer, "guardedmap/fix"))
}

// An unexported helper reached without the lock is still reported: callers
// vouch for a helper only when one of them holds the guard.
func TestHelperWithoutLockedCaller(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/helpers"))
}

// -guardedmap.callers=false reports unguarded accesses in helpers whose
// callers hold the guard (the default stays silent: see neg/callers.go).
func TestCallersFlagOff(t *testing.T) {
	if err := guardedmap.Analyzer.Flags.Set("callers", "false"); err != nil {
		t.Fatal(err)
	}
	defer guardedmap.Analyzer.Flags.Set("callers", "true")
	analysistest.Run(t, guardedmap.Analyzer, "guardedmap/callersoff")
}

// The constructor rule covers fresh values reached through a fresh slice
// (neg/ctorslice.go), not a fresh element stored into a shared registry.
func TestSharedSliceElement(t *testing.T) {
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/sharedslice"))
}

// -guardedmap.globals: package-level maps guarded by package-level
// mutexes, by inference, annotation and comment.
func TestGlobals(t *testing.T) {
	setFlag(t, "globals", "true")
	analysistest.AssertRelated(t, analysistest.Run(t, guardedmap.Analyzer, "guardedmap/globals"))
	analysistest.RunNegative(t, guardedmap.Analyzer, "guardedmap/globalsneg")
}

// Without -guardedmap.globals, package-level maps are not checked.
func TestGlobalsOff(t *testing.T) {
	analysistest.RunNegative(t, guardedmap.Analyzer, "guardedmap/globalsoff")
}

func setFlag(t *testing.T, name, value string) {
	t.Helper()
	old := guardedmap.Analyzer.Flags.Lookup(name).Value.String()
	if err := guardedmap.Analyzer.Flags.Set(name, value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { guardedmap.Analyzer.Flags.Set(name, old) })
}

// A package-level map written under RLock gets the Lock/Unlock fix.
func TestGlobalsFix(t *testing.T) {
	setFlag(t, "globals", "true")
	analysistest.AssertRelated(t, analysistest.RunWithSuggestedFixes(t, guardedmap.Analyzer, "guardedmap/globalsfix"))
}
