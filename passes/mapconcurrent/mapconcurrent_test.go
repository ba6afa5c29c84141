package mapconcurrent_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapconcurrent"
)

func TestPositives(t *testing.T) {
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/a")
	analysistest.AssertRelated(t, res)
}

func TestCrossPackage(t *testing.T) {
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/xpkg")
	analysistest.AssertRelated(t, res)
}

func TestRootsFlag(t *testing.T) {
	if err := mapconcurrent.Analyzer.Flags.Set("roots", "(*rootsflag.Pool).Submit"); err != nil {
		t.Fatal(err)
	}
	defer mapconcurrent.Analyzer.Flags.Set("roots", "")
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/rootsflag")
	analysistest.AssertRelated(t, res)
}

func TestRootsFlagOff(t *testing.T) {
	// Without the flag, Submit is an ordinary call: silent.
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/rootsflagneg")
}

func TestNegatives(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/neg")
}

func TestUnexportedFlag(t *testing.T) {
	if err := mapconcurrent.Analyzer.Flags.Set("unexported", "true"); err != nil {
		t.Fatal(err)
	}
	defer mapconcurrent.Analyzer.Flags.Set("unexported", "false")
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/unexp")
	analysistest.AssertRelated(t, res)
}

func TestUnexportedFlagOff(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/unexpneg")
}

func TestParallelSubtests(t *testing.T) {
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/ptest")
	analysistest.AssertRelated(t, res)
}

func TestParallelSubtestsNegative(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/ptestneg")
}

func TestUnexportedFlagCallerHoldsLock(t *testing.T) {
	// With -unexported, a helper whose caller holds the lock the writing
	// goroutine takes is not a race.
	if err := mapconcurrent.Analyzer.Flags.Set("unexported", "true"); err != nil {
		t.Fatal(err)
	}
	defer mapconcurrent.Analyzer.Flags.Set("unexported", "false")
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/unexpheld")
}

// Goroutine closures started by methods (or functions) that write a map
// field of the receiver (or of a parameter) while exported methods access it.
func TestClosureFields(t *testing.T) {
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/closure")
	analysistest.AssertRelated(t, res)
}

func TestClosureFieldsNegative(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/closureneg")
}

// A type (package) without any synchronisation whose goroutine an exported
// method (function) starts: its other exported methods are setup steps,
// compared only with -mapconcurrent.unsynced.
func TestUnsynced(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/unsyncedneg")
	if err := mapconcurrent.Analyzer.Flags.Set("unsynced", "true"); err != nil {
		t.Fatal(err)
	}
	defer mapconcurrent.Analyzer.Flags.Set("unsynced", "false")
	analysistest.AssertRelated(t, analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/unsynced"))
}
