package demo

import (
	"net/http"
	"sync"
)

// checkLinks probes every URL concurrently and records the status codes.
// The goroutines write one shared map without a lock: under load the
// program dies with "fatal error: concurrent map writes" (distinct keys do
// not help).
func checkLinks(client *http.Client, urls []string) map[string]int {
	status := make(map[string]int, len(urls))
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := client.Head(u)
			if err != nil {
				status[u] = -1
				return
			}
			resp.Body.Close()
			status[u] = resp.StatusCode
		}()
	}
	wg.Wait()
	return status
}

var _ = checkLinks
