// Package syntax does not parse.
package syntax

func Broken( {
}
