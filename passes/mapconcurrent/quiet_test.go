package mapconcurrent_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapconcurrent"
)

// Receives that cannot be joins: timers, tickers, deadline contexts,
// signal.Notify channels. Every diagnostic names the goroutine start, the
// racing access and the receive that only looks like a wait.
func TestQuietReceives(t *testing.T) {
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/quiet")
	analysistest.AssertRelated(t, res)
	n := 0
	for _, r := range res {
		for _, d := range r.Diagnostics {
			n++
			var start, access, wait bool
			for _, rel := range d.Related {
				switch {
				case strings.HasPrefix(rel.Message, "goroutine started here"):
					start = true
				case strings.Contains(rel.Message, "here without waiting for the goroutine"),
					strings.HasPrefix(rel.Message, "the goroutine "):
					access = true
				case strings.HasSuffix(rel.Message, ", not for the goroutine"):
					wait = true
					// The position is the receive (or the select).
					line := sourceLine(t, r.Pass.Fset.Position(rel.Pos).Filename, r.Pass.Fset.Position(rel.Pos).Line)
					if !strings.Contains(line, "<-") && !strings.Contains(line, "select") && !strings.Contains(line, "range") {
						t.Errorf("%s: quiet wait points at %q", r.Pass.Fset.Position(rel.Pos), line)
					}
				}
			}
			// time.Sleep is a call, not a receive: nothing to point at.
			sleep := strings.Contains(d.Message, "`seen`")
			if !start || !access || wait == sleep {
				t.Errorf("%s: related start=%v access=%v wait=%v: %v", r.Pass.Fset.Position(d.Pos), start, access, wait, d.Related)
			}
		}
	}
	if n == 0 {
		t.Fatal("no diagnostics")
	}
}

func sourceLine(t *testing.T, file string, line int) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	return lines[line-1]
}

// Real joins next to timers and contexts stay silent: done channels,
// results channels, errgroup, contexts the goroutine may cancel, caller
// contexts, a select whose timeout branch returns or (by default) logs.
func TestQuietReceivesNegative(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/quietneg")
}

// -mapconcurrent.timeouts: a select on a join and a timer joins only on the
// join's branch.
func TestTimeoutsFlag(t *testing.T) {
	if err := mapconcurrent.Analyzer.Flags.Set("timeouts", "true"); err != nil {
		t.Fatal(err)
	}
	defer mapconcurrent.Analyzer.Flags.Set("timeouts", "false")
	res := analysistest.Run(t, mapconcurrent.Analyzer, "mapconcurrent/quiettimeouts")
	analysistest.AssertRelated(t, res)
	for _, r := range res {
		for _, d := range r.Diagnostics {
			found := false
			for _, rel := range d.Related {
				found = found || strings.HasSuffix(rel.Message, ", not for the goroutine")
			}
			if !found {
				t.Errorf("%s: no related entry names the select: %v", r.Pass.Fset.Position(d.Pos), d.Related)
			}
		}
	}
}

// Without the flag, a select on a join and a timer is a join on every
// branch: the fall-through timeout branch is not reported.
func TestTimeoutsFlagOff(t *testing.T) {
	analysistest.RunNegative(t, mapconcurrent.Analyzer, "mapconcurrent/quietdefault")
}
