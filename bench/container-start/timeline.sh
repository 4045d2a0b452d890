#!/usr/bin/env bash
# Where `monitor`'s time goes: a trace of a warm berthd's container start, with every process it starts
# (jspawnhelper, conmon, runc, runc init, the container), during TRACED (default 3) runs of
# `docker run --rm --network none busybox true`, and a copy of a real bundle's config.json for bisect.sh.
#
# As root, under the benchmark lock (flock /tmp/berth-it.lock bench/container-start/timeline.sh); needs a built
# checkout, and perf (linux-perf) or strace. Starts its own berthd exactly as run.sh does (engines.sh) and warms it
# up with WARMUP runs (default 60). The trace is perf's system-wide record of the scheduler's fork, exec and exit
# tracepoints and a few system calls (PERF_EVENTS: unshare, seccomp, pivot_root, renames, connect, mount), which
# costs the traced processes next to nothing; tracefs is mounted for it when missing, and unmounted at the end.
# Without perf, strace -f of berthd (EVENTS), which slows the JVM and runc several times over.
# Output in bench/out/container-start-timeline/: trace.<n>.txt per traced run (perf script or strace), config.json.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/container-start"
WARMUP=${WARMUP:-60}
TRACED=${TRACED:-3}
OUT="$ROOT/bench/out/container-start-timeline"
EVENTS=${EVENTS:-execve,clone,clone3,vfork,exit_group,wait4,seccomp,pivot_root,renameat,renameat2,unshare,setns,mount}
PERF_EVENTS=${PERF_EVENTS:-sched:sched_process_fork,sched:sched_process_exec,sched:sched_process_exit,syscalls:sys_enter_execve,syscalls:sys_enter_unshare,syscalls:sys_enter_seccomp,syscalls:sys_exit_seccomp,syscalls:sys_enter_pivot_root,syscalls:sys_enter_renameat,syscalls:sys_enter_renameat2,syscalls:sys_enter_rename,syscalls:sys_enter_connect,syscalls:sys_enter_mount}
. "$HERE/engines.sh"
# perf needs tracefs for the tracepoints; mounted here if missing (and unmounted at the end)
tracefs_made=""
if [ ! -e /sys/kernel/tracing/events ] && mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null; then tracefs_made=1; fi
trap 'bench_teardown; [ -z "$tracefs_made" ] || umount /sys/kernel/tracing' EXIT
trap 'exit 130' INT TERM

bench_need_root
bench_reap_stale
rm -rf "$OUT"; mkdir -p "$OUT"
bench_start_berthd
H="unix://$BERTH_SOCK"
bench_log "warming up: $WARMUP runs"
for ((i = 0; i < WARMUP; i++)); do "$DOCKER_CLI" -H "$H" run --rm --network none busybox true; done

# A real bundle: a detached container's config.json, copied while it runs
cid=$("$DOCKER_CLI" -H "$H" run -d --network none busybox sleep 60)
cp "$BENCH_RUN/berth/containers/$cid/config.json" "$OUT/config.json"
"$DOCKER_CLI" -H "$H" rm -f "$cid" >/dev/null

# perf's tracepoints cost the traced processes next to nothing (strace -f slows a JVM and runc several times);
# strace only where perf is missing
for ((i = 1; i <= TRACED; i++)); do
  if command -v perf >/dev/null && [ -e /sys/kernel/tracing/events/sched/sched_process_exec ]; then
    perf record -q -a -o "$OUT/perf.$i.data" -e "$PERF_EVENTS" -- \
      "$DOCKER_CLI" -H "$H" run --rm --network none busybox true 2>>"$OUT/perf.err"
    perf script -i "$OUT/perf.$i.data" -F comm,pid,tid,time,event,trace >"$OUT/trace.$i.txt" 2>>"$OUT/perf.err"
  else
    strace -f --seccomp-bpf -ttt -s 300 -e trace="$EVENTS" -o "$OUT/trace.$i.txt" -p "$berthd_pid" 2>/dev/null &
    tracer=$!
    sleep 1   # strace attaches to each of berthd's threads
    "$DOCKER_CLI" -H "$H" run --rm --network none busybox true
    sleep 0.3
    kill -INT "$tracer"; wait "$tracer" || true
  fi
done
bench_log "traces in $OUT"
