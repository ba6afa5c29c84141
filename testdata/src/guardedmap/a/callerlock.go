package a

import "sync"

// A named key type keeps these callbacks' signature apart from the
// other fixtures' func(string) values (lockset.Callers matches dynamic
// calls by signature).
type hostQueue string

// As neg/callerlock.go, but Bundle.Reset calls the remover without
// startStopMu: one writer of Host.workers is not excluded by the lock
// Start holds, so Start's unlocked iteration can race with it.

type Bundle struct {
	startStopMu sync.Mutex
	add         func(name hostQueue)
	remove      func(name hostQueue)
}

func (b *Bundle) Add(name hostQueue) {
	b.startStopMu.Lock()
	defer b.startStopMu.Unlock()
	b.add(name)
}

func (b *Bundle) Reset(name hostQueue) {
	b.remove(name)
}

type worker struct{ started bool }

type Host struct {
	queues  *Bundle
	mu      sync.RWMutex
	workers map[hostQueue]*worker
}

func NewHost() *Host {
	h := &Host{workers: map[hostQueue]*worker{}}
	h.queues = &Bundle{add: h.workerAdd, remove: h.workerRemove}
	return h
}

func (h *Host) workerAdd(name hostQueue) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.workers[name] = &worker{}
}

func (h *Host) workerRemove(name hostQueue) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.workers, name)
}

func (h *Host) HasWorker(name hostQueue) bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	_, ok := h.workers[name]
	return ok
}

func (h *Host) Start() {
	h.queues.startStopMu.Lock()
	defer h.queues.startStopMu.Unlock()
	for _, w := range h.workers { // want `h.workers is read without holding h.mu: h.workers is accessed with h.mu held in 3 of 4 functions`
		w.started = true
	}
}
