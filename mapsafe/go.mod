module github.com/mapguard/mapguard/mapsafe

go 1.24
