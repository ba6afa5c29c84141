package mapconcurrent_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/internal/lockset"
	"github.com/mapguard/mapguard/passes/mapconcurrent"
	"golang.org/x/tools/go/analysis"
)

// genManyStarts returns a package whose functions start n
// goroutines each in straight-line code, the shape of generated test code:
// a closure per start that writes a shared map under a mutex (and a map of
// its own), the starting function reading the shared map under the mutex
// after each start, and every 50th start writing an unguarded map that the
// other goroutines and the starting function also touch (so the reporting
// paths run too). A second function starts n method goroutines on a
// struct whose exported methods read its map fields. With branchy, every
// 10th start is followed by an early return (an if statement: many blocks)
// and every 100th start is in a loop (many goroutines per start).
func genManyStarts(n int, branchy bool) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport \"sync\"\n\n")
	b.WriteString("func Many() {\n\tvar mu sync.Mutex\n\tvar wg sync.WaitGroup\n\tshared := map[int]int{}\n\tracy := map[int]int{}\n")
	for i := range n {
		if i%50 == 0 {
			fmt.Fprintf(&b, "\tgo func() { racy[%d] = %d }()\n\t_ = racy[%d]\n", i, i, i)
			continue
		}
		fmt.Fprintf(&b, "\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\town := map[int]int{}\n\t\town[%d] = %d\n\t\tmu.Lock()\n\t\tshared[%d] = len(own)\n\t\tmu.Unlock()\n\t}()\n", i, i, i%7)
		fmt.Fprintf(&b, "\tmu.Lock()\n\t_ = shared[%d]\n\tmu.Unlock()\n", i%7)
		if branchy && i%10 == 0 {
			b.WriteString("\tif len(racy) > 1<<20 {\n\t\treturn\n\t}\n")
		}
		if branchy && i%100 == 1 {
			fmt.Fprintf(&b, "\tfor k := range 3 {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\tdefer wg.Done()\n\t\t\tmu.Lock()\n\t\t\tshared[k+%d]++\n\t\t\tmu.Unlock()\n\t\t}()\n\t}\n", i)
		}
	}
	b.WriteString("\twg.Wait()\n}\n\n")
	b.WriteString("type S struct {\n\tmu sync.Mutex\n\tm  map[int]int\n\tn  map[int]int\n}\n\n")
	b.WriteString("func (s *S) runM(k int) { s.mu.Lock(); s.m[k] = k; s.mu.Unlock() }\n\n")
	b.WriteString("func (s *S) runN(k int) { s.n[k] = k }\n\n")
	b.WriteString("func (s *S) Get(k int) int { s.mu.Lock(); defer s.mu.Unlock(); return s.m[k] + s.n[k] }\n\n")
	b.WriteString("func (s *S) Start() {\n")
	for i := range n {
		if i%50 == 0 {
			fmt.Fprintf(&b, "\tgo s.runN(%d)\n", i)
			continue
		}
		fmt.Fprintf(&b, "\tgo s.runM(%d)\n", i)
	}
	b.WriteString("}\n")
	return b.String()
}

// BenchmarkManyStarts measures mapconcurrent (with its prerequisites) on a
// package whose functions hold n goroutine starts each: the cost must grow
// about linearly in n. Loading is excluded; the "diags" metric is the
// number of diagnostics (it must not change with optimisations).
func BenchmarkManyStarts(b *testing.B) { benchManyStarts(b, false) }

// BenchmarkManyStartsBranchy is BenchmarkManyStarts with an if statement
// after every 10th start and a loop of starts after every 100th.
func BenchmarkManyStartsBranchy(b *testing.B) { benchManyStarts(b, true) }

// The lockset/N=... sub-benchmarks run the lock analysis alone (a
// prerequisite), to tell its share of the cost from mapconcurrent's own.
func benchManyStarts(b *testing.B, branchy bool) {
	for _, bc := range []struct {
		name string
		a    *analysis.Analyzer
	}{{"", mapconcurrent.Analyzer}, {"lockset/", lockset.Analyzer}} {
		benchManyStartsWith(b, branchy, bc.name, bc.a)
	}
}

func benchManyStartsWith(b *testing.B, branchy bool, name string, a *analysis.Analyzer) {
	for _, n := range []int{100, 1000, 4000} {
		b.Run(fmt.Sprintf("%sN=%d", name, n), func(b *testing.B) {
			pkgs := analysistest.LoadGenerated(b, genManyStarts(n, branchy))
			b.ResetTimer()
			diags := 0
			for range b.N {
				diags = analysistest.CountDiagnostics(analysistest.AnalyzeRoots(b, pkgs, a))
			}
			b.ReportMetric(float64(diags), "diags")
		})
	}
}

// TestGenManyStarts writes the benchmark's generated module to
// $MAPCONCURRENT_GEN_DIR (N=$MAPCONCURRENT_GEN_N, branchy unless
// MAPCONCURRENT_GEN_STRAIGHT is set) for runs of the binary; skipped otherwise.
func TestGenManyStarts(t *testing.T) {
	dir := os.Getenv("MAPCONCURRENT_GEN_DIR")
	if dir == "" {
		t.Skip("MAPCONCURRENT_GEN_DIR not set")
	}
	n := 1000
	if s := os.Getenv("MAPCONCURRENT_GEN_N"); s != "" {
		if _, err := fmt.Sscan(s, &n); err != nil {
			t.Fatal(err)
		}
	}
	if err := analysistest.WriteModule(dir, genManyStarts(n, os.Getenv("MAPCONCURRENT_GEN_STRAIGHT") == "")); err != nil {
		t.Fatal(err)
	}
}

// TestManyStartsDiagnostics checks what the benchmark's generated package
// reports, so that the indexes behind parent() and siblings() keep the
// walk's answers: every 50th start writes racy unguarded and the starting
// function reads racy[i] on the next line, so each of those writes is
// reported once, naming that next-line read (the first access after the
// start); every 50th method goroutine writes s.n, which Get reads under a
// lock runN does not take (one position, one report). Nothing under mu is
// reported.
func TestManyStartsDiagnostics(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and type-checks a package")
	}
	const n = 300
	for _, branchy := range []bool{false, true} {
		pkgs := analysistest.LoadGenerated(t, genManyStarts(n, branchy))
		roots := analysistest.AnalyzeRoots(t, pkgs, mapconcurrent.Analyzer)
		racy, fields := 0, 0
		for _, r := range roots {
			for _, d := range r.Diagnostics {
				line := r.Package.Fset.Position(d.Pos).Line
				switch {
				case strings.HasPrefix(d.Message, "map `racy` is written here by the goroutine started at "):
					racy++
					want := fmt.Sprintf("started at L%d while the starting function reads it at L%d with no lock held", line, line+1)
					if !strings.Contains(d.Message, want) {
						t.Errorf("branchy=%v: %q does not name the next line's read (%s)", branchy, d.Message, want)
					}
				case strings.HasPrefix(d.Message, "map `s.n` is written here"):
					fields++
				default:
					t.Errorf("branchy=%v: unexpected diagnostic at line %d: %s", branchy, line, d.Message)
				}
			}
		}
		if racy != n/50 || fields != 1 {
			t.Errorf("branchy=%v: %d racy reports, %d field reports; want %d and 1", branchy, racy, fields, n/50)
		}
	}
}
