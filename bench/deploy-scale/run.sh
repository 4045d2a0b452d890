#!/usr/bin/env bash
# Scale benchmark (issue 8): one `berth deploy` of a 3-service stack to HOSTS hosts at once, against HOSTS
# invocations of `berth deploy`, one host each, one after the other. Wall time of both, and the ratio.
#
# The hosts (bench/transfer/hosts.sh): each a berthd in its own network namespace, with its own data root,
# socket, bridge, subnets and chain prefix, behind its own Debian sshd on 127.0.0.1. The stack: three
# services (web, api, db), each its own image built on the local berthd as busybox plus a layer of
# IMAGE_KB KiB of random data, each running a shell that sleeps. Before each deploy every host is clean:
# the stack is taken down (`stack down -v`) and every image removed (`rmi -f`), so each deploy sends the
# images (the bytes per host are checked to be the same in every deploy) and creates the three containers.
# Repetitions alternate the order (odd: at once first; even: one at a time first).
#
# As root; needs a built checkout (scripts/build.sh) and what scripts/setup.sh installs (openssh-server,
# runc, conmon). Run it alone: `flock /tmp/berth-it.lock bench/deploy-scale/run.sh`.
# Environment: HOSTS (5), IMAGE_KB (1024), REPS (3), XB_DIR (/var/lib/berth-xbench).
# Output: markdown on stdout, also in bench/out/deploy-scale/report.md, with every measurement in raw.tsv.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HOSTS=${HOSTS:-5}
IMAGE_KB=${IMAGE_KB:-1024}
REPS=${REPS:-3}
OUT="$ROOT/bench/out/deploy-scale"
. "$ROOT/bench/transfer/hosts.sh"

xb_begin "$OUT" $'rep\tway\thost\tms\tbytes\tcpu_ms\tlocal_ms\thosts_ms'

hosts=()
for ((i = 1; i <= HOSTS; i++)); do hosts+=("h$i"); done
xb_start_berthd local 0
for h in "${hosts[@]}"; do xb_start_berthd "$h" "${h#h}"; done
for h in "${hosts[@]}"; do xb_start_sshd "$h" 0; done
xb_write_ssh_config
xb_berth image bootstrap busybox >/dev/null

# ---- the images and the stack
for s in web api db; do
  mkdir -p "$XB_DIR/ctx/$s"
  head -c "${IMAGE_KB}K" /dev/urandom >"$XB_DIR/ctx/$s/payload.bin"
  printf 'FROM busybox\nCOPY payload.bin /srv/%s.bin\n' "$s" >"$XB_DIR/ctx/$s/Dockerfile"
  xb_berth build -q -t "xscale-$s" "$XB_DIR/ctx/$s" >/dev/null
done
rm -rf "$XB_DIR/ctx"
stack="$XB_DIR/stack.yml"
cat >"$stack" <<'EOF'
services:
  web:
    image: xscale-web
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
  api:
    image: xscale-api
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
  db:
    image: xscale-db
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
EOF

# ---- one deploy, and the state between deploys
# Checks deploy's JSON summary (one object per host): each host updated, 3 services created, 3 images sent;
# prints "HOST BYTES" per host.
check_rows() {   # FILE
  python3 - "$1" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
if not rows:
    sys.exit("no summary rows in " + sys.argv[1])
for r in rows:
    if r.get("Status") != "updated" or int(r.get("Created", 0)) != 3 or int(r.get("ImagesSent", 0)) != 3:
        sys.exit("unexpected summary row: %s" % json.dumps(r))
    print(r["Host"], r["Bytes"])
EOF
}

deploy() {   # LOG HOST...: one `berth deploy` to the hosts named
  local log=$1 uris=() h
  shift
  for h in "$@"; do uris+=("$(xb_uri "$h")"); done
  xb_berth deploy -f "$stack" -p scale --format json "${uris[@]}" >"$log" 2>"$log.err" \
    || { xb_log "deploy to $* failed:"; cat "$log" "$log.err" >&2; return 1; }
}

