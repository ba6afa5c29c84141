// Package deadcases holds defensive cases that never match; they are
// reported only with -mapvalue.deadcases.
package deadcases

import "encoding/json"

func port(data []byte) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	switch v := cfg["port"].(type) {
	case int: // want `never matches: case int: cfg\["port"\] holds a value decoded by encoding/json, never int \(numbers are float64\)`
		return v
	case float64:
		return int(v)
	}
	return 0
}
