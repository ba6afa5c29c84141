// Package maps is a project package that happens to share the standard
// library's name, like golang.org/x/exp/maps.
package maps

func Keys[M ~map[K]V, K comparable, V any](m M) []K {
	r := make([]K, 0, len(m))
	for k := range m {
		r = append(r, k)
	}
	return r
}
