#!/usr/bin/env bash
# build-golangci.sh — build golangci-lint v2 with mapguard's module plugin
# compiled in, without GitHub.
#
# `golangci-lint custom` (.custom-gcl.yml) clones golangci-lint from GitHub.
# This script builds the same binary from the golangci-lint module source
# fetched through the Go module proxy (`go mod download`), the way `custom`
# does it (pkg/commands/internal in golangci-lint):
#   1. copy the golangci-lint module source to a work directory,
#   2. write cmd/golangci-lint/plugins.go with a blank import of the plugin,
#   3. require the plugin module and `replace` it by this checkout; go mod tidy,
#   4. go build ./cmd/golangci-lint with -X main.version=<version>-custom-gcl-<hash>.
#
# The version string carries a hash of every file compiled into the plugin
# (the mapguard packages it imports, go.mod, go.sum) and of the Go version.
# golangci-lint salts its analysis cache with the binary's version, so a
# binary with a changed check never reads results cached by an older one.
#
# Everything the script keeps lives under one cache directory (default
# .cache/golangci in this checkout, ignored by git). A rerun with an
# unchanged plugin reuses the binary; after a change it re-links using the
# work directory and the Go build cache.
#
# Usage: scripts/build-golangci.sh [-o OUTPUT] [-V]
#   -o OUTPUT   where to put the binary (default: bin/custom-gcl)
#   -V          print the version the binary would have, and build nothing
# Environment:
#   GOLANGCI_LINT_VERSION   golangci-lint version to build (default v2.15.0)
#   MAPGUARD_GOLANGCI_CACHE cache directory (default .cache/golangci)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=${GOLANGCI_LINT_VERSION:-v2.15.0}
cache=${MAPGUARD_GOLANGCI_CACHE:-$root/.cache/golangci}
out=$root/bin/custom-gcl
printversion=false

while getopts o:V opt; do
	case $opt in
	o) out=$OPTARG ;;
	V) printversion=true ;;
	*) echo "usage: $0 [-o OUTPUT] [-V]" >&2; exit 2 ;;
	esac
done
case $out in /*) ;; *) out=$PWD/$out ;; esac

gclmod=github.com/golangci/golangci-lint/v2
plugmod=github.com/mapguard/mapguard
plugpkg=$plugmod/golangci

# The work directory is a module of its own; keep the caller's workspace
# and VCS stamping (the work dir sits inside this git checkout) out of it.
export GOWORK=off GOFLAGS=-buildvcs=false GO111MODULE=on

log() { echo "build-golangci: $*" >&2; }

mkdir -p "$cache"
work=$cache/golangci-lint-$version

# One build at a time per cache directory.
if command -v flock >/dev/null; then
	exec 9>"$cache/.lock"
	flock 9
fi

# 1. The golangci-lint source, from the module proxy (or the module cache).
if [ ! -f "$work/.mapguard-source" ]; then
	log "fetching $gclmod@$version through the Go module proxy"
	# Outside any module, so no go.mod or go.sum is touched.
	tmp=$(mktemp -d)
	dir=$(cd "$tmp" && go mod download -json "$gclmod@$version" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	rmdir "$tmp"
	if [ -z "$dir" ] || [ ! -f "$dir/go.mod" ]; then
		log "go mod download $gclmod@$version gave no source directory"
		exit 1
	fi
	rm -rf "$work"
	cp -R "$dir" "$work.tmp"
	chmod -R u+w "$work.tmp"
	mv "$work.tmp" "$work"
	echo "$gclmod@$version" >"$work/.mapguard-source"
fi

# 2. The plugin import, as `golangci-lint custom` writes it.
plugins=$work/cmd/golangci-lint/plugins.go
want=$(printf 'package main\n\nimport (\n\t_ "%s"\n)\n' "$plugpkg")
if [ "$(cat "$plugins")" != "$want" ]; then
	printf '%s\n' "$want" >"$plugins"
fi

# 3. Require the plugin module, replaced by this checkout (which may have
# moved since the last run), then tidy when anything changed.
(cd "$work" && go mod edit -require="$plugmod@v0.0.0-00010101000000-000000000000" -replace="$plugmod=$root")
modstamp=$(cat "$work/go.mod" "$root/go.mod" "$root/go.sum" | sha256sum | cut -c1-64)
if [ "$(cat "$work/.mapguard-tidy" 2>/dev/null)" != "$modstamp" ]; then
	log "go mod tidy"
	(cd "$work" && go mod tidy)
	# tidy may rewrite go.mod: stamp the result.
	cat "$work/go.mod" "$root/go.mod" "$root/go.sum" | sha256sum | cut -c1-64 >"$work/.mapguard-tidy"
fi

# 4. The version: golangci-lint's version plus a hash of the plugin's
# compiled inputs (relative paths and contents) and the Go version.
files=$(cd "$work" && go list -deps -f '{{if and .Module (eq .Module.Path "'"$plugmod"'")}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .CgoFiles}}{{$d}}/{{.}}
{{end}}{{range .SFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{end}}' "$plugpkg" | sed "s|^$root/||" | LC_ALL=C sort)
if [ -z "$files" ]; then
	log "no source files found for $plugpkg"
	exit 1
fi
hash=$(
	cd "$root"
	go env GOVERSION
	echo "$files" | tr '\n' '\0' | xargs -0 sha256sum
	sha256sum go.mod go.sum
)
hash=$(echo "$hash" | sha256sum | cut -c1-20)
fullversion="${version#v}-custom-gcl-mapguard-$hash"

if $printversion; then
	echo "$fullversion"
	exit 0
fi

stamp=$cache/build.stamp
if [ -x "$out" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$fullversion $out" ]; then
	log "$out is up to date ($fullversion)"
	exit 0
fi

log "building golangci-lint $fullversion"
mkdir -p "$(dirname "$out")"
(cd "$work" && go build -trimpath \
	-ldflags "-s -w -X 'main.version=$fullversion' -X 'main.date=$(date -u +%Y-%m-%dT%H:%M:%SZ)'" \
	-o "$out.tmp" ./cmd/golangci-lint)
mv "$out.tmp" "$out"
echo "$fullversion $out" >"$stamp"
log "wrote $out"
