#!/usr/bin/env bash
# Build benchmark (issue 4): wall time of image builds, in one run, for
#   berth-docker  the docker CLI's classic builder against berthd:  DOCKER_BUILDKIT=0 docker -H unix://… build
#   berth-cli     bin/berth against berthd:                         berth build
#   podman        podman build (buildah)                            podman build --network host
#   dockerd       the classic builder of Debian's dockerd:          DOCKER_BUILDKIT=0 docker -H unix://… build --network host
# in four scenarios:
#   cold      six.Dockerfile (FROM busybox; RUN, RUN, COPY, ENV, COPY, CMD) with --no-cache    (COLD_RUNS runs)
#   cached    the same, fully cached                                                          (CACHED_RUNS runs)
#   changed   the same after changing the file of the last COPY: COPY and CMD run again       (CACHED_RUNS runs)
#   run20     run20.Dockerfile (FROM busybox; 20x RUN true) with --no-cache: per-RUN overhead (COLD_RUNS runs)
# and prints the medians, the ratios to the fastest peer against the issue's targets (cold and run20 faster
# than both peers, cached at most 0.5x the fastest peer), berthd's trace phases during its builds, and the
# time of each step of a cold six-step build as each client's output shows it (PROFILE_RUNS untimed builds).
#
# Build containers of every engine use the host's network (berthd's RUN always does; the peers get
# --network host), so no engine pays for a network namespace the others skip.
#
# As root; needs a built checkout (scripts/build.sh). Installs podman, docker.io and hyperfine when missing
# (bench/container-start/engines.sh sets the peers up on their own sockets and roots); starts its own berthd
# with a fresh data root, bootstraps busybox, loads the same image into the peers, and stops everything it
# started at the end. A variant whose first build fails is reported as not measurable, with its error.
# Environment: COLD_RUNS (5), CACHED_RUNS (10), ONLY (variant keys, default all four), SCENARIOS (default all
# four; none for the step profile alone), PROFILE_RUNS (3; 0 skips the step profile), BENCH_STATE
# (/var/lib/berth-bench-build), BENCH_RUN (/run/berth-bench-build): not the container benchmarks' roots, so
# that both can run on one machine.
# Output: markdown on stdout; hyperfine's JSON, the logs and report.md in bench/out/build/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/build"
COLD_RUNS=${COLD_RUNS:-5}
CACHED_RUNS=${CACHED_RUNS:-10}
ONLY=${ONLY:-berth-docker berth-cli podman dockerd}
SCENARIOS=${SCENARIOS:-cold cached changed run20}
PROFILE_RUNS=${PROFILE_RUNS:-3}
BENCH_STATE=${BENCH_STATE:-/var/lib/berth-bench-build}
BENCH_RUN=${BENCH_RUN:-/run/berth-bench-build}
OUT="$ROOT/bench/out/build"
. "$ROOT/bench/container-start/engines.sh"
export DOCKER_BUILDKIT=0   # the docker CLI's classic builder, against berthd and against dockerd alike

trap 'bench_teardown' EXIT
trap 'exit 130' INT TERM

wants() { [[ " $ONLY " == *" $1 "* ]]; }

declare -A label status detail
keys=()

# The build command of a variant: KEY TAG CONTEXT [BUILD_OPTION…]
build_cmd() {
  local key=$1 tag=$2 ctx=$3
  shift 3
  case $key in
    berth-docker) echo "$DOCKER_CLI" -H "unix://$BERTH_SOCK" build "$@" -t "$tag" "$ctx" ;;
    berth-cli) echo "$BERTH" build "$@" -t "$tag" "$ctx" ;;
    podman) echo podman build --network host "$@" -t "$tag" "$ctx" ;;
    dockerd) echo "$DOCKER_CLI" -H "unix://$PEER_DOCKER_SOCK" build --network host "$@" -t "$tag" "$ctx" ;;
  esac
}

