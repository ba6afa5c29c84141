// Package xlegacy uses xdef.Counters values it owns (one per request,
// decoded or built here) and never takes their mutex: the guard xdef
// infers for its own methods is not this package's protocol (the shape of
// terraform-plugin-sdk's helper/schema and terraform.InstanceState.Meta).
package xlegacy

import "guardedmap/xdef"

func Decode(keys []string) *xdef.Counters {
	c := &xdef.Counters{M: map[string]int{}}
	for _, k := range keys {
		c.M[k]++
	}
	return c
}

func Timeout(c *xdef.Counters) int {
	return c.M["timeout"]
}

func Record(c *xdef.Counters, v int) {
	c.M["schema_version"] = v
}

// An annotated or commented guard is a contract: it still applies here
// (see xuse.Bad); only inferred guards need the package's own use.
