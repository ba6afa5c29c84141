package passes

import "github.com/mapguard/mapguard/passes/nilmap"

func init() { register(10, nilmap.Analyzer) }
