package nilmap_test

import (
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/nilmap"
)

func TestPositives(t *testing.T) { analysistest.Run(t, nilmap.Analyzer, "nilmap/a") }

func TestNegatives(t *testing.T) { analysistest.RunNegative(t, nilmap.Analyzer, "nilmap/neg") }
