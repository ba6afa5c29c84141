package testonly

// T's package loads, but its test file imports a package no module provides:
// go vet loads packages with their tests, so the package cannot be analysed.
func T() map[string]int { return map[string]int{} }
