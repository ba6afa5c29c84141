package goroutines

// WaitsAfterWalk exposes the walking waitsAfter to the external tests.
var WaitsAfterWalk = waitsAfter
