// Package use passes a slice to keys.Remember: the panic is only visible
// with the fact mapguard exports for keys.Remember's parameter.
package use

import "example.com/facts/keys"

// Route remembers a route by its parts.
func Route(parts []string) {
	keys.Remember(parts, "route")
}
