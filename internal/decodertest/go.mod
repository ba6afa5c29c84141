module github.com/mapguard/mapguard/internal/decodertest

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/mapguard/mapguard v0.0.0
	github.com/pelletier/go-toml/v2 v2.4.3
	go.yaml.in/yaml/v3 v3.0.6
	gopkg.in/yaml.v2 v2.4.0
	gopkg.in/yaml.v3 v3.0.1
)

replace github.com/mapguard/mapguard => ../..
