package mapconcurrent_test

import (
	"testing"

	"github.com/mapguard/mapguard/internal/lockset"
	"github.com/mapguard/mapguard/passes/mapconcurrent"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/packages"
)

// BenchmarkStd measures mapconcurrent (with its engines: buildssa, lockset,
// mapaccess facts over every dependency) on large standard-library
// packages, against the cost of its prerequisites alone (buildssa,
// buildssa+lockset). Loading is excluded. Run with -benchtime=1x on a busy
// machine.
func BenchmarkStd(b *testing.B) {
	for _, bc := range []struct {
		name string
		a    *analysis.Analyzer
	}{{"mapconcurrent", mapconcurrent.Analyzer}, {"buildssa", buildssa.Analyzer}, {"lockset", lockset.Analyzer}} {
		for _, pkg := range []string{"net/http", "go/types"} {
			benchPkg(b, bc.name+"/"+pkg, bc.a, pkg)
		}
	}
}

func benchPkg(b *testing.B, name string, a *analysis.Analyzer, pkg string) {
	{
		b.Run(name, func(b *testing.B) {
			cfg := &packages.Config{Mode: packages.LoadAllSyntax}
			pkgs, err := packages.Load(cfg, pkg)
			if err != nil || packages.PrintErrors(pkgs) > 0 {
				b.Skip("cannot load", pkg, err)
			}
			b.ResetTimer()
			for range b.N {
				res, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
				if err != nil {
					b.Fatal(err)
				}
				for _, r := range res.Roots {
					if r.Err != nil {
						b.Fatal(r.Err)
					}
				}
			}
		})
	}
}