# Removes the images a scenario left untagged (each --no-cache build replaces the tag), untimed.
prune_images() {   # KEY
  case $1 in
    berth-docker | berth-cli) "$DOCKER_CLI" -H "unix://$BERTH_SOCK" image prune -f >/dev/null 2>&1 || true ;;
    podman) podman image prune -f >/dev/null 2>&1 || true ;;
    dockerd) "$DOCKER_CLI" -H "unix://$PEER_DOCKER_SOCK" image prune -f >/dev/null 2>&1 || true ;;
  esac
}

# The contexts: six steps after FROM (RUN, RUN, COPY, ENV, COPY, CMD), and twenty `RUN true`.
write_contexts() {
  local six="$OUT/ctx/six" run20="$OUT/ctx/run20" i
  mkdir -p "$six" "$run20"
  cat >"$six/Dockerfile" <<'EOF'
FROM busybox
RUN echo one >/one
RUN mkdir -p /app && echo two >/app/two
COPY a.txt /app/
ENV APP_MODE=bench
COPY b.txt /app/
CMD ["cat", "/app/b.txt"]
EOF
  head -c 4096 /dev/urandom | base64 >"$six/a.txt"
  echo "b $(date +%s%N)" >"$six/b.txt"
  { echo "FROM busybox"; for i in $(seq 1 20); do echo "RUN true"; done; } >"$run20/Dockerfile"
  # hyperfine's --prepare for the changed scenario: new content in the last COPY's file before each run
  printf '#!/bin/sh\necho "b $(date +%%s%%N)" >"%s"\n' "$six/b.txt" >"$OUT/ctx/change-b.sh"
  chmod +x "$OUT/ctx/change-b.sh"
}

# A variant must build the six-step Dockerfile once (else it is not measurable, with its first error line).
add_variant() {   # KEY LABEL
  local key=$1 err rc=0
  wants "$key" || return 0
  label[$key]=$2
  printf '%s\t%s\n' "$key" "$2" >>"$OUT/labels.tsv"
  bench_log "first build of $key"
  # shellcheck disable=SC2046
  err=$(timeout 300 $(build_cmd "$key" "bench-build/six:$key" "$OUT/ctx/six") 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne 0 ]; then
    err=$( (echo "$err" | grep -i -m1 'error'; echo "$err") | grep -v '^\s*$' | head -1 | cut -c1-200)
    [ "$rc" -eq 124 ] && err="no answer within 300 s${err:+: $err}"
    echo "$key: not measurable yet (${err:-exit code $rc})" >&2
    status[$key]=failed; detail[$key]=${err:-exit code $rc}
    return 0
  fi
  keys+=("$key"); status[$key]=ok
}

# One scenario for one variant, by hyperfine; berthd's log lines written meanwhile go to <scenario>.<key>.trace.log.
measure() {   # SCENARIO KEY
  local scenario=$1 key=$2 from cmd runs warmup=1 prepare=()
  case $scenario in
    cold) runs=$COLD_RUNS; cmd=$(build_cmd "$key" "bench-build/six:$key" "$OUT/ctx/six" --no-cache) ;;
    cached) runs=$CACHED_RUNS; warmup=2; cmd=$(build_cmd "$key" "bench-build/six:$key" "$OUT/ctx/six") ;;
    changed) runs=$CACHED_RUNS; prepare=(--prepare "$OUT/ctx/change-b.sh")
      cmd=$(build_cmd "$key" "bench-build/six:$key" "$OUT/ctx/six") ;;
    run20) runs=$COLD_RUNS; cmd=$(build_cmd "$key" "bench-build/run20:$key" "$OUT/ctx/run20" --no-cache) ;;
    *) return 0 ;;   # SCENARIOS=none: only the step profile
  esac
  [ "${status[$key]}" = ok ] || return 0
  from=$(($(wc -l <"$BERTH_LOG") + 1))
  bench_log "$scenario: $key ($runs runs)"
  if ! timeout $((runs * 120 + 300)) hyperfine -N --style none --warmup "$warmup" --runs "$runs" "${prepare[@]}" \
      --export-json "$OUT/$scenario.$key.json" -n "${label[$key]}" -- "$cmd" >"$OUT/$scenario.$key.hyperfine.txt" 2>&1; then
    echo "$scenario.$key: failed: $(grep -v '^\s*$' "$OUT/$scenario.$key.hyperfine.txt" | tail -1 | cut -c1-200)" \
      >>"$OUT/failures.txt"
  fi
  if [[ $key == berth-* ]]; then tail -n "+$from" "$BERTH_LOG" >"$OUT/$scenario.$key.trace.log"; fi
  prune_images "$key"
}

