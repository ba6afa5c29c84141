package a

import (
	"net/http"
	"time"
)

// A background refresher writes a package map that HTTP handlers read.
var prices = map[string]float64{}

func refresh() {
	for range time.Tick(time.Minute) {
		prices["btc"] = 1 // want "map `prices` is written here by the goroutine started at L18 while the HTTP handler registered at L19 reads it at L24 with no lock held"
	}
}

func serve() {
	go refresh()
	http.HandleFunc("/price", priceHandler)
	_ = http.ListenAndServe(":8080", nil)
}

func priceHandler(w http.ResponseWriter, r *http.Request) {
	_ = prices[r.URL.Query().Get("sym")]
}
