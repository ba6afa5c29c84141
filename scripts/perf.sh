#!/usr/bin/env bash
# perf.sh — measure mapguard against go vet and staticcheck on real modules.
#
# Usage: scripts/perf.sh [module ...]     (modules: nats etcd; default both)
#        PERF_STATICCHECK=0 scripts/perf.sh   skips staticcheck (the slowest part)
#        PERF_CASES="cold"                    only these cases (default: cold warm edit)
#        PERF_REPEAT=3                        repeat the cold pair (go vet, mapguard) 3 times
#        MAPGUARD_BIN=/path/to/mapguard       measure this binary instead of building one
#                                             (e.g. to compare two builds, one run each)
#
# Everything is fetched through the Go module proxy and kept under
# $MAPGUARD_PERF_DIR (default ${XDG_CACHE_HOME:-$HOME/.cache}/mapguard-perf):
#   src/<name>/          a writable copy of the module (never the shared corpus)
#   gocache-snapshot-v2-<name>/  GOCACHE after `go build ./...` and
#                        `go list -export -test -deps ./...` of the module: every
#                        package vet needs is compiled (test variants included),
#                        no vet result is cached
#   gocache/             the GOCACHE of the current measurement
#   bin/                 mapguard (built from this checkout) and staticcheck
#   results-<date>.txt   the table printed at the end
# Rerunning reuses the sources, the snapshot and staticcheck.
#
# Scenarios, each measured for go vet and mapguard back to back (paired):
#   cold   a fresh copy of the snapshot for each tool: the build cache is
#          warm, no vet result is cached. This is the case after a tool
#          upgrade or in CI with a restored build cache. (A new mapguard
#          binary has a new tool ID, so its results never hit an old entry.)
#   warm   the same command again, nothing changed: vet's result cache.
#   edit   one file of one package changed (a line appended), then run;
#          both tools' caches are warm before the edit, and the edited
#          packages are compiled (untimed) before either runs.
# staticcheck cold: its own empty cache dir, the same warm build cache.
# Every measured command finds everything compiled: it pays for analysis
# only. (Until 2026-11-27 the snapshot held `go build ./...` alone, so the
# first command of a pair also compiled the test variants and the second
# found them compiled: go vet, measured first, paid ~30 s of compilation on
# nats-server that mapguard did not, which made the ratio look ~2x better.)
# After each cold run the size of the files it added to the build cache is
# printed: the largest is the vetx (facts) file of the biggest package,
# which every importer of that package reads.
# Times are wall (s), CPU (user+sys of the command and all its children,
# s) and the peak RSS of the largest process (MB), from /usr/bin/time. The
# machine may be shared: the load average is printed with each result;
# compare ratios within one run.
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
	/usr/bin/time -f '%e %U %S %M' -o "$tf" nice "$@" >/dev/null 2>&1 || rc=$?
	read -r wall usr sys rss < <(tail -1 "$tf")
	rm -f "$tf"
	local cpu; cpu=$(awk -v u="$usr" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
	printf '%-26s wall %7.2fs  cpu %7.2fs  maxrss %6d MB  (exit %d, load %s)\n' "$label" "$wall" "$cpu" $((rss / 1024)) "$rc" "$(cut -d' ' -f1 /proc/loadavg)" >&2
	echo "$label $wall $cpu $((rss / 1024))" >> "$RESULTS.raw"
}

# fresh_cache NAME: GOCACHE = a fresh copy of NAME's snapshot.
fresh_cache() {
	rm -rf "$PERF/gocache"
	cp -a "$PERF/gocache-snapshot-v2-$1" "$PERF/gocache"
	export GOCACHE="$PERF/gocache"
}

# compile_all: compile every package go vet ./... needs (untimed).
compile_all() {
	nice $GO build ./... >/dev/null
	nice $GO list -export -test -deps ./... >/dev/null
}

# vet_outputs NAME TOOL: the size of the files the cold run added to the
# build cache (vet results and vetx fact files; everything else was
# compiled before): the largest, usually the vetx of the biggest package,
# and the total. (Not by mtime: the go command touches old entries it uses.)
vet_outputs() {
	local snap="$PERF/gocache-snapshot-v2-$1" sizes
	sizes=$(comm -13 <(cd "$snap" && find . -type f | sort) <(cd "$PERF/gocache" && find . -type f | sort) |
		(cd "$PERF/gocache" && xargs -r stat -c %s) | sort -n)
	printf '%-26s cache outputs: largest %s MB, total %s MB\n' "$1 $2 cold" \
		"$(echo "$sizes" | tail -1 | awk '{printf "%.1f", $1 / 1048576}')" \
		"$(echo "$sizes" | awk '{s += $1} END {printf "%.1f", s / 1048576}')" | tee -a "$RESULTS" >&2
}

has_case() { case " ${PERF_CASES:-cold warm edit} " in *" $1 "*) return 0;; esac; return 1; }

for n in "${names[@]}"; do fetch "$n"; done

if [ -n "${MAPGUARD_BIN:-}" ]; then
	log "== measuring $MAPGUARD_BIN"
	cp "$MAPGUARD_BIN" "$PERF/bin/mapguard"
else
	log "== building mapguard from $here"
	(cd "$here" && $GO build -o "$PERF/bin/mapguard" ./cmd/mapguard)
