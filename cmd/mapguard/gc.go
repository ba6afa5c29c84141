package main

import (
	"os"
	"runtime/debug"
)

// gcPercent is the garbage collector's target when the user sets no GOGC.
//
// A unitchecker run is a short batch job that builds large, mostly
// long-lived structures (type information, SSA, per-function summaries)
// and then exits: at the default GOGC=100 the collector re-marks them
// over and over, about a third of the CPU of nats-server's biggest package
// (docs/performance.md). At 400 it collects a quarter as often: on
// nats-server mapguard's cold CPU went from 1.80x to 1.49x go vet's, and
// its peak RSS from 2.4 GB to 3.3 GB (what it was before the 2026-11-28
// allocation cuts). GOGC (and GOMEMLIMIT) in the environment still win.
const gcPercent = 400

func init() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
}
