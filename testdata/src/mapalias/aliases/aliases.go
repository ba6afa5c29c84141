package aliases

import (
	"fmt"
	"sort"
)

// merge is meant to return a new map; it fills the caller's base instead.
func merge(base, override map[string]string) map[string]string {
	out := base
	for k, v := range override {
		out[k] = v // want `assignment to an entry of out mutates the caller's map base: out := base makes an alias, not a copy`
	}
	return out
}

var defaultLabels = map[string]string{"app": "web"}

// Every call adds its pod label to the package-level defaults.
func podLabels(pod string) map[string]string {
	labels := defaultLabels
	labels["pod"] = pod // want `labels mutates the package-level map defaultLabels`
	return labels
}

type registry struct {
	base map[string]int
}

// The receiver's base map is handed out as a fresh map after being changed.
func (r *registry) withExtra(name string, n int) map[string]int {
	m := r.base
	m[name] = n // want `m mutates r.base: m := r.base makes an alias, not a copy`
	return m
}

// old is kept to report what changed, but it is the same map as counts.
func diff(counts map[string]int, words []string) []string {
	old := counts
	for _, w := range words {
		counts[w]++ // want `assignment to an entry of counts also changes old: old := counts made an alias, not a snapshot`
	}
	var changed []string
	for k, v := range counts {
		if old[k] != v {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	return changed
}

// A snapshot of a field taken before clearing it.
type tracker struct {
	seen map[string]bool
}

func (t *tracker) flush() {
	prev := t.seen
	clear(t.seen) // want `clear of t.seen also changes prev`
	for k := range prev {
		fmt.Println("flushed", k)
	}
}

type snapshotter struct{ live map[string]int }

type snapshot struct{ counts map[string]int }

// The working copy is filed in another value as if it were its own: the
// snapshot and the live table stay one map.
func (s *snapshotter) take(extra string) *snapshot {
	snap := &snapshot{}
	m := s.live
	m[extra] = 0 // want `m mutates s.live: m := s.live makes an alias, not a copy`
	snap.counts = m
	return snap
}
