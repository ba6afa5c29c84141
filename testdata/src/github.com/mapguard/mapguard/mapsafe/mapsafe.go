// Package mapsafe is a fixture stub of github.com/mapguard/mapguard/mapsafe
// with the signatures mapalias's fixes target. The bodies are simple but
// correct for the fixtures' value types.
package mapsafe

// DeepCopyMap returns a copy of m; nil stays nil. (The real function also
// copies what the values refer to.)
func DeepCopyMap[M ~map[K]V, K comparable, V any](m M) M {
	if m == nil {
		return nil
	}
	out := make(M, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// DeepCopyMapFunc returns a copy of m whose values are clone(value); nil
// stays nil.
func DeepCopyMapFunc[M ~map[K]V, K comparable, V any](m M, clone func(V) V) M {
	if m == nil {
		return nil
	}
	out := make(M, len(m))
	for k, v := range m {
		out[k] = clone(v)
	}
	return out
}
