#!/usr/bin/env bash
# perf.sh — measure mapguard against go vet and staticcheck on real modules.
#
# Usage: scripts/perf.sh [module ...]     (modules: nats etcd; default both)
#        PERF_STATICCHECK=0 scripts/perf.sh   skips staticcheck (the slowest part)
#
# Everything is fetched through the Go module proxy and kept under
# $MAPGUARD_PERF_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/mapguard-perf):
#   src/<name>/          a writable copy of the module (never the shared corpus)
#   gocache-snapshot/    GOCACHE after `go build ./...` of every module: a warm
#                        build cache without any vet result
#   gocache/             the GOCACHE of the current measurement
#   bin/                 mapguard (built from this checkout) and staticcheck
#   results-<date>.txt   the table printed at the end
# Rerunning reuses the sources, the snapshot and staticcheck.
#
# Scenarios, each measured for go vet and mapguard back to back (paired):
#   cold   a fresh copy of the snapshot: the build cache is warm, no vet
#          result is cached. This is the case after a tool upgrade or in CI
#          with a restored build cache. (A new mapguard binary has a new
#          tool ID, so its results never hit an old entry.)
#   warm   the same command again, nothing changed: vet's result cache.
#   edit   one file of one package changed (a line appended), then run;
#          both tools' caches are warm before the edit.
# staticcheck cold: its own empty cache dir, the same warm build cache.
# Times are wall (s) and CPU (user+sys of the command and all its children,
# s) from /usr/bin/time. The machine may be shared: the load average is
# printed with each result; compare ratios within one run.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
PERF="${MAPGUARD_PERF_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/mapguard-perf}"
STATICCHECK_VERSION="${STATICCHECK_VERSION:-v0.8.2}"
GO="${GO:-go}"
mkdir -p "$PERF/src" "$PERF/bin"
export GOWORK=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
unset GOCACHE_PROG || true

declare -A MOD VER EDIT
MOD[nats]=github.com/nats-io/nats-server/v2; VER[nats]=v2.15.3; EDIT[nats]=server/const.go
MOD[etcd]=go.etcd.io/etcd/server/v3;         VER[etcd]=v3.7.3;  EDIT[etcd]=etcdserver/api/membership/member.go

