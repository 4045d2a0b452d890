#!/usr/bin/env bash
# berthd start-up benchmark: the time from launching bin/berthd to its socket answering GET /_ping, and the CPU time
# the JVM used until then, for each way berthd can start its JVM, alternating between them run by run so that the
# machine's load falls on each alike:
#   aot   the AOT cache scripts/build.sh records (berth-daemon/target/berthd.aot; must be fresh, see bin/berthd)
#   cds   BERTHD_AOT=0: the dynamic class-data archive in the exec root (written by a first start made here, so
#         every measured start maps it, as any boot after the first)
#   none  BERTHD_CDS=0: neither
#   aot-warmup, cds-warmup  as aot and cds with BERTHD_WARMUP=1: after the ping the run also waits for the pull
#         warm-up's log line and reports its time and the JVM's CPU time once it is done
# Each start gets a fresh data root (vfs storage, no container networking) and is stopped with SIGTERM after the
# ping. Prints one line per variant: the median and the range of RUNS starts, and the median CPU time.
# Environment: RUNS (10), VARIANTS ("aot cds none"). Needs a built checkout (scripts/build.sh) and curl; run it
# under the benchmarks' lock: flock /tmp/berth-it.lock bench/berthd-start/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-10}
read -r -a variants <<< "${VARIANTS:-aot cds none}"
work=$(mktemp -d /tmp/berthd-start-bench.XXXXXX)
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
tick=$(getconf CLK_TCK)

# Starts berthd the given variant's way, waits for /_ping (and for a warm-up variant, the warm-up), stops it; prints
# "<ms to ping> <CPU ms to ping> <warm-up ms> <CPU ms when the warm-up is done>" (- for no warm-up).
start_once() {
  local v=$1 dir="$work/$1" t0 t1 cpu
  local -a env=(BERTHD_WARMUP=0)
  case "$v" in
    aot) env+=(BERTHD_AOT=1) ;;
    cds) env+=(BERTHD_AOT=0) ;;
    aot-warmup) env+=(BERTHD_AOT=1 BERTHD_WARMUP=1) ;;
    cds-warmup) env+=(BERTHD_AOT=0 BERTHD_WARMUP=1) ;;
    none) env+=(BERTHD_CDS=0) ;;
    *) echo "bench: unknown variant $v" >&2; exit 2 ;;
  esac
  rm -rf "$dir/data"; mkdir -p "$dir/run"; echo '{}' > "$dir/daemon.json"
  t0=$(date +%s%N)
  env "${env[@]}" "$ROOT/bin/berthd" --data-root "$dir/data" --exec-root "$dir/run" -H "unix://$dir/berth.sock" \
    --storage-driver vfs --bridge none --group root --config-file "$dir/daemon.json" >"$dir/berthd.log" 2>&1 &
  pid=$!
  until curl -sf --max-time 1 --unix-socket "$dir/berth.sock" http://berthd/_ping >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "bench: berthd ($v) exited:" >&2; cat "$dir/berthd.log" >&2; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  cpu=$(cpu_ms "$pid")
  local warm=- warm_cpu=-
  if [ "${v%-warmup}" != "$v" ]; then
    for _ in $(seq 1 600); do grep -q 'pull warm-up' "$dir/berthd.log" && break; sleep 0.1; done
    warm=$(sed -n 's/.*pull warm-up: .* in \([0-9]*\) ms.*/\1/p' "$dir/berthd.log")
    warm_cpu=$(cpu_ms "$pid")
  fi
  kill -TERM "$pid"; wait "$pid" || true; pid=""
  if grep -qi 'warning\|error\|\[aot\|\[cds' "$dir/berthd.log"; then echo "bench: berthd ($v) logged:" >&2; cat "$dir/berthd.log" >&2; fi
  echo "$(( (t1 - t0) / 1000000 )) $cpu ${warm:--} $warm_cpu"
}

cpu_ms() { awk -v t="$tick" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat"; }

if printf '%s\n' "${variants[@]}" | grep -q '^aot'; then
  . "$ROOT/scripts/lib/java.sh"; . "$ROOT/scripts/lib/berthd-jvm.sh"; berth_find_java; berthd_env "$ROOT"
  "$ROOT/scripts/berthd-aot.sh" --if-stale || { echo "bench: no AOT cache at $BERTHD_AOT_CACHE" >&2; exit 1; }
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for v in "${variants[@]}"; do
  [ "${v#cds}" = "$v" ] || start_once "$v" >/dev/null   # writes the variant's dynamic archive
done
for ((i = 0; i < RUNS; i++)); do
  for v in "${variants[@]}"; do start_once "$v" >> "$work/$v.times"; done
done
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
for v in "${variants[@]}"; do
  f="$work/$v.times"
  printf 'berthd start to _ping, %-10s: median %d ms (%d to %d, %d starts), CPU to _ping median %d ms' "$v" \
    "$(cut -d' ' -f1 "$f" | median)" "$(cut -d' ' -f1 "$f" | sort -n | head -1)" "$(cut -d' ' -f1 "$f" | sort -n | tail -1)" \
    "$(wc -l < "$f")" "$(cut -d' ' -f2 "$f" | median)"
  if [ "${v%-warmup}" != "$v" ]; then
    printf '; warm-up median %d ms, CPU when it is done median %d ms' "$(cut -d' ' -f3 "$f" | median)" "$(cut -d' ' -f4 "$f" | median)"
  fi
  echo
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
