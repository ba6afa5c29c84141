package neg

import "sync"

// An eviction callback reached through an interface: the cache calls its
// ordering policy (an unexported interface) with the lock held, and the
// bounded policy calls back into the cache (go-zero's collection.Cache and
// its keyLru).
type evictOrder interface {
	touch(key string)
	forget(key string)
}

type noEvictOrder struct{}

func (noEvictOrder) touch(string)  {}
func (noEvictOrder) forget(string) {}

type boundedEvictOrder struct {
	max   int
	keys  []string
	evict func(key string)
}

func (b *boundedEvictOrder) touch(key string) {
	b.keys = append(b.keys, key)
	if len(b.keys) > b.max {
		old := b.keys[0]
		b.keys = b.keys[1:]
		b.evict(old)
	}
}

func (b *boundedEvictOrder) forget(key string) {
	for i, k := range b.keys {
		if k == key {
			b.keys = append(b.keys[:i], b.keys[i+1:]...)
			return
		}
	}
}

type OrderedStore struct {
	mu    sync.Mutex
	items map[string]string
	order evictOrder
}

func NewOrderedStore(max int) *OrderedStore {
	s := &OrderedStore{items: map[string]string{}, order: noEvictOrder{}}
	if max > 0 {
		s.order = &boundedEvictOrder{max: max, evict: s.dropOldest}
	}
	return s
}

func (s *OrderedStore) Put(k, v string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[k] = v
	s.order.touch(k)
}

func (s *OrderedStore) Get(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.order.touch(k)
	return s.items[k]
}

func (s *OrderedStore) Remove(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.items, k)
	s.order.forget(k)
}

// dropOldest runs only from the policy's touch, called with s.mu held.
func (s *OrderedStore) dropOldest(k string) {
	delete(s.items, k)
}

// Replacing the map field under the read lock (the owner's single event
// loop resets its batches; pulsar-client-go's key-based batch builder) is
// a race on the field at worst, never a write into a map readers hold.
type batchSet struct {
	mu         sync.RWMutex
	containers map[string][]byte
}

func (b *batchSet) Add(k string, v []byte) {
	b.mu.Lock()
	b.containers[k] = append(b.containers[k], v...)
	b.mu.Unlock()
}

func (b *batchSet) Len(k string) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.containers[k])
}

func (b *batchSet) Drop(k string) {
	b.mu.Lock()
	delete(b.containers, k)
	b.mu.Unlock()
}

func (b *batchSet) Reset() {
	b.mu.RLock()
	defer b.mu.RUnlock()
	b.containers = map[string][]byte{}
}

// Accessors of an unexported type that only tests call (open-feature's
// event executor GetAPIRegistry): the tests sequence their own calls.
type eventExecutor struct {
	mu       sync.Mutex
	registry map[string]int
}

func (e *eventExecutor) register(k string) { e.mu.Lock(); e.registry[k]++; e.mu.Unlock() }
func (e *eventExecutor) unregister(k string) {
	e.mu.Lock()
	delete(e.registry, k)
	e.mu.Unlock()
}
func (e *eventExecutor) emit(k string) int { e.mu.Lock(); defer e.mu.Unlock(); return e.registry[k] }

func (e *eventExecutor) getRegistry() map[string]int { return e.registry }

var defaultExecutor = &eventExecutor{registry: map[string]int{}}

func Register(k string) int {
	defaultExecutor.register(k)
	defer defaultExecutor.unregister(k)
	return defaultExecutor.emit(k)
}
