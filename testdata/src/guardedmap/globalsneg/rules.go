package globalsneg

import (
	"sync"
	"time"
)

// Too little evidence: two locked functions do not make a guard (min 3),
// so the unlocked Peek is not reported.
var (
	pairMu sync.Mutex
	pair   = map[string]int{}
)

func PutPair(k string, v int) {
	pairMu.Lock()
	pair[k] = v
	pairMu.Unlock()
}

func DelPair(k string) {
	pairMu.Lock()
	delete(pair, k)
	pairMu.Unlock()
}

func PeekPair(k string) int { return pair[k] }

// Ratio: the mutex guards something else; the map is used unlocked as
// often as locked (3 locked, 3 unlocked writers): no guard.
var (
	logMu   sync.Mutex
	journal = map[int]string{}
	seq     int
)

func A(k int) { logMu.Lock(); journal[k] = "a"; seq++; logMu.Unlock() }
func B(k int) { logMu.Lock(); journal[k] = "b"; seq++; logMu.Unlock() }
func C(k int) { logMu.Lock(); journal[k] = "c"; seq++; logMu.Unlock() }
func D(k int) { journal[k] = "d" }
func E(k int) { journal[k] = "e" }
func F(k int) { delete(journal, k) }

// A well-locked registry and its exemptions.
var (
	regMu    sync.RWMutex
	reg      = map[string]string{}
	loadOnce sync.Once
)

func Set(k, v string) {
	regMu.Lock()
	defer regMu.Unlock()
	reg[k] = v
}

func Del(k string) {
	regMu.Lock()
	defer regMu.Unlock()
	delete(reg, k)
}

func Get(k string) string {
	regMu.RLock()
	defer regMu.RUnlock()
	return reg[k]
}

// Len only: racy, but len cannot crash.
func Len() int { return len(reg) }

// Replacing the variable itself is a race on the variable, not a map
// access that can crash: not reported (as for fields).
func ResetAll() { reg = map[string]string{} }

// sync.Once initialisation.
func Load() {
	loadOnce.Do(func() {
		reg["loaded"] = "yes"
	})
}

// A helper called with the lock held.
func SetMany(kv map[string]string) {
	regMu.Lock()
	defer regMu.Unlock()
	for k, v := range kv {
		setOne(k, v)
	}
}

func setOne(k, v string) { reg[k] = v }

// The caller must hold regMu.
func dumpRegLocked() []string {
	var out []string
	for k := range reg {
		out = append(out, k)
	}
	return out
}

func Dump() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	return dumpRegLocked()
}

// +checklocksignore
func Debug() string { return reg["debug"] }

// A copy taken under the lock is private.
func Copy() map[string]string {
	regMu.RLock()
	m := make(map[string]string, len(reg))
	for k, v := range reg {
		m[k] = v
	}
	regMu.RUnlock()
	return m
}

// Swap: the old map belongs to this function after the lock.
func Drain() map[string]string {
	regMu.Lock()
	old := reg
	reg = map[string]string{}
	regMu.Unlock()
	for k := range old {
		_ = k
	}
	return old
}

// Ignored: a map variable annotated +checklocksignore.
var (
	ignMu sync.Mutex
	// +checklocksignore
	ign = map[string]int{}
)

func I1(k string) { ignMu.Lock(); ign[k]++; ignMu.Unlock() }
func I2(k string) { ignMu.Lock(); ign[k]--; ignMu.Unlock() }
func I3(k string) { ignMu.Lock(); delete(ign, k); ignMu.Unlock() }
func I4(k string) { ign[k] = 0 }

// A background goroutine that writes is joined before the unlocked read.
func Collect() map[string]string {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		regMu.Lock()
		reg["bg"] = time.Now().String()
		regMu.Unlock()
	}()
	wg.Wait()
	return map[string]string{"bg": reg["bg"]}
}

// RangeLocked calls f for every entry. The caller must hold regMu.
func RangeLocked(f func(k, v string)) {
	for k, v := range reg {
		f(k, v)
	}
}

// +checklocks:regMu
func Overwrite(k, v string) { reg[k] = v }

type page struct {
	Title string
	Reg   map[string]string
}

// The reference is copied into the page value; the page is rendered
// under the read lock (x/net/trace's completedTraces).
func Render(title string, render func(page)) {
	p := page{Title: title, Reg: reg}
	regMu.RLock()
	defer regMu.RUnlock()
	render(p)
}
