package passes

import "github.com/mapguard/mapguard/passes/mapconcurrent"

func init() { register(20, mapconcurrent.Analyzer) }
