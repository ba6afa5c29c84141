package bench

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	clone "github.com/huandu/go-clone"
	"github.com/mapguard/mapguard/mapsafe"
	"github.com/puzpuzpuz/xsync/v4"
)

// ---- deep copy ----

type point struct{ X, Y, Z float64 }

type rec struct {
	ID    int
	Name  string
	Score float64
	Tags  [4]int32
}

var sizes = []struct {
	name string
	n    int
}{{"10", 10}, {"1k", 1000}, {"100k", 100_000}}

func plainMap(n int) map[int]point {
	m := make(map[int]point, n)
	for i := range n {
		m[i] = point{float64(i), 1, 2}
	}
	return m
}

func ptrMap(n int) map[string]*rec {
	m := make(map[string]*rec, n)
	for i := range n {
		m[fmt.Sprintf("key-%d", i)] = &rec{ID: i, Name: fmt.Sprintf("name-%d", i), Score: float64(i) / 3, Tags: [4]int32{1, 2, 3, int32(i)}}
	}
	return m
}

func bytesMap(n int) map[string][]byte {
	m := make(map[string][]byte, n)
	for i := range n {
		m[fmt.Sprintf("key-%d", i)] = bytes.Repeat([]byte{byte(i)}, 32)
	}
	return m
}

// jsonMap builds a JSON-like document: n top-level objects, each with
// scalars, an array and a nested object.
func jsonMap(n int) map[string]any {
	m := make(map[string]any, n)
	for i := range n {
		m[fmt.Sprintf("key-%d", i)] = map[string]any{
			"id":     float64(i),
			"name":   fmt.Sprintf("name-%d", i),
			"active": i%2 == 0,
			"tags":   []any{"a", "b", float64(i)},
			"meta":   map[string]any{"x": 1.5, "y": nil},
		}
	}
	return m
}

func handPtr(m map[string]*rec) map[string]*rec {
	out := make(map[string]*rec, len(m))
	for k, v := range m {
		if v == nil {
			out[k] = nil
			continue
		}
		c := *v
		out[k] = &c
	}
	return out
}

func handBytes(m map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = bytes.Clone(v)
	}
	return out
}

func handJSONValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return handJSON(x)
	case []any:
		if x == nil {
			return x
		}
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = handJSONValue(e)
		}
		return s
	default:
		return v
	}
}

func handJSON(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = handJSONValue(v)
	}
	return out
}

// copyCase is one kind of map with its baseline and competitors.
type copyCase struct {
	kind  string
	build func(n int) any
	impls []impl
}

type impl struct {
	name string
	fn   func(any) any
}

var copyCases = []copyCase{
	{"plain", func(n int) any { return plainMap(n) }, []impl{
		{"baseline", func(m any) any { return maps.Clone(m.(map[int]point)) }},
		{"mapsafe", func(m any) any { return mapsafe.DeepCopyMap(m.(map[int]point)) }},
	}},
	{"ptrstruct", func(n int) any { return ptrMap(n) }, []impl{
		{"baseline", func(m any) any { return handPtr(m.(map[string]*rec)) }},
		{"mapsafe", func(m any) any { return mapsafe.DeepCopyMap(m.(map[string]*rec)) }},
		{"goclone", func(m any) any { return clone.Slowly(m.(map[string]*rec)).(map[string]*rec) }},
	}},
	{"bytes", func(n int) any { return bytesMap(n) }, []impl{
		{"baseline", func(m any) any { return handBytes(m.(map[string][]byte)) }},
		{"mapsafe", func(m any) any { return mapsafe.DeepCopyMap(m.(map[string][]byte)) }},
		{"goclone", func(m any) any { return clone.Slowly(m.(map[string][]byte)).(map[string][]byte) }},
	}},
	{"json", func(n int) any { return jsonMap(n) }, []impl{
		{"baseline", func(m any) any { return handJSON(m.(map[string]any)) }},
		{"mapsafe", func(m any) any { return mapsafe.DeepCopyMap(m.(map[string]any)) }},
		{"goclone", func(m any) any { return clone.Slowly(m.(map[string]any)).(map[string]any) }},
	}},
}

var (
	inputMu sync.Mutex
	inputs  = map[string]any{}
)

// input builds each source map once per process, however many times the
// benchmark function is re-run.
func input(kind string, n int, build func(int) any) any {
	inputMu.Lock()
	defer inputMu.Unlock()
	key := fmt.Sprint(kind, n)
	if v, ok := inputs[key]; ok {
		return v
	}
	v := build(n)
	inputs[key] = v
	return v
}

func dropInput(kind string, n int) {
	inputMu.Lock()
	defer inputMu.Unlock()
	delete(inputs, fmt.Sprint(kind, n))
}

var sink any

