// Package ignored holds suppressed findings.
package ignored

// WithReason is silenced with a reason: no diagnostic at all.
func WithReason() {
	var m map[string]bool
	m["x"] = true //mapguard:ignore nilmap recovered by the caller's test of the panic path
}

// NoReason is silenced without a reason: the directive audit reports it.
func NoReason() {
	var m map[string]bool
	//mapguard:ignore nilmap
	m["y"] = true
}
