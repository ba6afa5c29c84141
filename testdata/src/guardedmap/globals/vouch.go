package globals

import "sync"

// Inference counts an unlocked access in a helper its callers call with
// the lock held as a locked observation: expire, run from the sweeper
// callback under tmu, does not dilute the evidence, and the unlocked
// reader Pending is reported.
var (
	tmu     sync.Mutex
	timers  = map[string]int{}
	onSweep func(k string)
)

func init() {
	onSweep = expire
}

func expire(k string) { delete(timers, k) }

func Start(k string, d int) {
	tmu.Lock()
	timers[k] = d
	tmu.Unlock()
}

func Stop(k string) {
	tmu.Lock()
	delete(timers, k)
	tmu.Unlock()
}

func Sweep() {
	tmu.Lock()
	defer tmu.Unlock()
	for k, d := range timers {
		if d <= 0 {
			onSweep(k)
		}
	}
}

func Pending() []string {
	var out []string
	for k := range timers { // want `timers is read without holding tmu: timers is accessed with tmu held in 4 of 5 functions`
		out = append(out, k)
	}
	return out
}
