// Package tagged has a bug only built with -tags=special.
package tagged
