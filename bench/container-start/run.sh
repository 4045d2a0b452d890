#!/usr/bin/env bash
# Container start latency: wall time of `run --rm busybox true` (median, p10, p90 of RUNS runs), in one run, for
#   runc          a raw `runc run` of a prepared busybox bundle (the floor: new namespaces, no image, no network)
#   berth-docker  the docker CLI against berthd:  docker -H unix://… run --rm --network none busybox true
#   berth-cli     bin/berth against berthd:       berth run --rm --network none busybox true
#   podman        podman run --rm --network=none busybox true
#   dockerd       the docker CLI against Debian's dockerd: docker -H unix://… run --rm --network=none busybox true
# then the ratios berth-docker / runc (target ≤ 2.5) and berth-docker / dockerd (target ≤ 0.33), and the median
# time of each phase of berthd's container start, from its `trace container=… phase=… ms=…` debug lines.
#
# As root; needs a built checkout (scripts/build.sh). Installs podman, docker.io and hyperfine when missing and
# sets the peers up on their own sockets and roots (see engines.sh); starts its own berthd, loads berthd's
# busybox image into the peers (berth save | docker load, podman load), and stops everything it started at
# the end. A variant whose first run fails is reported as not measurable, with its error, and the others go on.
# Environment: RUNS (30), WARMUP (3), ONLY (space-separated keys to measure, default all),
# BENCH_STATE (/var/lib/berth-bench), BENCH_RUN (/run/berth-bench).
# Output: markdown on stdout; hyperfine's JSON, the logs and report.md in bench/out/container-start/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/container-start"
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
ONLY=${ONLY:-runc berth-docker berth-cli podman dockerd}
OUT="$ROOT/bench/out/container-start"
. "$HERE/engines.sh"

trap 'bench_teardown' EXIT
trap 'exit 130' INT TERM

wants() { [[ " $ONLY " == *" $1 "* ]]; }

# One variant: a first run that must succeed (else: not measurable, with the first line of its error), the
# other warm-up runs, then hyperfine. For berth variants, berthd's log lines of the measured runs are kept.
measure() {   # KEY LABEL COMMAND...
  local key=$1 label=$2 err i from rc=0
  shift 2
  bench_log "measuring $key: $*"
  err=$(timeout 120 "$@" 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    err=$( (echo "$err" | grep -i -m1 'error'; echo "$err") | grep -v '^\s*$' | head -1 | cut -c1-200)
    [ "$rc" -eq 124 ] && err="no answer within 120 s${err:+: $err}"
    [ -n "$err" ] || err="exit code $rc"
    echo "${key%%-*}: not measurable yet ($err)" >&2
    printf '%s\t%s\tfailed\t%s\n' "$key" "$label" "$err" >>"$OUT/variants.tsv"
    return 0
  fi
  for ((i = 1; i < WARMUP; i++)); do timeout 120 "$@" >/dev/null 2>&1 || true; done
  from=$(($(wc -l <"$BERTH_LOG") + 1))
  if ! timeout $((RUNS * 60)) hyperfine -N --style none --runs "$RUNS" --export-json "$OUT/$key.json" -n "$label" -- "$(printf '%q ' "$@")" \
      >"$OUT/$key.hyperfine.txt" 2>&1; then
    err=$(grep -v '^\s*$' "$OUT/$key.hyperfine.txt" | tail -1 | cut -c1-200)
    echo "${key%%-*}: failed during the measured runs ($err)" >&2
    printf '%s\t%s\tfailed\t%s\n' "$key" "$label" "failed during the runs: $err" >>"$OUT/variants.tsv"
    return 0
  fi
  [[ $key == berth-* ]] && tail -n "+$from" "$BERTH_LOG" >"$OUT/$key.trace.log"
  printf '%s\t%s\tok\t\n' "$key" "$label" >>"$OUT/variants.tsv"
}

bench_need_root
[ -n "$DOCKER_CLI" ] || { bench_log "no docker CLI on PATH"; exit 1; }
bench_install_packages
rm -rf "$OUT"; mkdir -p "$OUT"
: >"$OUT/variants.tsv"

bench_start_berthd
if wants podman; then bench_setup_podman; fi
if wants dockerd; then bench_start_dockerd; fi
bench_load_image_into_peers
bench_prepare_runc_bundle

berth_host="unix://$BERTH_SOCK"
wants runc && measure runc "runc run (prepared bundle, the floor)" \
  runc --root "$RUNC_ROOT" run -b "$RUNC_BUNDLE" berth-bench-floor
wants berth-docker && measure berth-docker "docker CLI → berthd, --network none" \
  "$DOCKER_CLI" -H "$berth_host" run --rm --network none busybox true
wants berth-cli && measure berth-cli "berth CLI → berthd, --network none" \
  env BERTH_HOST="$berth_host" "$BERTH" run --rm --network none busybox true
wants podman && measure podman "podman, --network=none" \
  podman run --rm --network=none busybox true
wants dockerd && measure dockerd "docker CLI → dockerd, --network=none" \
  "$DOCKER_CLI" -H "unix://$PEER_DOCKER_SOCK" run --rm --network=none busybox true

cp "$BERTH_LOG" "$OUT/berthd.log"
[ -f "$PEER_DOCKER_LOG" ] && cp "$PEER_DOCKER_LOG" "$OUT/dockerd.log"
{
  python3 "$HERE/report.py" "$OUT"
  echo
  echo "$RUNS runs per variant after $WARMUP warm-up runs, one variant after the other; $(bench_machine)."
} | tee "$OUT/report.md"

bench_teardown
trap - EXIT
left=$(bench_leftovers)
if [ -n "$left" ]; then bench_log "left behind:"; echo "$left" >&2; exit 1; fi
