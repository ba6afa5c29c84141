package guardedstores

import "sync"

// The same mock as in the negatives: with -mapalias.guardedstores the
// stored caller's map is reported, with the guard as evidence.
type MockConsumer struct {
	mu   sync.Mutex
	meta map[string][]int32
}

func (m *MockConsumer) SetMeta(meta map[string][]int32) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.meta = meta // want `SetMeta keeps the caller's map meta in its field meta`
}

func (m *MockConsumer) Topics() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for t := range m.meta {
		out = append(out, t)
	}
	return out
}

func (m *MockConsumer) Partitions(t string) []int32 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.meta[t]
}
