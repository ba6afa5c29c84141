// Package stored holds assertions to types no visible store puts in the
// map.
package stored

import "fmt"

type fileSink struct{ path string }
type netSink struct{ addr string }
type memSink struct{}

func (fileSink) Write(p []byte) (int, error) { return len(p), nil }
func (netSink) Write(p []byte) (int, error)  { return len(p), nil }

// A local map that does not escape.
func pick(name string) string {
	sinks := map[string]any{
		"file": fileSink{"/var/log/app"},
		"net":  &netSink{"10.0.0.1:514"},
	}
	if s, ok := sinks[name].(netSink); ok { // want `never matches: sinks\[name\] holds only values stored by this package, never netSink \(possible: \*stored.netSink, stored.fileSink\); the assertion always fails`
		return s.addr
	}
	return ""
}

// An unexported field written only in this package.
type registry struct {
	handlers map[string]interface{}
}

func newRegistry() *registry {
	r := &registry{handlers: make(map[string]interface{})}
	r.handlers["file"] = fileSink{}
	return r
}

func (r *registry) addNet(addr string) { r.handlers["net"] = &netSink{addr} }

func (r *registry) mem() *memSink {
	return r.handlers["mem"].(*memSink) // want `panics: r.handlers\["mem"\] holds only values stored by this package, never \*memSink`
}

// An interface no stored type implements.
func (r *registry) stringer(name string) string {
	if s, ok := r.handlers[name].(fmt.Stringer); ok { // want `never matches: .* never fmt.Stringer`
		return s.String()
	}
	return ""
}

// An unexported package variable.
var defaults = map[string]any{
	"retries": 3,
	"verbose": false,
}

func retries() int64 {
	return defaults["retries"].(int64) // want `panics: defaults\["retries"\] holds only values stored by this package, never int64 \(numbers are int\)`
}

func setVerbose(v bool) { defaults["verbose"] = v }
