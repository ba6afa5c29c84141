package passes

import "github.com/mapguard/mapguard/passes/mapkey"

func init() { register(50, mapkey.Analyzer) }
