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
# The variants are measured in ROUNDS interleaved rounds (runc, berth…, podman, dockerd, runc, …), so that
# a change in the machine's load during the run touches all of them alike.
# Environment: RUNS (30, per variant), ROUNDS (3), WARMUP (3), ONLY (space-separated keys to measure, default all),
# BENCH_STATE (/var/lib/berth-bench), BENCH_RUN (/run/berth-bench).
# Output: markdown on stdout; hyperfine's JSON, the logs and report.md in bench/out/container-start/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/container-start"
RUNS=${RUNS:-30}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
PER_ROUND=$(( (RUNS + ROUNDS - 1) / ROUNDS ))
ONLY=${ONLY:-runc berth-docker berth-cli podman dockerd}
OUT="$ROOT/bench/out/container-start"
. "$HERE/engines.sh"

trap 'bench_teardown' EXIT
trap 'exit 130' INT TERM

wants() { [[ " $ONLY " == *" $1 "* ]]; }

declare -A label cmd status detail
keys=()

# A variant: its first run must succeed (else it is not measurable, with the first error line of its
# output), then the other warm-up runs. Measured later, round by round, if it passed.
add_variant() {   # KEY LABEL COMMAND...
  local key=$1 err i rc=0
  wants "$key" || return 0
  label[$key]=$2; shift 2
  cmd[$key]=$(printf '%q ' "$@")
  printf '%s\t%s\n' "$key" "${label[$key]}" >>"$OUT/labels.tsv"
  bench_log "warming up $key: $*"
  err=$(timeout 120 "$@" 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    err=$( (echo "$err" | grep -i -m1 'error'; echo "$err") | grep -v '^\s*$' | head -1 | cut -c1-200)
    [ "$rc" -eq 124 ] && err="no answer within 120 s${err:+: $err}"
    not_measurable "$key" "${err:-exit code $rc}"
    return 0
  fi
  for ((i = 1; i < WARMUP; i++)); do timeout 120 "$@" >/dev/null 2>&1 || true; done
  keys+=("$key"); status[$key]=ok
}

not_measurable() {   # KEY ERROR
  echo "${1%%-*}: not measurable yet ($2)" >&2
  status[$1]=failed; detail[$1]=$2
}

# One round: each variant in turn, RUNS / ROUNDS runs by hyperfine. Interleaving the variants in rounds
# spreads a change of the machine's load over all of them instead of skewing the ratios. For the berth
# variants, berthd's log lines written during the runs are appended to <key>.trace.log.
measure_round() {   # ROUND
  local key from err
  for key in "${keys[@]}"; do
    [ "${status[$key]}" = ok ] || continue
    from=$(($(wc -l <"$BERTH_LOG") + 1))
    if ! timeout $((PER_ROUND * 60)) hyperfine -N --style none --runs "$PER_ROUND" --export-json "$OUT/$key.$1.json" \
        -n "${label[$key]}" -- "${cmd[$key]}" >"$OUT/$key.$1.hyperfine.txt" 2>&1; then
      err=$(grep -v '^\s*$' "$OUT/$key.$1.hyperfine.txt" | tail -1 | cut -c1-200)
      not_measurable "$key" "failed in round $1: $err"
      continue
    fi
    if [[ $key == berth-* ]]; then tail -n "+$from" "$BERTH_LOG" >>"$OUT/$key.trace.log"; fi
  done
}

bench_need_root
[ -n "$DOCKER_CLI" ] || { bench_log "no docker CLI on PATH"; exit 1; }
bench_install_packages
bench_reap_stale
rm -rf "$OUT"; mkdir -p "$OUT"
: >"$OUT/variants.tsv"; : >"$OUT/labels.tsv"

bench_start_berthd
if wants podman; then bench_setup_podman; fi
if wants dockerd; then bench_start_dockerd; fi
bench_load_image_into_peers
bench_prepare_runc_bundle

berth_host="unix://$BERTH_SOCK"
add_variant runc "runc run (prepared bundle, the floor)" \
  runc --root "$RUNC_ROOT" run -b "$RUNC_BUNDLE" berth-bench-floor
add_variant berth-docker "docker CLI → berthd, --network none" \
  "$DOCKER_CLI" -H "$berth_host" run --rm --network none busybox true
export BERTH_HOST=$berth_host   # for bin/berth; the docker CLI gets -H, so no DOCKER_HOST is needed
add_variant berth-cli "berth CLI → berthd, --network none" \
  "$BERTH" run --rm --network none busybox true
add_variant podman "podman, --network=none" \
  podman run --rm --network=none busybox true
add_variant dockerd "docker CLI → dockerd, --network=none" \
  "$DOCKER_CLI" -H "unix://$PEER_DOCKER_SOCK" run --rm --network=none busybox true
for ((round = 1; round <= ROUNDS; round++)); do
  bench_log "round $round of $ROUNDS: ${keys[*]}"
  measure_round "$round"
done
while IFS=$'\t' read -r key _; do
  printf '%s\t%s\t%s\t%s\n' "$key" "${label[$key]}" "${status[$key]}" "${detail[$key]:-}" >>"$OUT/variants.tsv"
done <"$OUT/labels.tsv"

cp "$BERTH_LOG" "$OUT/berthd.log"
[ -f "$PEER_DOCKER_LOG" ] && cp "$PEER_DOCKER_LOG" "$OUT/dockerd.log"
{
  python3 "$HERE/report.py" "$OUT"
  echo
  echo "$((PER_ROUND * ROUNDS)) runs per variant after $WARMUP warm-up runs, in $ROUNDS interleaved rounds of $PER_ROUND; $(bench_machine)."
} | tee "$OUT/report.md"

bench_teardown
trap - EXIT
left=$(bench_leftovers)
if [ -n "$left" ]; then bench_log "left behind:"; echo "$left" >&2; exit 1; fi
