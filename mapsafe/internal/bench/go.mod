module github.com/mapguard/mapguard/mapsafe/internal/bench

go 1.24

require (
	github.com/huandu/go-clone v1.7.3
	github.com/mapguard/mapguard/mapsafe v0.0.0
	github.com/puzpuzpuz/xsync/v4 v4.5.0
)

replace github.com/mapguard/mapguard/mapsafe => ../..
