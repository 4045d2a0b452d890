#!/usr/bin/env bash
# CLI start-up benchmark: wall time of `berth --help`, `berth version` and `berth images` next to their peers
# `docker --help`, `docker version` and `docker images`, all against the same berthd. Prints a markdown table
# of medians (ms) to stdout and keeps hyperfine's JSON in bench/out/cli-start/.
#
# By default starts its own berthd (vfs storage, data under a temporary directory, removed at the end) and
# bootstraps busybox into it; BERTH_HOST=unix:///path uses a running daemon instead (nothing is created).
# Needs JDK 25 and a built checkout (scripts/build.sh, which also records the CLI's class-data archive),
# hyperfine (apt-get install -y hyperfine; without it a plain loop of `date` stamps is used), and the
# docker CLI (/usr/local/bin/docker; its rows are left out when it is missing).
# Environment: RUNS (15), WARMUP (2).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-15}
WARMUP=${WARMUP:-2}
OUT="$ROOT/bench/out/cli-start"
BERTH="$ROOT/bin/berth"
log() { echo "bench: $*" >&2; }

work=""
daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ]; then kill "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi
  if [ -n "$work" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT

start_daemon() {
  work=$(mktemp -d /tmp/berth-cli-bench.XXXXXX)
  export BERTH_HOST="unix://$work/berth.sock"
  "$ROOT/bin/berthd" --data-root "$work/data" --exec-root "$work/run" -H "$BERTH_HOST" --storage-driver vfs \
    --group root >"$work/berthd.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 100); do
    [ -S "$work/berth.sock" ] && break
    kill -0 "$daemon_pid" 2>/dev/null || { log "berthd exited, see its log:"; cat "$work/berthd.log" >&2; exit 1; }
    sleep 0.1
  done
  [ -S "$work/berth.sock" ] || { log "berthd did not open $work/berth.sock"; exit 1; }
  "$BERTH" image bootstrap busybox >/dev/null
}

# Median wall time in ms of a command, by hyperfine or by a loop.
measure() {
  local name=$1; shift
  if command -v hyperfine >/dev/null; then
    hyperfine -N --style none --warmup "$WARMUP" --runs "$RUNS" --export-json "$OUT/$name.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
    python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' "$OUT/$name.json"
  else
    local i t0 t1 times=()
    for i in $(seq 1 "$WARMUP"); do "$@" >/dev/null 2>&1; done
    for i in $(seq 1 "$RUNS"); do
      t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
      times+=($(( (t1 - t0) / 1000000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
  fi
}

mkdir -p "$OUT"
[ -f "$ROOT/berth-cli/target/berth-cli.jar" ] || { log "not built: run scripts/build.sh"; exit 1; }
[ -f "$ROOT/berth-cli/target/berth-cli.jsa" ] || log "no class-data archive (berth-cli/target/berth-cli.jsa): run scripts/build.sh for representative numbers"
if [ -z "${BERTH_HOST:-}" ]; then start_daemon; fi
"$BERTH" images >/dev/null || { log "berth images failed against $BERTH_HOST"; exit 1; }
export DOCKER_HOST="$BERTH_HOST"
docker=$(command -v docker || true)

echo "| command | berth (ms) | docker (ms) |"
echo "|---|---:|---:|"
for cmd in --help version images; do
  b=$(measure "berth$cmd" "$BERTH" $cmd)
  d="n/a"
  if [ -n "$docker" ]; then d=$(measure "docker$cmd" "$docker" $cmd); fi
  echo "| \`$cmd\` | $b | $d |"
done
echo
echo "Medians of $RUNS runs after $WARMUP warm-up runs; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg); berthd at $BERTH_HOST."
