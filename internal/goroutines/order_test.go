package goroutines_test

import (
	"testing"

	"github.com/mapguard/mapguard/internal/goroutines"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// TestOrderMatchesWalks checks that Order's indexed answers equal the
// walking functions (After, Repeats, InCycleWith, SpawnedParam's
// waitsAfter through Find) on real code: every go statement and call of
// some standard-library packages taken as a start, against every
// instruction of its function.
func TestOrderMatchesWalks(t *testing.T) {
	if testing.Short() {
		t.Skip("loads standard-library packages")
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax}
	pkgs, err := packages.Load(cfg, "net/http", "os/exec", "sync", "iter", "context", "maps", "slices")
	if err != nil || packages.PrintErrors(pkgs) > 0 {
		t.Skip("cannot load", err)
	}
	prog, spkgs := ssautil.AllPackages(pkgs, ssa.InstantiateGenerics)
	prog.Build()
	checked, sites, yields := 0, 0, 0
	for fn := range ssautil.AllFunctions(prog) {
		if fn.Pkg == nil || len(fn.Blocks) == 0 || !contains(spkgs, fn.Pkg) {
			continue
		}
		if fn.Synthetic == "range-over-func yield" {
			yields++
		}
		o := goroutines.NewOrder(fn)
		var all []ssa.Instruction
		for _, b := range fn.Blocks {
			all = append(all, b.Instrs...)
		}
		n := 0
		for _, site := range all {
			switch site.(type) {
			case *ssa.Go, *ssa.Call:
			default:
				continue
			}
			if n++; n > 40 {
				break // bound the cost on huge functions
			}
			sites++
			if got, want := o.WaitsAfter(site), goroutines.WaitsAfterWalk(site); got != want {
				t.Errorf("%s: WaitsAfter(%v) = %v, walk says %v", fn, site, got, want)
			}
			if got, want := o.Repeats(site), goroutines.Repeats(site); got != want {
				t.Errorf("%s: Repeats(%v) = %v, walk says %v", fn, site, got, want)
			}
			for _, stop := range []*ssa.BasicBlock{nil, fn.Blocks[len(fn.Blocks)/2]} {
				var stopSet map[*ssa.BasicBlock]bool
				if stop != nil {
					stopSet = map[*ssa.BasicBlock]bool{stop: true}
				}
				after := goroutines.After(site, stopSet)
				pos := make(map[ssa.Instruction]int)
				for i, x := range after {
					pos[x] = i
				}
				var prev int64
				for i, x := range after {
					rank, ok := o.Rank(site, x, stop)
					if !ok {
						t.Fatalf("%s: %v after %v per the walk, not per Order", fn, x, site)
					}
					if i > 0 && rank <= prev {
						t.Fatalf("%s: Rank out of walk order at %v (site %v)", fn, x, site)
					}
					prev = rank
				}
				for _, x := range all {
					_, want := pos[x]
					if got := o.InAfter(site, x, stop); got != want {
						t.Fatalf("%s: InAfter(%v, %v) = %v, walk says %v", fn, site, x, got, want)
					}
					checked++
				}
			}
			for _, b := range fn.Blocks {
				if got, want := o.InCycleWith(b, site), goroutines.InCycleWith(b, site); got != want {
					t.Fatalf("%s: InCycleWith(b%d, %v) = %v, walk says %v", fn, b.Index, site, got, want)
				}
			}
		}
	}
	if sites == 0 || checked == 0 || yields == 0 {
		t.Fatalf("too little checked: %d sites, %d pairs, %d range-over-func bodies", sites, checked, yields)
	}
	t.Logf("%d sites, %d (site, instruction) pairs, %d range-over-func bodies", sites, checked, yields)
}

func contains(pkgs []*ssa.Package, p *ssa.Package) bool {
	for _, q := range pkgs {
		if q == p {
			return true
		}
	}
	return false
}
