#!/usr/bin/env bash
# 100 detached containers: starts COUNT `busybox sleep 3600` containers (--network none) in an engine, then
# measures the latency of listing them (median of PS_RUNS: `docker ps` for berthd and dockerd, `podman ps`
# for podman, and `berth ps` for berthd), the memory of the per-container monitors (conmon for berthd and podman,
# containerd-shim-runc-v2 for dockerd: the sum of their RSS and PSS from /proc/<pid>/smaps_rollup, divided
# by COUNT), and the daemon's RSS before and after; then removes them all.
# Engines, one after the other: berthd (this checkout), podman and Debian's dockerd, set up as
# bench/container-start/engines.sh describes. An engine whose first container fails is reported as not
# measurable, with its error.
#
# As root; needs a built checkout (scripts/build.sh). Environment: COUNT (100), PS_RUNS (20),
# ONLY (space-separated engines, default "berth podman dockerd"), BENCH_STATE, BENCH_RUN.
# Output: markdown on stdout, also in bench/out/containers-100/report.md with hyperfine's JSON.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/containers-100"
COUNT=${COUNT:-100}
PS_RUNS=${PS_RUNS:-20}
ONLY=${ONLY:-berth podman dockerd}
OUT="$ROOT/bench/out/containers-100"
. "$ROOT/bench/container-start/engines.sh"

trap 'bench_teardown' EXIT
trap 'exit 130' INT TERM
wants() { [[ " $ONLY " == *" $1 "* ]]; }

# Median, p10 and p90 (ms) of a hyperfine JSON export.
ms_stats() {
  python3 - "$1" <<'EOF'
import json, statistics, sys
t = [x * 1000 for x in json.load(open(sys.argv[1]))["results"][0]["times"]]
d = statistics.quantiles(t, n=10, method="inclusive")
print("%.0f (%.0f–%.0f)" % (statistics.median(t), d[0], d[8]))
EOF
}

time_ps() {   # NAME COMMAND...: median (p10–p90) of PS_RUNS runs, or "failed (error)"
  local name=$1 err rc=0
  shift
  err=$(timeout 60 "$@" 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then echo "failed ($(echo "$err" | grep -v '^\s*$' | head -1 | cut -c1-120))"; return 0; fi
  hyperfine -N --style none --warmup 2 --runs "$PS_RUNS" --export-json "$OUT/$name.json" -- "$(printf '%q ' "$@")" \
    >"$OUT/$name.hyperfine.txt" 2>&1 || { echo "failed (see $OUT/$name.hyperfine.txt)"; return 0; }
  ms_stats "$OUT/$name.json"
}

# The monitor processes of one engine: processes whose program is NAME (matched on argv[0]: the kernel's
# 15-character comm cuts containerd-shim-runc-v2 short) and whose command line mentions one of the engine's
# own directories (other engines on the machine run conmon too).
monitors() {   # NAME DIR...
  local name=$1 p
  shift
  for p in $(pgrep -f -- "$name" || true); do
    local cmd argv0
    cmd=$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) || continue
    argv0=${cmd%% *}
    [ "${argv0##*/}" = "$name" ] || continue
    for d in "$@"; do if [[ $cmd == *"$d"* ]]; then echo "$p"; break; fi; done
  done
  return 0
}

# "count, RSS KiB per container, PSS KiB per container" of a list of pids (summed, divided by COUNT).
mem_per_container() {
  local rss=0 pss=0 n=0 p r s
  for p in "$@"; do
    r=$(awk '/^Rss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null) || continue
    s=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null) || continue
    rss=$((rss + ${r:-0})); pss=$((pss + ${s:-0})); n=$((n + 1))
  done
  echo "$n $((rss / COUNT)) $((pss / COUNT))"
}

mib_rss() {   # PID...: summed RSS in MiB (one decimal)
  local kib=0 p r
  for p in "$@"; do r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0); kib=$((kib + ${r:-0})); done
  awk -v k="$kib" 'BEGIN { printf "%.1f", k / 1024 }'
}

