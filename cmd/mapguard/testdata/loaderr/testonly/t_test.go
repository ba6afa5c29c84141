package testonly

import (
	"testing"

	_ "example.com/nosuchmodule/pkg"
)

func TestT(t *testing.T) { _ = T() }
