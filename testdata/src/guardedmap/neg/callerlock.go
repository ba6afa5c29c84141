package neg

import "sync"

// A named key type keeps these callbacks' signature apart from the
// other fixtures' func(string) values (lockset.Callers matches dynamic
// calls by signature).
type workerQueue string

// river's producer map: every write of Worker.producers happens in
// producerAdd/producerRemove, reached only from the constructor (on the
// worker being built) and through method values stored in the bundle,
// which calls them with its startStopMu held. Start iterates the map
// holding that same startStopMu (not w.mu): no writer can run meanwhile.

type QueueBundle struct {
	startStopMu sync.Mutex
	add         func(name workerQueue)
	remove      func(name workerQueue)
}

func (b *QueueBundle) Add(name workerQueue) {
	b.startStopMu.Lock()
	defer b.startStopMu.Unlock()
	b.add(name)
}

func (b *QueueBundle) Remove(name workerQueue) {
	b.startStopMu.Lock()
	defer b.startStopMu.Unlock()
	b.remove(name)
}

type producer struct{ started bool }

type Worker struct {
	queues    *QueueBundle
	mu        sync.RWMutex
	producers map[workerQueue]*producer
}

func NewWorker(names ...workerQueue) *Worker {
	w := &Worker{producers: map[workerQueue]*producer{}}
	w.queues = &QueueBundle{add: w.producerAdd, remove: w.producerRemove}
	for _, n := range names {
		w.producerAdd(n)
	}
	return w
}

func (w *Worker) producerAdd(name workerQueue) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.producers[name] = &producer{}
}

func (w *Worker) producerRemove(name workerQueue) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.producers, name)
}

func (w *Worker) Has(name workerQueue) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	_, ok := w.producers[name]
	return ok
}

func (w *Worker) Start() {
	w.queues.startStopMu.Lock()
	defer w.queues.startStopMu.Unlock()
	for _, p := range w.producers {
		p.started = true
	}
}

// Stop reads the map in a closure it calls with startStopMu held: the
// closure's callers hold the lock for it.
func (w *Worker) Stop() {
	w.queues.startStopMu.Lock()
	defer w.queues.startStopMu.Unlock()
	all := func() []*producer {
		var out []*producer
		for _, p := range w.producers {
			out = append(out, p)
		}
		return out
	}
	for _, p := range all() {
		p.started = false
	}
}