# Takes the stack down on every host and removes every image there; fails if anything is left.
clean_hosts() {
  local h
  for h in "${hosts[@]}"; do
    xb_host_berth "$h" stack down -v scale >/dev/null 2>&1 || true
    # shellcheck disable=SC2046
    xb_host_berth "$h" rmi -f $(xb_host_berth "$h" images -q | sort -u) >/dev/null 2>&1 || true
    [ -z "$(xb_host_berth "$h" ps -aq)$(xb_host_berth "$h" images -q)" ] \
      || { xb_log "$h is not clean after stack down and rmi"; return 1; }
  done
}

# CPU time so far, in ms, of the deploying side (the local CLIs with their ssh clients, and the local berthd)
# and of the hosts' side (their berthds, and their sshds with the sessions' remote berth).
local_cpu() { xb_cpu_ms $$ "${xb_berthd_pid[local]}"; }
hosts_cpu() {
  local h pids=("${xb_other_pids[@]}")
  for h in "${hosts[@]}"; do pids+=("${xb_berthd_pid[$h]}"); done
  xb_cpu_ms "${pids[@]}"
}

# Runs one deploy; records its time, the machine's busy CPU time, the two sides' CPU time, each host's bytes.
timed_deploy() {   # REP WAY LOG HOST...
  local rep=$1 way=$2 log=$3 t0 t1 c0 c1 l0 l1 h0 h1 host bytes rows
  shift 3
  l0=$(local_cpu); h0=$(hosts_cpu); c0=$(xb_cpu_busy_ms); t0=$(xb_now_ms)
  deploy "$log" "$@"
  t1=$(xb_now_ms); c1=$(xb_cpu_busy_ms)
  sleep 1   # the sessions' processes are reaped just after the client ends
  l1=$(local_cpu); h1=$(hosts_cpu)
  rows=$(check_rows "$log")
  while read -r host bytes; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$rep" "$way" "$host" $((t1 - t0)) "$bytes" $((c1 - c0)) $((l1 - l0)) $((h1 - h0)) >>"$OUT/raw.tsv"
  done <<<"$rows"
}

at_once() {   # REP
  timed_deploy "$1" at-once "$OUT/$1-at-once.json" "${hosts[@]}"
  xb_log "rep $1, at once: $(tail -1 "$OUT/raw.tsv" | cut -f4) ms"
}

one_at_a_time() {   # REP
  local h sums
  for h in "${hosts[@]}"; do timed_deploy "$1" "one:$h" "$OUT/$1-one-$h.json" "$h"; done
  sums=$(awk -F'\t' -v r="$1" '$1 == r && $2 ~ /^one:/ { for (i = 4; i <= 8; i++) s[i] += $i } END { print s[4] "\t0\t" s[6] "\t" s[7] "\t" s[8] }' "$OUT/raw.tsv")
  printf '%s\t%s\t%s\t%s\n' "$1" one-at-a-time all "$sums" >>"$OUT/raw.tsv"
  xb_log "rep $1, one at a time: $(cut -f1 <<<"$sums") ms"
}

# ssh logins per deploy and host: each is one ssh bridge, and one remote `berth system dial-stdio` JVM.
logins_per_deploy() {
  local h n=0
  for h in "${hosts[@]}"; do n=$((n + $(grep -c '^Accepted publickey' "$XB_DIR/ssh-$h/sshd.log" || true))); done
  awk -v n="$n" -v d=$((HOSTS * (2 * REPS + 1))) 'BEGIN { printf "%.1f", n / d }'
}

