package neg

import (
	"sync"
	"time"
)

// The caller holds the lock of another value of the same type and calls an
// unexported method on it; that method creates a map and arms a timer whose
// callback takes the same lock before pruning the map.
type peer struct {
	mu    sync.Mutex
	track *pending
}

type pending struct {
	waits map[string]time.Time
	timer *time.Timer
}

func (p *peer) Forward(dst *peer, id string) {
	dst.mu.Lock()
	if dst.track == nil && id == "" {
		dst.mu.Unlock()
		return
	}
	dst.remember(id)
	dst.mu.Unlock()
}

// remember records id. Lock assumed to be held.
func (p *peer) remember(id string) {
	if p.track == nil {
		p.track = &pending{
			waits: make(map[string]time.Time),
			timer: time.AfterFunc(time.Second, p.expire),
		}
	}
	p.track.waits[id] = time.Now()
}

func (p *peer) expire() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.track == nil {
		return
	}
	for id, at := range p.track.waits {
		if time.Since(at) > time.Second {
			delete(p.track.waits, id)
		}
	}
	if len(p.track.waits) == 0 {
		p.track = nil
	}
}
