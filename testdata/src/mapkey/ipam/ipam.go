// Package ipam discards a struct key that holds a net.IPNet (two byte
// slices) from an interface-typed set: the shape of a real panic,
// "hash of unhashable type model.IPPoolKey".
package ipam

import (
	"net"

	"mapkey/set"
)

// PoolKey identifies a pool by its CIDR. net.IPNet holds slices: PoolKey is
// not comparable.
type PoolKey struct {
	CIDR net.IPNet
}

type Pool struct{ Name string }

type sequencer struct {
	pendingDeletes set.Set
	pendingUpdates map[string]*Pool
}

func (s *sequencer) OnPoolUpdate(key PoolKey, pool *Pool) {
	s.pendingDeletes.Discard(key) // want `call panics with "hash of unhashable type ipam.PoolKey": ipam.PoolKey \(converted to any at line 26\), from parameter item of Set.Discard, called here, becomes a map key at set.go:23`
	s.pendingUpdates[key.CIDR.String()] = pool
}

func (s *sequencer) OnPoolDelete(cidr string) {
	s.pendingDeletes.Add(cidr)
}
