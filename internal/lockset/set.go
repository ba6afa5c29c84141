package lockset

import (
	"go/token"
	"sort"
)

// Origin says why a lock is in a Set.
type Origin uint8

const (
	// Acquired: a Lock/RLock/successful TryLock (or a callee whose summary
	// acquires it) on the path to the instruction.
	Acquired Origin = iota
	// Required: the function requires the lock on entry (checklocks
	// annotation, ...Locked name, doc comment, or every caller holds it);
	// Held.Reason says which.
	Required
	// Inherited: a closure called synchronously (immediately, or passed to
	// a call that is not a go statement) while its creator held the lock.
	Inherited
)

// Held is one lock in a Set.
type Held struct {
	Lock
	Kind Kind
	// Pos is where the lock was acquired (the Lock call), or the function
	// (or closure) position for Required and Inherited locks.
	Pos    token.Pos
	Origin Origin
	// Reason explains a Required or Inherited lock ("+checklocks
	// annotation", "name ends in Locked", "every caller holds it", ...).
	Reason string
}

// Set is an immutable set of held locks. The nil *Set is the empty set.
type Set struct {
	locks []Held // sorted by Name
}

// Len returns the number of locks in s.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.locks)
}

// Locks returns the locks of s, ordered by name. The caller must not modify
// the slice.
func (s *Set) Locks() []Held {
	if s == nil {
		return nil
	}
	return s.locks
}

// Lookup returns the held lock with key k.
func (s *Set) Lookup(k Key) (Held, bool) {
	if s == nil {
		return Held{}, false
	}
	for _, h := range s.locks {
		if h.Key == k {
			return h, true
		}
	}
	return Held{}, false
}

// Find returns the first held lock l for which Same(l, want) holds.
func (s *Set) Find(want Lock) (Held, bool) {
	if h, ok := s.Lookup(want.Key); ok {
		return h, true
	}
	if s == nil || want.Type == "" {
		return Held{}, false
	}
	for _, h := range s.locks {
		if h.Type == want.Type {
			return h, true
		}
	}
	return Held{}, false
}

// Common returns the locks of a that may be the same mutex (Same) as a lock
// of b: the locks two accesses in different functions or goroutines have in
// common.
func Common(a, b *Set) []Held {
	var out []Held
	for _, ha := range a.Locks() {
		for _, hb := range b.Locks() {
			if Same(ha.Lock, hb.Lock) {
				out = append(out, ha)
				break
			}
		}
	}
	return out
}

func less(a, b Held) bool {
	if a.Name != b.Name {
		return a.Name < b.Name
	}
	return a.Path < b.Path
}

func (s *Set) with(h Held) *Set {
	locks := s.Locks()
	out := make([]Held, 0, len(locks)+1)
	for _, x := range locks {
		if x.Key == h.Key {
			if x.Kind >= h.Kind {
				return s
			}
			continue
		}
		out = append(out, x)
	}
	out = append(out, h)
	sort.SliceStable(out, func(i, j int) bool { return less(out[i], out[j]) })
	return &Set{locks: out}
}

func (s *Set) without(k Key) *Set {
	if _, ok := s.Lookup(k); !ok {
		return s
	}
	out := make([]Held, 0, len(s.locks))
	for _, x := range s.locks {
		if x.Key != k {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &Set{locks: out}
}

func (s *Set) equal(t *Set) bool {
	if s.Len() != t.Len() {
		return false
	}
	for _, h := range s.Locks() {
		o, ok := t.Lookup(h.Key)
		if !ok || h.Kind != o.Kind {
			return false
		}
	}
	return true
}

// intersect keeps the locks held in both, in the weaker mode.
func intersect(a, b *Set) *Set {
	if a.equal(b) {
		return a
	}
	var out []Held
	for _, h := range a.Locks() {
		if o, ok := b.Lookup(h.Key); ok {
			if o.Kind < h.Kind {
				h.Kind = o.Kind
			}
			out = append(out, h)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return &Set{locks: out}
}

// union keeps the locks held in either, in the stronger mode.
func union(a, b *Set) *Set {
	if a.equal(b) {
		return a
	}
	r := a
	for _, h := range b.Locks() {
		if o, ok := r.Lookup(h.Key); ok && o.Kind >= h.Kind {
			// Keep the stronger mode; an acquisition on either path
			// makes the lock "acquired here" on some path.
			if h.Origin == Acquired && o.Origin != Acquired {
				o.Origin, o.Pos, o.Reason = Acquired, h.Pos, ""
				r = r.without(h.Key).with(o)
			}
			continue
		}
		r = r.with(h)
	}
	return r
}