# Where a cold build's time goes, step by step, as each client shows it: PROFILE_RUNS untimed --no-cache
# builds of the six-step Dockerfile per variant, their output stamped line by line (steps.py).
profile_steps() {
  local key i t0
  for key in "${keys[@]}"; do
    bench_log "step profile: $key ($PROFILE_RUNS builds)"
    for ((i = 1; i <= PROFILE_RUNS; i++)); do
      t0=$(date +%s.%N)
      # shellcheck disable=SC2046
      timeout 300 $(build_cmd "$key" "bench-build/six:$key" "$OUT/ctx/six" --no-cache) 2>&1 \
        | python3 "$HERE/steps.py" "$OUT/steps.$key.$i.tsv" "$t0" || true
    done
    prune_images "$key"
  done
}

# The peers keep their data roots between runs (busybox stays loaded); the benchmark's images go.
remove_bench_images() {
  local key
  for key in "${keys[@]}"; do
    case $key in
      podman) podman rmi -f "bench-build/six:$key" "bench-build/run20:$key" >/dev/null 2>&1 || true ;;
      dockerd) "$DOCKER_CLI" -H "unix://$PEER_DOCKER_SOCK" rmi -f "bench-build/six:$key" "bench-build/run20:$key" \
        >/dev/null 2>&1 || true ;;
    esac
    prune_images "$key"
  done
}

report() {
  python3 "$HERE/report.py" "$OUT" "$SCENARIOS"
  echo
  echo "Cold and run20: $COLD_RUNS runs after 1 warm-up; cached and changed: $CACHED_RUNS runs after a warm-up build;"
  echo "step profile: $PROFILE_RUNS builds per variant; $(bench_machine)."
}

# All in one function, read whole before it runs: editing this file during a run cannot change the run.
main() {
  bench_need_root
  [ -n "$DOCKER_CLI" ] || { bench_log "no docker CLI on PATH"; exit 1; }
  bench_install_packages
  bench_reap_stale
  rm -rf "$OUT"; mkdir -p "$OUT"
  : >"$OUT/labels.tsv"; : >"$OUT/failures.txt"
  write_contexts

  bench_start_berthd
  if wants podman; then bench_setup_podman; fi
  if wants dockerd; then bench_start_dockerd; fi
  bench_load_image_into_peers

  export BERTH_HOST="unix://$BERTH_SOCK"   # for bin/berth; the docker CLI gets -H
  add_variant berth-docker "docker CLI (classic builder) → berthd"
  add_variant berth-cli "berth build → berthd"
  add_variant podman "podman build (buildah), --network host"
  add_variant dockerd "docker CLI → dockerd, classic builder, --network host"
  for scenario in $SCENARIOS; do
    for key in "${keys[@]}"; do measure "$scenario" "$key"; done
  done
  [ "$PROFILE_RUNS" -gt 0 ] && profile_steps
  : >"$OUT/variants.tsv"
  while IFS=$'\t' read -r key _; do
    printf '%s\t%s\t%s\t%s\n' "$key" "${label[$key]}" "${status[$key]}" "${detail[$key]:-}" >>"$OUT/variants.tsv"
  done <"$OUT/labels.tsv"

  remove_bench_images
  cp "$BERTH_LOG" "$OUT/berthd.log"
  [ -f "$PEER_DOCKER_LOG" ] && cp "$PEER_DOCKER_LOG" "$OUT/dockerd.log"
  report | tee "$OUT/report.md"

  bench_teardown
  trap - EXIT
  left=$(bench_leftovers)
  if [ -n "$left" ]; then bench_log "left behind:"; echo "$left" >&2; exit 1; fi
}

main "$@"; exit $?   # on one line: bash reads nothing of this file after main
