package passes

import "github.com/mapguard/mapguard/passes/mapvalue"

func init() { register(60, mapvalue.Analyzer) }
