// Package fix holds JSON numbers asserted to integer types; the fix
// asserts float64 and converts.
package fix

import (
	"encoding/json"
	"time"
)

type Port uint16

type server struct {
	port    Port
	workers int
	limit   int64
	timeout time.Duration
}

func parse(data []byte) (server, error) {
	var cfg map[string]any
	if err := json.Unmarshal(data, &cfg); err != nil {
		return server{}, err
	}
	var s server
	s.port = cfg["port"].(Port)      // want `panics: cfg\["port"\] holds a value decoded by encoding/json, never Port \(numbers are float64\)`
	s.workers = cfg["workers"].(int) // want `panics: cfg\["workers"\] holds a value decoded by encoding/json, never int`
	http := cfg["http"].(map[string]any)
	s.limit = http["limit"].(int64) * 1024                           // want `panics: http\["limit"\] .* never int64`
	s.timeout = time.Duration(http["timeout"].(int32)) * time.Second // want `panics: http\["timeout"\] .* never int32`
	if n, ok := cfg["retries"].(int); ok {                           // want `never matches: cfg\["retries"\]`
		s.workers += n
	}
	return s, nil
}