// reportCPU reports the process CPU time per operation since c0: unlike
// sec/op it is barely affected by other processes sharing the machine. For
// parallel benchmarks it adds up the CPU time of all goroutines.
func reportCPU(b *testing.B, c0 time.Duration) {
	if c := cpuTime(); c > 0 && b.N > 0 {
		b.ReportMetric(float64(c-c0)/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkDeepCopy runs the implementations of each case one after the
// other. The position in that order measurably shifts the CPU time of the
// 100k-entry cases on a shared machine, so bench.sh runs it twice, with
// BENCH_ORDER=reverse the second time, and pools the samples.
func BenchmarkDeepCopy(b *testing.B) {
	for _, c := range copyCases {
		for _, sz := range sizes {
			// Release the input after its group: a large live heap would
			// make every runtime.GC the testing package runs between
			// benchmarks slow.
			defer dropInput(c.kind, sz.n)
			impls := c.impls
			if os.Getenv("BENCH_ORDER") == "reverse" {
				impls = slices.Clone(impls)
				slices.Reverse(impls)
			}
			for _, im := range impls {
				b.Run(fmt.Sprintf("kind=%s/n=%s/impl=%s", c.kind, sz.name, im.name), func(b *testing.B) {
					src := input(c.kind, sz.n, c.build)
					b.ReportAllocs()
					b.ResetTimer()
					c0 := cpuTime()
					for range b.N {
						sink = im.fn(src)
					}
					reportCPU(b, c0)
				})
			}
		}
	}
}

// TestImplementationsAgree checks that every implementation benchmarked
// produces the same deep copy, so the comparison is fair.
func TestImplementationsAgree(t *testing.T) {
	for _, c := range copyCases {
		src := c.build(100)
		for _, im := range c.impls {
			if got := im.fn(src); !reflect.DeepEqual(got, src) {
				t.Errorf("%s/%s: copy differs", c.kind, im.name)
			}
		}
	}
}

// ---- concurrent maps ----

type kvMap interface {
	Load(k string, ka any) (int, bool)
	Store(k string, ka any, v int)
}

type mapsafeMap struct{ m mapsafe.Map[string, int] }

func (m *mapsafeMap) Load(k string, _ any) (int, bool) { return m.m.Load(k) }
func (m *mapsafeMap) Store(k string, _ any, v int)     { m.m.Store(k, v) }

// syncMap gets its keys pre-boxed, so the interface conversion a real
// caller would pay is not charged to it.
type syncMap struct{ m sync.Map }

func (m *syncMap) Load(_ string, ka any) (int, bool) {
	v, ok := m.m.Load(ka)
	if !ok {
		return 0, false
	}
	return v.(int), true
}
func (m *syncMap) Store(_ string, ka any, v int) { m.m.Store(ka, v) }

type xsyncMap struct{ m *xsync.Map[string, int] }

func (m *xsyncMap) Load(k string, _ any) (int, bool) { return m.m.Load(k) }
func (m *xsyncMap) Store(k string, _ any, v int)     { m.m.Store(k, v) }

var mapImpls = []struct {
	name string
	mk   func() kvMap
}{
	{"syncmap", func() kvMap { return &syncMap{} }},
	{"mapsafe", func() kvMap { return &mapsafeMap{} }},
	{"xsync", func() kvMap { return &xsyncMap{m: xsync.NewMap[string, int]()} }},
}

type keySet struct {
	strs  []string
	boxed []any
}

var seedCounter atomic.Uint64

var (
	keysMu  sync.Mutex
	keySets = map[int]*keySet{}
)

func keys(n int) *keySet {
	keysMu.Lock()
	defer keysMu.Unlock()
	if ks, ok := keySets[n]; ok {
		return ks
	}
	ks := &keySet{strs: make([]string, n), boxed: make([]any, n)}
	for i := range n {
		ks.strs[i] = fmt.Sprintf("key-%d", i)
		ks.boxed[i] = ks.strs[i]
	}
	keySets[n] = ks
	return ks
}

// fill returns a new map of one implementation holding every key of ks.
func fill(mk func() kvMap, ks *keySet) kvMap {
	m := mk()
	for i, k := range ks.strs {
		m.Store(k, ks.boxed[i], i)
	}
	return m
}

// BenchmarkMap runs each implementation on each read/write mix. Writes are
// Stores to existing keys, so the size stays fixed. Each filled map is built
// once, used for the three mixes, then released, so that at most one large
// map is live at a time.
func BenchmarkMap(b *testing.B) {
	for _, n := range []struct {
		name string
		n    int
	}{{"1k", 1000}, {"1M", 1_000_000}} {
		for _, im := range mapImpls {
			var m kvMap
			for _, mix := range []struct {
				name  string
				reads uint64 // out of 100
			}{{"99-1", 99}, {"90-10", 90}, {"50-50", 50}} {
				b.Run(fmt.Sprintf("keys=%s/impl=%s/mix=%s", n.name, im.name, mix.name), func(b *testing.B) {
					ks := keys(n.n)
					if m == nil {
						m = fill(im.mk, ks)
					}
					b.ResetTimer()
					c0 := cpuTime()
					defer reportCPU(b, c0)
					b.RunParallel(func(pb *testing.PB) {
						r := 0x9E3779B97F4A7C15 * seedCounter.Add(1)
						for pb.Next() {
							// xorshift64: cheap per-goroutine randomness
							r ^= r << 13
							r ^= r >> 7
							r ^= r << 17
							i := int((r >> 8) % uint64(n.n))
							if r%100 < mix.reads {
								m.Load(ks.strs[i], ks.boxed[i])
							} else {
								m.Store(ks.strs[i], ks.boxed[i], i)
							}
						}
					})
				})
			}
		}
	}
}
