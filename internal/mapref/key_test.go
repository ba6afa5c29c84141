package mapref

import (
	"testing"

	"golang.org/x/tools/go/ssa"
)

// Key's fast path must render exactly what fmt renders (Keys order lock
// lists and key facts), and Same must agree with Key equality.
func TestKeyMatchesFmt(t *testing.T) {
	a, b := &ssa.Alloc{}, &ssa.MakeMap{}
	paths := []Path{
		{},
		{Fields: []string{"x"}},
		{Kind: Global, Name: "example.com/p.registry"},
		{Kind: Global, Name: "example.com/p.registry", Fields: []string{"example.com/p.T.m", "example.com/p.U.n"}},
		{Kind: Param, Index: 0},
		{Kind: Param, Index: 12, Fields: []string{"mu"}},
		{Kind: Param, Index: -1},
		{Kind: FreeVar, Index: 3, Fields: []string{"a", "b"}},
		{Kind: Local, Value: a},
		{Kind: Local, Value: a, Fields: []string{"p.T.m"}},
		{Kind: Local, Value: b},
		{Kind: Local},
		{Kind: RootKind(9)},
	}
	for _, p := range paths {
		if got, want := p.Key(), keyFmt(p); got != want {
			t.Errorf("Key(%+v) = %q, fmt renders %q", p, got, want)
		}
		if got, want := string(p.AppendKey([]byte("x"))), "x"+keyFmt(p); got != want {
			t.Errorf("AppendKey(%+v) = %q, want %q", p, got, want)
		}
		for _, q := range paths {
			if p.Same(q) != (keyFmt(p) == keyFmt(q)) {
				t.Errorf("Same(%q, %q) = %v", keyFmt(p), keyFmt(q), p.Same(q))
			}
		}
	}
}
