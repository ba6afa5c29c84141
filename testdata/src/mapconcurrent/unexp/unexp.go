// Package unexp is checked with -mapconcurrent.unexported: unexported
// methods count as concurrent callers.
package unexp

type server struct {
	conns map[int]string
	in    chan int
}

func (s *server) start() { go s.accept() }

func (s *server) accept() {
	for id := range s.in {
		s.conns[id] = "new" // want "map `s.conns` is written here by the goroutine started at L10 while method \\(\\*unexp.server\\).count, which other goroutines may call, iterates it with no lock held"
	}
}

func (s *server) count() int {
	n := 0
	for range s.conns {
		n++
	}
	return n
}
