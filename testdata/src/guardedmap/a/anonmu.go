package a

import "sync"

// A mutex group in an anonymous struct field (the pebble / TiKV idiom):
// mu.Mutex guards mu.objects. Has reads the map without it.
type ObjectStore struct {
	mu struct {
		sync.Mutex
		objects map[string][]byte
	}
}

func NewObjectStore() *ObjectStore {
	s := &ObjectStore{}
	s.mu.objects = make(map[string][]byte)
	return s
}

func (s *ObjectStore) Get(name string) []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mu.objects[name]
}

func (s *ObjectStore) Put(name string, b []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.mu.objects[name] = b
}

func (s *ObjectStore) Delete(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.mu.objects, name)
}

func (s *ObjectStore) Has(name string) bool {
	_, ok := s.mu.objects[name] // want `s\.mu\.objects is read without holding s\.mu\.Mutex: s\.mu\.objects is accessed with s\.mu\.Mutex held in 3 of 4 functions`
	return ok
}
