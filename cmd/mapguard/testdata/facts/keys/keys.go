// Package keys caches values under caller-supplied keys of any type.
package keys

var cache = map[any]string{}

// Remember stores v under k: k becomes a key of a map[any]string, so a k
// whose dynamic type is not comparable panics.
func Remember(k any, v string) { cache[k] = v }
