#!/usr/bin/env bash
# JIT warmth of berthd's start path, and JVM flags compared on it. For each variant of JVM flags (FLAGS, variants
# separated by '|'; "default" for none), ROUNDS times in turn: a fresh berthd with those flags (through
# JAVA_TOOL_OPTIONS, so bin/berthd's own flags stay), RUNS sequential `docker run --rm --network none busybox true`,
# each timed, with berthd's phase trace lines split by run; berthd's CPU time over the runs and its RSS at the end.
# Then, per variant and window of runs (the first ones, 4-33 as the container-start benchmark measures them after
# its 3 warm-up runs, and later ones), the median wall time and the median of each phase over all rounds.
#
# If the late runs are much faster than runs 4-33, the start path still runs in the interpreter or in C1 code
# while the benchmark measures it. Variants are interleaved round by round, so that a change of the machine's load
# touches all of them alike.
#
# As root, under the container lock:
#   flock /tmp/berth-it.lock bench/container-start/warmth.sh                     # one berthd, 300 runs
#   FLAGS="default|-XX:CompileThresholdScaling=0.1" RUNS=33 ROUNDS=4 flock /tmp/berth-it.lock bench/container-start/warmth.sh
# Environment: FLAGS ("default"), RUNS (300), ROUNDS (1), BENCH_STATE, BENCH_RUN (as run.sh).
# Output: markdown on stdout; the per-run data in bench/out/container-warmth/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-300}
ROUNDS=${ROUNDS:-1}
FLAGS=${FLAGS:-default}
OUT="$ROOT/bench/out/container-warmth"
. "$ROOT/bench/container-start/engines.sh"

trap 'bench_teardown' EXIT
trap 'exit 130' INT TERM

proc_cpu_ms() {   # PID: user+system CPU time in ms, its threads included
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) * 1000 / hz }' "/proc/$1/stat"
}
proc_rss_mb() {   # PID
  awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

one_berthd() {   # VARIANT-INDEX ROUND FLAGS
  local v=$1 r=$2 flags=$3 i from t0 t1 host="unix://$BERTH_SOCK" base=${JAVA_TOOL_OPTIONS:-}
  [ "$flags" = default ] && flags=
  JAVA_TOOL_OPTIONS="$base $flags" bench_start_berthd
  local cpu0; cpu0=$(proc_cpu_ms "$berthd_pid")
  : >"$OUT/runs.$v.$r.tsv"
  for ((i = 1; i <= RUNS; i++)); do
    from=$(($(wc -l <"$BERTH_LOG") + 1))
    t0=$(date +%s%N)
    "$DOCKER_CLI" -H "$host" run --rm --network none busybox true
    t1=$(date +%s%N)
    sleep 0.05   # the trace lines of the removal are written after the client's answer
    printf '%s\t%s\t%s\n' "$i" "$(((t1 - t0) / 1000))" \
      "$(tail -n "+$from" "$BERTH_LOG" | grep -o 'phase=[^ ]* ms=[0-9.]*' | tr '\n' ' ')" >>"$OUT/runs.$v.$r.tsv"
  done
  printf '%s\t%s\t%s\n' "$v" "$(awk -v a="$(proc_cpu_ms "$berthd_pid")" -v b="$cpu0" 'BEGIN { print a - b }')" "$(proc_rss_mb "$berthd_pid")" \
    >>"$OUT/berthd.tsv"
  bench_stop_berthd
}

bench_need_root
[ -n "$DOCKER_CLI" ] || { bench_log "no docker CLI on PATH"; exit 1; }
bench_reap_stale
rm -rf "$OUT"; mkdir -p "$OUT"
IFS='|' read -r -a variants <<<"$FLAGS"
: >"$OUT/berthd.tsv"; : >"$OUT/variants.tsv"
for v in "${!variants[@]}"; do printf '%s\t%s\n' "$v" "${variants[$v]}" >>"$OUT/variants.tsv"; done
for ((r = 1; r <= ROUNDS; r++)); do
  for v in "${!variants[@]}"; do
    bench_log "round $r of $ROUNDS: ${variants[$v]}"
    one_berthd "$v" "$r" "${variants[$v]}"
  done
done
python3 - "$OUT" "$RUNS" <<'PY'
import re, statistics, sys
from pathlib import Path
out, last = Path(sys.argv[1]), int(sys.argv[2])
med = lambda xs: statistics.median(xs) if xs else float("nan")
windows = [(1, 3), (4, 33)] + ([(last // 3, last // 3 + 19), (last - 19, last)] if last >= 100 else [])
for line in (out / "variants.tsv").read_text().splitlines():
    v, flags = line.split("\t")
    runs = []
    for path in sorted(out.glob(f"runs.{v}.*.tsv")):
        for row in path.read_text().splitlines():
            n, us, rest = (row.split("\t") + [""])[:3]
            phases = {}
            for name, ms in re.findall(r"phase=(\S+) ms=([0-9.]+)", rest):
                phases[name] = phases.get(name, 0) + float(ms)
            runs.append((int(n), int(us) / 1000, phases))
    names = []
    for _, _, p in runs:
        names += [k for k in p if k not in names]
    java = [k for k in names if k not in ("monitor", "exit-notice")]
    rounds = len(list(out.glob(f"runs.{v}.*.tsv")))
    print(f"\n#### {flags} ({rounds} berthd{'s' if rounds > 1 else ''})\n")
    print("| runs | wall ms | " + " | ".join(names) + " | phases but monitor and exit-notice |")
    print("|---|" + "---:|" * (len(names) + 2))
    for a, b in windows:
        sel = [r for r in runs if a <= r[0] <= b]
        cells = [f"{med([r[2][k] for r in sel if k in r[2]]):.1f}" for k in names]
        javasum = med([sum(r[2].get(k, 0) for k in java) for r in sel])
        print(f"| {a}-{b} | {med([r[1] for r in sel]):.0f} | " + " | ".join(cells) + f" | {javasum:.1f} |")
    cpu = [float(l.split("\t")[1]) for l in (out / "berthd.tsv").read_text().splitlines() if l.split("\t")[0] == v]
    rss = [float(l.split("\t")[2]) for l in (out / "berthd.tsv").read_text().splitlines() if l.split("\t")[0] == v]
    print(f"\nberthd over the {last} runs: CPU {med(cpu):.0f} ms ({med(cpu) / last:.1f} ms a run, median of the "
          f"berthds); RSS at the end {med(rss):.0f} MB.")
PY
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
