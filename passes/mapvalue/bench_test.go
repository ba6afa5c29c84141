package mapvalue_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mapguard/mapguard/analysistest"
	"github.com/mapguard/mapguard/passes/mapvalue"
)

// genDecoders returns a package of n functions shaped like
// a big server package's request handlers: each decodes JSON into a local
// struct variable (fields of map, slice, interface and struct types, some
// with their own UnmarshalJSON, some untagged or tagged "-"), passes the
// decoded maps around, stores into a package-level map, decodes into a
// map variable and asserts the type of map values, some of them
// impossibly (so the reporting paths run too: every 10th function asserts
// an int, which JSON never decodes into an interface).
func genDecoders(n int) string {
	var b strings.Builder
	b.WriteString("package gen\n\nimport \"encoding/json\"\n\n")
	b.WriteString("type Custom struct{ v map[string]any }\n\n")
	b.WriteString("func (c *Custom) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &c.v) }\n\n")
	b.WriteString("type Inner struct {\n\tTags map[string]any `json:\"tags\"`\n\tList []any\n\tSkip map[string]any `json:\"-\"`\n}\n\n")
	b.WriteString("var registry = map[string]any{}\n\n")
	b.WriteString("func keep(m map[string]any) map[string]any { return m }\n\n")
	for i := range n {
		fmt.Fprintf(&b, "type Req%d struct {\n\tMeta map[string]any `json:\"meta\"`\n\tItems []any\n\tIn Inner\n\tC Custom\n\tAny any\n\tpriv map[string]any\n}\n\n", i)
		fmt.Fprintf(&b, "func Handle%d(data []byte) (int, error) {\n\tvar r Req%d\n\tif err := json.Unmarshal(data, &r); err != nil {\n\t\treturn 0, err\n\t}\n", i, i)
		b.WriteString("\tm := keep(r.Meta)\n\tcount := 0\n\tfor _, v := range r.Items {\n\t\tif _, ok := v.(map[string]any); ok {\n\t\t\tcount++\n\t\t}\n\t}\n")
		fmt.Fprintf(&b, "\tregistry[\"h%d\"] = m[\"id\"]\n", i)
		b.WriteString("\tif f, ok := m[\"size\"].(float64); ok {\n\t\tcount += int(f)\n\t}\n")
		b.WriteString("\tvar doc map[string]any\n\tif err := json.Unmarshal(data, &doc); err != nil {\n\t\treturn 0, err\n\t}\n")
		if i%10 == 0 {
			b.WriteString("\tif s, ok := doc[\"size\"].(int); ok {\n\t\tcount += s\n\t}\n")
		}
		b.WriteString("\tif nested, ok := doc[\"spec\"].(map[string]any); ok {\n\t\tif _, ok := nested[\"n\"].(float64); ok {\n\t\t\tcount++\n\t\t}\n\t}\n")
		b.WriteString("\treturn count, nil\n}\n\n")
	}
	return b.String()
}

// BenchmarkDecoders measures mapvalue (with the SSA it requires, on the
// generated package and its dependencies) on genDecoders' package.
// Loading is excluded; the "diags" metric is the number of diagnostics
// (n/10: it must not change with optimisations). The dependencies
// (encoding/json's) cost the same at every n: compare the difference
// between the two sizes.
func BenchmarkDecoders(b *testing.B) {
	for _, n := range []int{1000, 4000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			pkgs := analysistest.LoadGenerated(b, genDecoders(n))
			b.ReportAllocs()
			b.ResetTimer()
			diags := 0
			for range b.N {
				diags = analysistest.CountDiagnostics(analysistest.AnalyzeRoots(b, pkgs, mapvalue.Analyzer))
			}
			b.ReportMetric(float64(diags), "diags")
		})
	}
}