names=("$@")
[ ${#names[@]} -eq 0 ] && names=(nats etcd)

log() { printf '%s\n' "$*" >&2; }

# fetch NAME: a writable copy of the module, its dependencies downloaded.
fetch() {
	local n=$1 dst="$PERF/src/$1"
	if [ ! -f "$dst/.mapguard-perf-ready" ]; then
		log "== fetching ${MOD[$n]}@${VER[$n]}"
		local dir
		dir=$(cd "$PERF" && $GO mod download -json "${MOD[$n]}@${VER[$n]}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
		[ -n "$dir" ] || { log "download of ${MOD[$n]} failed"; exit 1; }
		rm -rf "$dst"
		cp -r "$dir" "$dst"
		chmod -R u+w "$dst"
		# As the main module, the copy would apply the repository's relative
		# replace directives (../api etc.); use the published siblings instead.
		(cd "$dst"
		 { grep -E '=>[[:space:]]*\.\.?/' go.mod || true; } | sed -E 's/^[[:space:]]*(replace[[:space:]]+)?([^[:space:]]+).*/\2/' |
			while read -r old; do $GO mod edit -dropreplace="$old"; done
		 $GO mod download all >/dev/null
		 $GO mod tidy >/dev/null 2>&1 || true)
		touch "$dst/.mapguard-perf-ready"
	fi
}

# t LABEL CMD...: run CMD (output discarded), append "LABEL wall cpu".
t() {
	local label=$1; shift
	local tf; tf=$(mktemp)
	local rc=0
	/usr/bin/time -f '%e %U %S' -o "$tf" "$@" >/dev/null 2>&1 || rc=$?
	read -r wall usr sys < <(tail -1 "$tf")
	rm -f "$tf"
	local cpu; cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
	printf '%-26s wall %7.2fs  cpu %7.2fs  (exit %d, load %s)\n' "$label" "$wall" "$cpu" "$rc" "$(cut -d' ' -f1 /proc/loadavg)" >&2
	echo "$label $wall $cpu" >> "$RESULTS.raw"
}

fresh_cache() {
	rm -rf "$PERF/gocache"
	cp -a "$PERF/gocache-snapshot" "$PERF/gocache"
	export GOCACHE="$PERF/gocache"
}

for n in "${names[@]}"; do fetch "$n"; done

log "== building mapguard from $here"
(cd "$here" && $GO build -o "$PERF/bin/mapguard" ./cmd/mapguard)
if [ ! -x "$PERF/bin/staticcheck" ] || ! "$PERF/bin/staticcheck" -version | grep -q "${STATICCHECK_VERSION#v}"; then
	log "== installing staticcheck $STATICCHECK_VERSION (go install through the module proxy)"
	GOBIN="$PERF/bin" GOFLAGS= $GO install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
fi
MG="$PERF/bin/mapguard"
SC="$PERF/bin/staticcheck"

if [ ! -d "$PERF/gocache-snapshot" ]; then
	log "== warming a build cache (go build ./... of each module) for the snapshot"
	rm -rf "$PERF/gocache-snapshot.tmp"
	for n in nats etcd; do
		[ -d "$PERF/src/$n" ] || continue
		(cd "$PERF/src/$n" && GOCACHE="$PERF/gocache-snapshot.tmp" nice $GO build ./... )
	done
	mv "$PERF/gocache-snapshot.tmp" "$PERF/gocache-snapshot"
fi

RESULTS="$PERF/results-$(date -u +%Y%m%dT%H%M%SZ).txt"
: > "$RESULTS.raw"
{
	echo "mapguard perf — $(date -u) — $($GO version) — $(nproc) CPUs — $("$MG" -version)"
	echo "staticcheck: $("$SC" -version) (go install honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION)"
} | tee "$RESULTS" >&2

for n in "${names[@]}"; do
	src="$PERF/src/$n"
	log "== ${MOD[$n]}@${VER[$n]} ($(cd "$src" && $GO list ./... | wc -l) packages)"
	cd "$src"

	# One fresh cache for both tools: their vet results are keyed by
	# their own tool IDs and never hit each other's; both find the same
	# warm build cache. Both are warm before the edit.
	fresh_cache
	t "$n go-vet cold"     $GO vet ./...
	t "$n go-vet warm"     $GO vet ./...
	t "$n mapguard cold"   "$MG" ./...
	t "$n mapguard warm"   "$MG" ./...
	t "$n mapguard-vet warm" "$MG" vet ./...

	# One-package edit: append a declaration to one file, run both, restore.
	f="$src/${EDIT[$n]}"
	cp "$f" "$f.orig"
	printf '\nvar _ = %d // mapguard perf edit\n' "$RANDOM$RANDOM" >> "$f"
	t "$n go-vet edit"     $GO vet ./...
	t "$n mapguard edit"   "$MG" ./...
	mv "$f.orig" "$f"

	if [ "${PERF_STATICCHECK:-1}" != 0 ]; then
		fresh_cache
		sc_cache=$(mktemp -d)
		t "$n staticcheck cold" env STATICCHECK_CACHE="$sc_cache" "$SC" ./...
		rm -rf "$sc_cache"
	fi
	cd "$here"
done
rm -rf "$PERF/gocache"

# Summary: ratios against the targets.
awk '
{ split($0, f, " "); key = f[1] " " f[2] " " f[3]; wall[key] = f[4]; cpu[key] = f[5]; mods[f[1]] = 1 }
function ratio(a, b) { return (b > 0) ? sprintf("%.2fx", a / b) : "n/a" }
END {
	printf "\n%-6s %-6s %22s %22s %14s %14s\n", "module", "case", "go vet wall/cpu (s)", "mapguard wall/cpu (s)", "wall ratio", "cpu ratio"
	for (m in mods) {
		n = split("cold warm edit", cs, " ")
		for (i = 1; i <= n; i++) {
			c = cs[i]; v = m " go-vet " c; g = m " mapguard " c
			if (!(v in wall)) continue
			printf "%-6s %-6s %10.2f / %-9.2f %10.2f / %-9.2f %14s %14s\n", m, c, wall[v], cpu[v], wall[g], cpu[g], ratio(wall[g], wall[v]), ratio(cpu[g], cpu[v])
		}
		s = m " staticcheck cold"
		if (s in wall)
			printf "%-6s %-6s staticcheck %.2f / %.2f; mapguard cold / staticcheck cold: wall %s, cpu %s\n", m, "cold", wall[s], cpu[s], ratio(wall[m " mapguard cold"], wall[s]), ratio(cpu[m " mapguard cold"], cpu[s])
	}
	print "\ntargets: cold cpu <= 1.5x go vet cold; warm <= 1.2x go vet warm; mapguard cold <= 0.5x staticcheck cold"
}' "$RESULTS.raw" | tee -a "$RESULTS" >&2
rm -f "$RESULTS.raw"
log "results in $RESULTS"
