package mapaccess_test

import (
	"fmt"
	"hash/fnv"
	"reflect"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/internal/mapaccess"
	"github.com/mapguard/mapguard/internal/mapref"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
)

// genServer returns a package shaped like nats-server's
// server package, where mapaccess spends its time: a struct with several
// mutexes and map fields, n methods (every tenth exported: the others
// export no fact) that each lock one of the mutexes,
// touch two maps and call up to three earlier methods (so summaries grow
// through the call graph until they are full), and n/2 test-like
// functions that build a value and call a handful of methods, some under a
// lock of their own.
func genServer(n int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport \"sync\"\n\n")
	b.WriteString("type S struct {\n\tmu, amu, cmu, jmu sync.Mutex\n\trw sync.RWMutex\n")
	for i := range 10 {
		fmt.Fprintf(&b, "\tm%d map[int]int\n", i)
	}
	b.WriteString("\tsub *S\n}\n\n")
	mus := []string{"mu", "amu", "cmu", "jmu"}
	name := func(i int) string {
		if i%10 == 0 {
			return fmt.Sprintf("F%d", i)
		}
		return fmt.Sprintf("f%d", i)
	}
	for i := range n {
		fmt.Fprintf(&b, "func (s *S) %s(k int) int {\n", name(i))
		switch i % 5 {
		case 4:
			b.WriteString("\ts.rw.RLock()\n\tdefer s.rw.RUnlock()\n")
		default:
			mu := mus[i%4]
			fmt.Fprintf(&b, "\ts.%s.Lock()\n\tdefer s.%s.Unlock()\n", mu, mu)
		}
		fmt.Fprintf(&b, "\ts.m%d[k] = k\n\tv := s.m%d[k]\n", i%10, (i*7+3)%10)
		for _, j := range []int{i - 1, i / 2, i / 3} {
			if j >= 0 && j < i {
				if j%3 == 0 {
					fmt.Fprintf(&b, "\tv += s.sub.%s(k)\n", name(j))
				} else {
					fmt.Fprintf(&b, "\tv += s.%s(k)\n", name(j))
				}
			}
		}
		if i%6 == 0 {
			fmt.Fprintf(&b, "\tfor range s.m%d {\n\t\tv++\n\t}\n", (i+5)%10)
		}
		b.WriteString("\treturn v\n}\n\n")
	}
	for t := range n / 2 {
		fmt.Fprintf(&b, "func TestGen%d() {\n\ts := &S{sub: &S{}}\n\tvar mu sync.Mutex\n", t)
		for c := range 6 {
			f := (t*13 + c*31) % n
			if c%2 == 0 {
				fmt.Fprintf(&b, "\tmu.Lock()\n\ts.%s(%d)\n\tmu.Unlock()\n", name(f), c)
			} else {
				fmt.Fprintf(&b, "\ts.%s(%d)\n", name(f), c)
			}
		}
		b.WriteString("}\n\n")
	}
	return b.String()
}

// summaries is an analyzer that computes every summary (as mapaccess's own
// run does) and returns a digest of them: the number of accesses, of
// locks, and a hash of everything that does not depend on SSA value
// addresses (paths but Local roots, kinds, positions, Via, lock paths,
// types, modes and names).
var summaries = &analysis.Analyzer{
	Name:       "summaries",
	Doc:        "digest of every mapaccess summary",
	Requires:   []*analysis.Analyzer{mapaccess.Analyzer, buildssa.Analyzer},
	ResultType: reflect.TypeFor[digest](),
	Run: func(pass *analysis.Pass) (any, error) {
		r := pass.ResultOf[mapaccess.Analyzer].(*mapaccess.Result)
		var d digest
		if !digestOn {
			return d, nil // mapaccess's run computed every summary
		}
		h := fnv.New64a()
		path := func(p mapref.Path) string {
			if p.Kind == mapref.Local {
				return fmt.Sprintf("local%v", p.Fields)
			}
			return p.Key()
		}
		for _, fn := range pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA).SrcFuncs {
			for _, a := range r.Summary(fn) {
				d.accesses++
				fmt.Fprintf(h, "%s|%s|%d|%d|%s|", fn.Name(), path(a.Path), a.Kind, a.Pos, a.Via)
				for _, l := range a.Locks {
					d.locks++
					fmt.Fprintf(h, "%s,%v,%s,%v,%s;", path(l.Path), l.Shared, l.Type, l.Inherited, l.Name)
				}
			}
		}
		d.hash = h.Sum64()
		return d, nil
	},
}

// digestOn makes summaries compute the digest (in the benchmark's last
// iteration only: the other iterations measure mapaccess alone).
var digestOn bool

type digest struct {
	accesses, locks int
	hash            uint64
}

// BenchmarkServer measures mapaccess (with buildssa and lockset, which it
// requires) on genServer's package. Loading is excluded. The metrics
// "accesses", "locks" and "digest" (the low 20 bits of the hash) describe
// the summaries and must not change with optimisations.
func BenchmarkServer(b *testing.B) {
	for _, n := range []int{200, 800} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			pkgs := analysistest.LoadGenerated(b, genServer(n))
			b.ReportAllocs()
			b.ResetTimer()
			var d digest
			for i := range b.N {
				digestOn = i == b.N-1
				for _, r := range analysistest.AnalyzeRoots(b, pkgs, summaries) {
					d = r.Result.(digest)
				}
			}
			b.ReportMetric(float64(d.accesses), "accesses")
			b.ReportMetric(float64(d.locks), "locks")
			b.ReportMetric(float64(d.hash&0xfffff), "digest")
		})
	}
}
