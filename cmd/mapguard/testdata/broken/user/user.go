// Package user depends on the broken package.
package user

import "example.com/broken/bad"

// Use calls into bad.
func Use() int { return bad.N() }