clean_hosts
# a first deploy, not counted: the daemons' JVMs compile their hot paths on it (a daemon runs for days)
xb_log "warm-up deploy"
deploy "$OUT/warm-up.json" "${hosts[@]}"
check_rows "$OUT/warm-up.json" >/dev/null
clean_hosts
for ((rep = 1; rep <= REPS; rep++)); do
  if ((rep % 2)); then
    at_once "$rep"; clean_hosts; one_at_a_time "$rep"; clean_hosts
  else
    one_at_a_time "$rep"; clean_hosts; at_once "$rep"; clean_hosts
  fi
done

# ---- the report
logins=$(logins_per_deploy)
python3 - "$OUT/raw.tsv" "$HOSTS" "$IMAGE_KB" "$REPS" "$(nproc)" "$logins" >"$OUT/table.md" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
hosts, image_kb, reps, cores = (int(a) for a in sys.argv[2:6])
logins = sys.argv[6]
def pick(way, key):
    seen = {}
    for r in rows:
        if r["way"] == way:
            seen[r["rep"]] = int(r[key])
    return list(seen.values())
def fmt(ms):
    return "%.1f s (%.1f–%.1f)" % (statistics.median(ms) / 1000, min(ms) / 1000, max(ms) / 1000)
def busy(way):
    ms, cpu = pick(way, "ms"), pick(way, "cpu_ms")
    loc, hst = pick(way, "local_ms"), pick(way, "hosts_ms")
    return "%.1f s | %.1f s | %.0f %%" % (statistics.median(loc) / 1000, statistics.median(hst) / 1000,
                                        100 * statistics.median([c / (m * cores) for c, m in zip(cpu, ms)]))
once, seq = pick("at-once", "ms"), pick("one-at-a-time", "ms")
single = [int(r["ms"]) for r in rows if r["way"].startswith("one:")]
single_loc = [int(r["local_ms"]) for r in rows if r["way"].startswith("one:")]
single_hst = [int(r["hosts_ms"]) for r in rows if r["way"].startswith("one:")]
sent = sorted({int(r["bytes"]) for r in rows if r["way"] != "one-at-a-time"})
if len(sent) != 1:
    sys.exit("the bytes sent per host differ between deploys: %s" % sent)
print("| %d hosts, 3 services each | wall time | CPU time, deploying side | CPU time, hosts' side | machine busy (share of %d cores) |" % (hosts, cores))
print("|---|---:|---:|---:|---:|")
print("| one `berth deploy` with %d ssh:// hosts (at once) | %s | %s |" % (hosts, fmt(once), busy("at-once")))
print("| %d `berth deploy` runs, one host each, one after the other | %s | %s |" % (hosts, fmt(seq), busy("one-at-a-time")))
print("| of which one run (one host) | %s | %.1f s | %.1f s | |" % (fmt(single), statistics.median(single_loc) / 1000, statistics.median(single_hst) / 1000))
print()
ratio = [s / o for s, o in zip(seq, once)]
print("One at a time over at once: %.2f× (median of the %d repetitions' ratios; %.2f–%.2f)."
      % (statistics.median(ratio), reps, min(ratio), max(ratio)))
print("Each deploy sent %.2f MB to each host (3 images: busybox + %d KiB of random data each) and created 3 containers there;"
      " every host was emptied (`stack down -v`, `rmi -f`) before each deploy. Median of %d repetitions (min–max)."
      % (sent[0] / 1e6, image_kb, reps))
print("ssh logins per deploy and host: %s (each one ssh bridge, with a remote `berth system dial-stdio`)." % logins)
print("CPU time (user + system, medians): the deploying side is the local CLIs with their ssh clients and the local berthd;"
      " the hosts' side is the hosts' berthds (with the runc they ran) and sshds (with their sessions' remote berth)."
      " Machine busy: all of the machine's CPU time over the deploy, other work on it included, from /proc/stat."
      " A warm-up deploy to every host, not counted, ran first.")
EOF
{
  cat "$OUT/table.md"
  echo "$(xb_machine "$load_before")."
} | tee "$OUT/report.md"

trap - EXIT
xb_teardown
