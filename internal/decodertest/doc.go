// Package decodertest is a test-only module that checks mapguard's decoder
// table (internal/provenance) against the real decoding libraries: it
// decodes documents with every entry point of every library and compares
// the dynamic types it finds with the table, in both directions.
//
// It is a module of its own so that the YAML and TOML libraries never enter
// the requirements of github.com/mapguard/mapguard.
package decodertest
