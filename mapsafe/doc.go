// Package mapsafe holds the runtime helpers that mapguard's suggested fixes
// target: deep copies that never share mutable memory with their source
// (DeepCopyMap, DeepCopy, DeepCopyMapFunc) and a concurrency-safe generic
// map (Map) with sync.Map's method names plus an atomic Compute.
//
// The package imports only the standard library, so depending on it adds
// nothing else to a module graph.
package mapsafe
