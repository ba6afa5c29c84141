package goroutines_test

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/internal/goroutines"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

// The last receive (or select) of each function quietN is Quiet; that of
// each function joinN is not.
const quietSrc = `package p

import (
	"context"
	"os"
	"os/signal"
	"time"
)

func quietAfter()            { <-time.After(time.Second) }
func quietTick()             { <-time.Tick(time.Second) }
func quietTimer()            { t := time.NewTimer(1); <-t.C }
func quietTicker()           { t := time.NewTicker(1); for range t.C {} }
func quietTimerValue(t time.Timer) { <-t.C }
func quietDeadline() {
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	defer cancel()
	<-ctx.Done()
}
func quietCalledCancel() {
	ctx, cancel := context.WithDeadline(context.TODO(), time.Now())
	cleanup := func() { cancel() }
	defer cleanup()
	<-ctx.Done()
}
func quietValue() {
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	defer cancel()
	ctx = context.WithValue(ctx, 1, 2)
	<-ctx.Done()
}
func quietNotifyContext() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	<-ctx.Done()
}
func quietSignal() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	<-c
}
func quietSignalCaptured() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	f := func() { <-c }
	f()
	<-c
}
func quietNilOrTimer(d time.Duration) {
	var t <-chan time.Time
	if d > 0 {
		t = time.After(d)
	}
	<-t
}
func quietLoopTimer(other chan int) {
	t := time.After(1)
	for {
		select {
		case <-t:
			t = time.After(1)
		case <-other:
		}
		select {
		case <-t:
		case <-time.After(2):
		}
	}
}
func quietSelect(c chan os.Signal) {
	s := make(chan os.Signal, 1)
	signal.Notify(s)
	defer signal.Stop(s)
	select {
	case <-s:
	case <-time.After(1):
	}
}

func joinPlain(c chan int) { <-c }
func joinParamContext(ctx context.Context) { <-ctx.Done() }
func joinBackground() { <-context.Background().Done() }
func joinCancelCaptured() {
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	go func() { cancel() }()
	<-ctx.Done()
}
func joinCancelPassed(f func(func())) {
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	f(cancel)
	<-ctx.Done()
}
func joinCancelStored(s *struct{ cancel func() }) {
	ctx, cancel := context.WithTimeout(context.Background(), 1)
	s.cancel = cancel
	<-ctx.Done()
}
func joinParentParam(parent context.Context) {
	ctx, cancel := context.WithTimeout(parent, 1)
	defer cancel()
	<-ctx.Done()
}
func joinCancelOnly() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	<-ctx.Done()
}
func joinSignalSent() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	go func() { c <- os.Interrupt }()
	<-c
}
func joinSignalClosed() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	defer close(c)
	<-c
}
func joinNotRegistered() {
	c := make(chan os.Signal, 1)
	<-c
}
func joinSignalPassed(f func(chan os.Signal)) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	f(c)
	<-c
}
func joinNil() {
	var c chan int
	<-c
}
func joinMixedSelect(done chan int) {
	select {
	case <-done:
	case <-time.After(1):
	}
}
`

func TestQuiet(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", quietSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.ForCompiler(fset, "source", nil)}, fset,
		types.NewPackage("p", "p"), []*ast.File{f}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range pkg.Members {
		fn, ok := m.(*ssa.Function)
		if !ok || !strings.HasPrefix(fn.Name(), "quiet") && !strings.HasPrefix(fn.Name(), "join") {
			continue
		}
		var last ssa.Instruction
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch x := instr.(type) {
				case *ssa.UnOp:
					if x.Op == token.ARROW {
						last = x
					}
				case *ssa.Select:
					last = x
				}
			}
		}
		if last == nil {
			t.Errorf("%s: no receive", fn.Name())
			continue
		}
		n++
		want := strings.HasPrefix(fn.Name(), "quiet")
		if got := !goroutines.IsJoin(last); got != want {
			t.Errorf("%s: %v is quiet = %v, want %v", fn.Name(), last, got, want)
		}
	}
	if n < 25 {
		t.Errorf("checked %d functions", n)
	}
}

// A rate limiter's Wait waits for time, not for goroutines; other Wait
// methods are joins.
func TestLimiterWaitNotJoin(t *testing.T) {
	fset := token.NewFileSet()
	rateSrc := `package rate
type Limiter struct{}
func (l *Limiter) Wait(ctx interface{}) error { return nil }
`
	mainSrc := `package p
import "golang.org/x/time/rate"
type Group struct{}
func (g *Group) Wait() {}
func limiter(l *rate.Limiter) { l.Wait(nil) }
func group(g *Group) { g.Wait() }
`
	rf, err := parser.ParseFile(fset, "rate.go", rateSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	ratePkg, _, err := ssautil.BuildPackage(&types.Config{}, fset, types.NewPackage("golang.org/x/time/rate", "rate"), []*ast.File{rf}, 0)
	if err != nil {
		t.Fatal(err)
	}
	mf, err := parser.ParseFile(fset, "p.go", mainSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	imp := importerFunc(func(path string) (*types.Package, error) { return ratePkg.Pkg, nil })
	conf := &types.Config{Importer: imp}
	tp := types.NewPackage("p", "p")
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
		Instances: map[*ast.Ident]types.Instance{}}
	if err := types.NewChecker(conf, fset, tp, info).Files([]*ast.File{mf}); err != nil {
		t.Fatal(err)
	}
	prog := ratePkg.Prog
	pkg := prog.CreatePackage(tp, []*ast.File{mf}, info, false)
	pkg.Build()
	for name, want := range map[string]bool{"limiter": false, "group": true} {
		fn := pkg.Func(name)
		got := false
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				got = got || goroutines.IsJoin(instr)
			}
		}
		if got != want {
			t.Errorf("%s: join = %v, want %v", name, got, want)
		}
	}
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