# One engine: start COUNT containers, measure, remove them. RUN is the command prefix (docker -H … / podman),
# CLI_PS the engine's own `ps` command line, MON the monitor's process name, DIRS the engine's directories,
# DAEMON_PIDS the daemon processes whose RSS is reported (empty for podman, which has no daemon).
measure_engine() {   # KEY LABEL MON "DIRS" "DAEMON_PIDS" "CLI_PS" RUN...
  local key=$1 label=$2 mon=$3 dirs=$4 dpids=$5 cli_ps=$6 err rc=0 i t0 t1
  shift 6
  bench_log "$key: starting $COUNT containers"
  local before="n/a"; [ -n "$dpids" ] && before=$(mib_rss $dpids)
  err=$(timeout 120 "$@" run -d --network none busybox sleep 3600 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    err=$( (echo "$err" | grep -i -m1 'error'; echo "$err") | grep -v '^\s*$' | head -1 | cut -c1-200)
    echo "${key}: not measurable yet (${err:-exit code $rc})" >&2
    echo "| $label | not measurable yet: ${err:-exit code $rc} | | | | | | |" >>"$OUT/rows.md"
    return 0
  fi
  t0=$(date +%s%N)
  for ((i = 2; i <= COUNT; i++)); do timeout 120 "$@" run -d --network none busybox sleep 3600 >/dev/null; done
  t1=$(date +%s%N)
  sleep 5
  local running api_ps own_ps mem
  running=$("$@" ps -q | wc -l)
  api_ps=$(time_ps "$key-ps" "$@" ps)
  own_ps="–"; [ -n "$cli_ps" ] && own_ps=$(eval "time_ps $key-cli-ps $cli_ps")
  # shellcheck disable=SC2046
  mem=$(mem_per_container $(monitors "$mon" $dirs))
  local daemon="no daemon"; [ -n "$dpids" ] && daemon="$before → $(mib_rss $dpids)"
  local start_ms=$(( (t1 - t0) / 1000000 / (COUNT - 1) ))
  read -r nmon rss pss <<<"$mem"
  bench_log "$key: removing the containers"
  t0=$(date +%s%N)
  local rm=(rm -f); [ "$key" = podman ] && rm+=(-t 0)   # podman stops with SIGTERM first, which sleep ignores
  "$@" ps -aq | xargs -r -n 25 "$@" "${rm[@]}" >/dev/null
  t1=$(date +%s%N)
  echo "| $label | $running | $start_ms | $api_ps | $own_ps | $nmon × $mon: $rss / $pss | $daemon |" \
    "$(awk -v n="$(( (t1 - t0) / 1000000 ))" 'BEGIN { printf "%.1f", n / 1000 }') |" >>"$OUT/rows.md"
}

bench_need_root
[ -n "$DOCKER_CLI" ] || { bench_log "no docker CLI on PATH"; exit 1; }
bench_install_packages
bench_reap_stale
rm -rf "$OUT"; mkdir -p "$OUT"
: >"$OUT/rows.md"

bench_start_berthd
if wants podman; then bench_setup_podman; fi
if wants dockerd; then bench_start_dockerd; fi
bench_load_image_into_peers

if wants berth; then
  export BERTH_HOST="unix://$BERTH_SOCK"
  measure_engine berth "berthd (docker CLI)" conmon "$BENCH_RUN/berth $BENCH_STATE/berth" "$berthd_pid" \
    "$BERTH ps" "$DOCKER_CLI" -H "unix://$BERTH_SOCK"
fi
if wants podman; then
  measure_engine podman "podman" conmon "$BENCH_RUN/podman $BENCH_STATE/podman" "" "" podman
fi
if wants dockerd; then
  containerd_pid=$(pgrep -P "$dockerd_pid" -x containerd || true)
  measure_engine dockerd "dockerd (docker CLI)" containerd-shim-runc-v2 "$BENCH_RUN/docker" \
    "$dockerd_pid $containerd_pid" "" "$DOCKER_CLI" -H "unix://$PEER_DOCKER_SOCK"
fi

{
  echo "| engine | running | start ms / container | \`ps\` ms, median (p10–p90) | \`berth ps\` ms | monitors: RSS / PSS KiB per container | daemon RSS MiB before → after | \`rm -f\` of all, s |"
  echo "|---|---:|---:|---:|---:|---|---|---:|"
  cat "$OUT/rows.md"
  echo
  echo "$COUNT detached \`busybox sleep 3600\` containers per engine (--network none), started one after the other and removed with \`rm -f\`, 25 at a time;" \
    "\`ps\` timed $PS_RUNS times after 2 warm-ups; dockerd's daemon RSS counts dockerd and its containerd;" \
    "\`ps\` is the docker CLI's for berthd and dockerd, podman's own for podman, which has no daemon. $(bench_machine)."
} | tee "$OUT/report.md"

bench_teardown
trap - EXIT
left=$(bench_leftovers)
if [ -n "$left" ]; then bench_log "left behind:"; echo "$left" >&2; exit 1; fi
