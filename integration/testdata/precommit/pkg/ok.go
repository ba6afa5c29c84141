// Package fixture is the repository the hook tests commit to.
package fixture

// Names lists the keys of m.
func Names(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
