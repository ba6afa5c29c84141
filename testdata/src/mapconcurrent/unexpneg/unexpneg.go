// Package unexpneg is unexp without -mapconcurrent.unexported, where
// unexported methods are not concurrent callers: silent.
package unexpneg

type server struct {
	conns map[int]string
	in    chan int
}

func (s *server) start() { go s.accept() }

func (s *server) accept() {
	for id := range s.in {
		s.conns[id] = "new"
	}
}

func (s *server) count() int {
	n := 0
	for range s.conns {
		n++
	}
	return n
}
