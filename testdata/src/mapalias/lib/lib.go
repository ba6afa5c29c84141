// Package lib has helpers that fill the map they are given.
package lib

// SetDefault sets k only when the map has no value for it.
func SetDefault(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// Merge copies src into dst through SetDefault.
func Merge(dst, src map[string]string) {
	for k, v := range src {
		SetDefault(dst, k, v)
	}
}
