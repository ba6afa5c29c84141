// Package deadcases_off is deadcases without the flag: silent.
package deadcases_off

import "encoding/json"

func port(data []byte) int {
	var cfg map[string]any
	json.Unmarshal(data, &cfg)
	switch v := cfg["port"].(type) {
	case int:
		return v
	case float64:
		return int(v)
	}
	return 0
}
