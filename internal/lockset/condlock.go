package lockset

// Conditional locking: a function with a bool parameter that decides
// whether it takes a lock,
//
//	func (s *T) get(k string, doLock bool) V {
//		if doLock {
//			s.mu.RLock()
//			defer s.mu.RUnlock()
//		}
//		return s.m[k]
//	}
//
// is called with true by callers that do not hold the lock and with false
// by callers that already hold it. The lockset, which is path-insensitive
// about the parameter, sees the lock held on some paths only (MayBefore) and
// so not at all (Before). Treating it as not held turns every such helper
// into a reported race, which is wrong for the callers that pass true and
// unproven for the callers that pass false (they are expected to hold the
// lock). Clients (mapaccess, guardedmap) therefore count a lock acquired under `if doLock` (or in
// the else branch of `if !doLock`) as held wherever the lockset says it may
// be held: precision first, silence when unsure.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// ConditionalLocks returns the keys of the locks fn acquires only when one
// of its bool parameters, or a bool field of a parameter, is true (or
// false, for `if !p`), or nil. Cached
// per function. Clients count such a lock as held wherever it may be held
// (MayBefore): see the comment at the top of this file.
func (r *Result) ConditionalLocks(fn *ssa.Function) map[Key]bool {
	a := r.run
	if ks, ok := a.cond[fn]; ok {
		return ks
	}
	var ks map[Key]bool
	a.cond[fn] = nil
	if len(fn.Params) == 0 || len(fn.Blocks) == 0 {
		return nil
	}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || len(b.Succs) != 2 {
			continue
		}
		// The SSA builder turns `if !p` into `if p` with the branches
		// swapped, so either successor may be the locking branch.
		cond := iff.Cond
		if u, ok := cond.(*ssa.UnOp); ok && u.Op == token.NOT {
			cond = u.X
		}
		if !paramFlag(cond) {
			continue
		}
		for _, guarded := range b.Succs {
			if len(guarded.Preds) != 1 {
				continue
			}
			ks = r.locksUnder(fn, guarded, ks)
		}
	}
	a.cond[fn] = ks
	return ks
}

// paramFlag reports whether v is a bool parameter, or a bool field of a
// parameter (opts.DisableSharing of a struct or pointer-to-struct
// parameter, or of its default when nil): the caller's choice (river's
// `if !opts.DisableSchemaSharing { mu.Lock(); defer mu.Unlock() }` ...
// `if !opts.DisableSchemaSharing { m[k] = v }`).
func paramFlag(v ssa.Value) bool {
	if b, ok := v.Type().Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return false
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		return true
	case *ssa.Field:
		_, ok := v.X.(*ssa.Parameter)
		return ok
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return false
		}
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok {
			return false
		}
		switch x := fa.X.(type) {
		case *ssa.Parameter:
			return true
		case *ssa.Alloc:
			return spilledParam(x)
		case *ssa.Phi:
			return paramOrDefault(x)
		}
	}
	return false
}

// paramOrDefault reports whether every value phi merges is a parameter or
// a new allocation: `if opts == nil { opts = &Opts{} }`, the caller's
// options or their defaults.
func paramOrDefault(phi *ssa.Phi) bool {
	param := false
	for _, e := range phi.Edges {
		switch e.(type) {
		case *ssa.Parameter:
			param = true
		case *ssa.Alloc:
		default:
			return false
		}
	}
	return param
}

// spilledParam reports whether a is the stack copy of a struct parameter
// (opts SchemaOpts whose fields are selected: the SSA builder keeps it in
// memory) that is stored once, from the parameter, and whose fields are
// only read.
func spilledParam(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	stored := false
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if _, ok := r.Val.(*ssa.Parameter); !ok || r.Addr != a || stored {
				return false
			}
			stored = true
		case *ssa.FieldAddr:
			frefs := r.Referrers()
			if frefs == nil {
				continue
			}
			for _, fr := range *frefs {
				switch fr := fr.(type) {
				case *ssa.UnOp:
					if fr.Op != token.MUL {
						return false
					}
				case *ssa.DebugRef:
				default:
					return false
				}
			}
		case *ssa.DebugRef:
		default:
			return false
		}
	}
	return stored
}

// locksUnder adds to ks the locks acquired in the blocks dominated by
// guarded.
func (r *Result) locksUnder(fn *ssa.Function, guarded *ssa.BasicBlock, ks map[Key]bool) map[Key]bool {
	for _, gb := range fn.Blocks {
		if !guarded.Dominates(gb) {
			continue
		}
		for _, instr := range gb.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, mu := Operation(call.Common())
			if op != OpLock && op != OpRLock || mu == nil {
				continue
			}
			l, ok := r.ResolveLock(mu)
			if !ok {
				continue
			}
			if ks == nil {
				ks = make(map[Key]bool)
			}
			ks[l.Key] = true
		}
	}
	return ks
}
