package globals

import "sync"

var cmu sync.Mutex

// +checklocks:cmu
var conns = map[int]string{}

var (
	hmu      sync.Mutex // hmu guards handlers and aliases.
	handlers = map[string]func(){}
	aliases  = map[string]string{}
)

var (
	smu     sync.Mutex
	streams = map[int]bool{} // guarded by smu
)

var (
	// gmu protects the variables below.
	gmu     sync.Mutex
	groupA  = map[string]int{}
	groupB  = map[string]int{}
	counter int

	notInGroup = map[string]int{}
)

func AddConn(id int, addr string) {
	cmu.Lock()
	conns[id] = addr
	cmu.Unlock()
}

func Conn(id int) string {
	return conns[id] // want `conns is read without holding cmu: conns is guarded by cmu \(\+checklocks:cmu annotation\)`
}

func Handle(name string, h func()) {
	hmu.Lock()
	defer hmu.Unlock()
	handlers[name] = h
}

func Alias(from, to string) {
	aliases[from] = to // want `aliases is written without holding hmu: aliases is guarded by hmu \(comment "hmu guards handlers and aliases."\)`
}

func OpenStream(id int) {
	smu.Lock()
	streams[id] = true
	smu.Unlock()
}

func CloseStream(id int) {
	delete(streams, id) // want `streams is written without holding smu: streams is guarded by smu \(comment "guarded by smu"\)`
}

func Group(k string) {
	gmu.Lock()
	groupA[k]++
	groupB[k]++
	counter++
	gmu.Unlock()
}

func GroupB(k string) int {
	gmu.Lock()
	defer gmu.Unlock()
	return groupB[k]
}

func DropA(k string) {
	gmu.Lock()
	delete(groupA, k)
	gmu.Unlock()
}

func ClearB() {
	gmu.Lock()
	clear(groupB)
	gmu.Unlock()
}

// DropB forgets the lock; the group comment is backed by the package's
// use of groupB (5 of 7 weighted observations locked).
func DropB(k string) {
	delete(groupB, k) // want `groupB is written without holding gmu: groupB is guarded by gmu \(comment "gmu protects the variables below."\)`
}

// notInGroup follows a blank line: the comment does not cover it, and it
// has no other guard evidence.
func NotInGroup(k string) {
	notInGroup[k]++
}