fi
if [ ! -x "$PERF/bin/staticcheck" ] || ! "$PERF/bin/staticcheck" -version | grep -q "${STATICCHECK_VERSION#v}"; then
	log "== installing staticcheck $STATICCHECK_VERSION (go install through the module proxy)"
	GOBIN="$PERF/bin" GOFLAGS= $GO install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION"
fi
MG="$PERF/bin/mapguard"
SC="$PERF/bin/staticcheck"

for n in "${names[@]}"; do
	snap="$PERF/gocache-snapshot-v2-$n"
	[ -d "$snap" ] && continue
	log "== warming a build cache for $n (go build, go list -export -test -deps; once)"
	rm -rf "$snap.tmp"
	(cd "$PERF/src/$n" && export GOCACHE="$snap.tmp" && compile_all)
	mv "$snap.tmp" "$snap"
done

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

	# Cold: each tool on its own fresh copy of the snapshot (repeated
	# PERF_REPEAT times, alternating which tool goes first).
	for ((i = 0; i < ${PERF_REPEAT:-1}; i++)); do
		has_case cold || break
		if ((i % 2 == 0)); then order="go-vet mapguard"; else order="mapguard go-vet"; fi
		for tool in $order; do
			fresh_cache "$n"
			if [ "$tool" = go-vet ]; then t "$n go-vet cold" $GO vet ./...; else t "$n mapguard cold" "$MG" ./...; fi
			vet_outputs "$n" "$tool"
		done
	done

	# Warm and edit: one cache for both tools (their vet results are keyed
	# by their own tool IDs and never hit each other's).
	if has_case warm || has_case edit; then
		fresh_cache "$n"
		$GO vet ./... >/dev/null 2>&1 || true
		"$MG" ./... >/dev/null 2>&1 || true
	fi
	if has_case warm; then
		t "$n go-vet warm"     $GO vet ./...
		t "$n mapguard warm"   "$MG" ./...
		t "$n mapguard-vet warm" "$MG" vet ./...
	fi

	# One-package edit: append a declaration to one file, compile, run
	# both, restore.
	if has_case edit; then
		f="$src/${EDIT[$n]}"
		cp "$f" "$f.orig"
		printf '\nvar _ = %d // mapguard perf edit\n' "$RANDOM$RANDOM" >> "$f"
		compile_all
		t "$n go-vet edit"     $GO vet ./...
		t "$n mapguard edit"   "$MG" ./...
		mv "$f.orig" "$f"
	fi

	if [ "${PERF_STATICCHECK:-1}" != 0 ]; then
		fresh_cache "$n"
		sc_cache=$(mktemp -d)
		t "$n staticcheck cold" env STATICCHECK_CACHE="$sc_cache" "$SC" ./...
		rm -rf "$sc_cache"
	fi
	cd "$here"
done
rm -rf "$PERF/gocache"

# Summary: ratios against the targets (means over repeated runs; the peak
# RSS is the largest of any run).
awk '
{
	key = $1 " " $2 " " $3; mods[$1] = 1; n[key]++
	wall[key] += $4; cpu[key] += $5; if ($6 > rss[key]) rss[key] = $6
	cpus[key] = cpus[key] (cpus[key] == "" ? "" : " ") $5
}
function ratio(a, b) { return (b > 0) ? sprintf("%.2fx", a / b) : "n/a" }
function m(a, k) { return a[k] / n[k] }
END {
	printf "\n%-6s %-6s %3s %24s %24s %10s %10s\n", "module", "case", "n", "go vet wall/cpu/rss", "mapguard wall/cpu/rss", "wall ratio", "cpu ratio"
	for (mod in mods) {
		k = split("cold warm edit", cs, " ")
		for (i = 1; i <= k; i++) {
			c = cs[i]; v = mod " go-vet " c; g = mod " mapguard " c
			if (!(v in wall) || !(g in wall)) continue
			printf "%-6s %-6s %3d %8.2f / %6.2f / %5d %8.2f / %6.2f / %5d %10s %10s\n", mod, c, n[g], m(wall, v), m(cpu, v), rss[v], m(wall, g), m(cpu, g), rss[g], ratio(m(wall, g), m(wall, v)), ratio(m(cpu, g), m(cpu, v))
			if (n[g] > 1 || n[v] > 1)
				printf "%-6s %-6s     cpu per run: go vet %s; mapguard %s\n", mod, c, cpus[v], cpus[g]
		}
		s = mod " staticcheck cold"
		if ((s in wall) && ((mod " mapguard cold") in wall))
			printf "%-6s %-6s staticcheck %.2f / %.2f; mapguard cold / staticcheck cold: wall %s, cpu %s\n", mod, "cold", m(wall, s), m(cpu, s), ratio(m(wall, mod " mapguard cold"), m(wall, s)), ratio(m(cpu, mod " mapguard cold"), m(cpu, s))
	}
	print "\ntargets: cold cpu <= 1.5x go vet cold; warm <= 1.2x go vet warm; mapguard cold <= 0.5x staticcheck cold"
	print "wall/cpu in s, rss = peak RSS of the largest process in MB"
}' "$RESULTS.raw" | tee -a "$RESULTS" >&2
rm -f "$RESULTS.raw"
log "results in $RESULTS"
