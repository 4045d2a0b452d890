#!/usr/bin/env bash
# What the default bridge adds to a container start: wall time of `docker run --rm busybox true` against the same
# with `--network none`, through the docker CLI against a berthd of this checkout, measured by hyperfine in
# ROUNDS interleaved rounds (none, bridge, none, bridge, …) so that a change of the machine's load touches both.
#
# As root; needs a built checkout (mvn -o -DskipTests package) and hyperfine. The berthd has its own temporary
# data root, exec root and socket, and its own bridge, subnet, address pool and iptables chain prefix, so it never
# meets another daemon; it is stopped with SIGTERM at the end (a clean stop with no container removes its chains
# and bridge) and the script fails if a chain with its prefix or its bridge is left.
# Environment: RUNS (per variant, 30), ROUNDS (3), WARMUP (3).
# Output: the medians, p10 and p90 of each variant and the difference of the medians, as markdown on stdout;
# hyperfine's JSON and berthd's log in bench/out/bridge-cost/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${RUNS:-30}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
PER_ROUND=$(( (RUNS + ROUNDS - 1) / ROUNDS ))
OUT="$ROOT/bench/out/bridge-cost"
DOCKER=${DOCKER:-/usr/local/bin/docker}
tag=$(printf '%04x' $((RANDOM % 65536)))
BRIDGE="bb${tag}0"
PREFIX="BB${tag^^}"
third=$((RANDOM % 256))
tmp=$(mktemp -d /tmp/berth-bridge-bench.XXXXXX)
sock="$tmp/berth.sock"
pid=""
rm -rf "$OUT"; mkdir -p "$OUT"

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    for id in $(DOCKER_HOST="unix://$sock" "$DOCKER" ps -aq 2>/dev/null); do
      DOCKER_HOST="unix://$sock" "$DOCKER" rm -f "$id" >/dev/null 2>&1 || true
    done
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  fi
  cp "$tmp/berthd.log" "$OUT/" 2>/dev/null || true
  local left=0
  if iptables-save | grep -q ":$PREFIX-" || iptables-save -t nat | grep -q ":$PREFIX-"; then
    echo "bridge.sh: chains $PREFIX-* left after the stop" >&2; left=1
  fi
  if [ -e "/sys/class/net/$BRIDGE" ]; then echo "bridge.sh: bridge $BRIDGE left after the stop" >&2; left=1; fi
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -rf "$tmp"
  [ "$left" -eq 0 ] || exit 1
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo '{}' >"$tmp/daemon.json"
BERTHD_CDS=0 JAVA_TOOL_OPTIONS="-Djava.util.logging.config.file=$ROOT/bench/container-start/trace-logging.properties" \
  "$ROOT/bin/berthd" --debug -H "unix://$sock" --data-root "$tmp/data" --exec-root "$tmp/run" --group root \
  --config-file "$tmp/daemon.json" --storage-driver overlay --bridge "$BRIDGE" --bip "10.203.$third.0/24" \
  --default-address-pool "10.204.0.0/16" --iptables-chain-prefix "$PREFIX" >"$tmp/berthd.log" 2>&1 &
pid=$!
for _ in $(seq 600); do [ -S "$sock" ] && break; kill -0 "$pid" || { cat "$tmp/berthd.log" >&2; exit 1; }; sleep 0.1; done
export DOCKER_HOST="unix://$sock" DOCKER_CONFIG="$tmp/docker-config"

# busybox-static as an image: every applet a link to it
mkdir -p "$tmp/rootfs/bin"
cp /bin/busybox "$tmp/rootfs/bin/busybox"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$tmp/rootfs/bin/$a"; done
tar -C "$tmp/rootfs" -cf "$tmp/busybox.tar" .
"$DOCKER" import -c 'CMD ["/bin/sh"]' -c 'ENV PATH=/bin' "$tmp/busybox.tar" busybox:latest >/dev/null

none=("$DOCKER" run --rm --network none busybox true)
bridge=("$DOCKER" run --rm busybox true)
for ((i = 0; i < WARMUP; i++)); do "${none[@]}"; "${bridge[@]}"; done
for ((r = 1; r <= ROUNDS; r++)); do
  hyperfine -N --style none --runs "$PER_ROUND" --export-json "$OUT/none.$r.json" -n none -- "$(printf '%q ' "${none[@]}")" >/dev/null
  hyperfine -N --style none --runs "$PER_ROUND" --export-json "$OUT/bridge.$r.json" -n bridge -- "$(printf '%q ' "${bridge[@]}")" >/dev/null
done

python3 - "$OUT" <<'EOF'
import glob, json, os, statistics, sys
out = sys.argv[1]
def times(key):
    t = []
    for f in sorted(glob.glob(os.path.join(out, key + ".*.json"))):
        t += json.load(open(f))["results"][0]["times"]
    return sorted(x * 1000 for x in t)
def pct(t, p):
    return t[min(len(t) - 1, int(p * len(t)))]
none, bridge = times("none"), times("bridge")
print("| variant | runs | median ms | p10 ms | p90 ms |")
print("|---|---:|---:|---:|---:|")
for name, t in (("docker run --rm --network none busybox true", none), ("docker run --rm busybox true (default bridge)", bridge)):
    print(f"| {name} | {len(t)} | {statistics.median(t):.0f} | {pct(t, 0.1):.0f} | {pct(t, 0.9):.0f} |")
print(f"\nthe bridge adds {statistics.median(bridge) - statistics.median(none):.0f} ms (difference of the medians)")
EOF
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# Per phase, the median over the measured containers of each variant (berthd's `trace container=… phase=… ms=…`
# lines; a bridge container is one with a `network of <id12>` line, whose netns/cni/ports/rules times are shown too).
python3 - "$tmp/berthd.log" "$WARMUP" <<'EOF'
import re, statistics, sys
log, warmup = open(sys.argv[1]).read().splitlines(), int(sys.argv[2])
trace = re.compile(r"trace container=(\S+) phase=(\S+) ms=(\d+(?:\.\d+)?)")
net = re.compile(r"network of (\S+): netns (\d+) ms, cni (\d+) ms, ports\+dns (\d+) ms, rules (\d+) ms")
phases, order, bridged, netparts = {}, [], set(), {}
for line in log:
    m = trace.search(line)
    if m:
        cid = m[1][:12]
        if cid not in order: order.append(cid)
        phases.setdefault(cid, {}).setdefault(m[2], float(m[3]))
    m = net.search(line)
    if m:
        bridged.add(m[1][:12])
        for k, v in zip(("netns", "cni ADD", "ports+dns", "rules"), m.groups()[1:]): netparts.setdefault(k, []).append(int(v))
measured = order[2 * warmup:]
names = []
for c in measured:
    for p in phases[c]:
        if p not in names: names.append(p)
print("\n| phase | none median ms | bridge median ms |")
print("|---|---:|---:|")
for p in names:
    cells = []
    for want in (False, True):
        v = [phases[c][p] for c in measured if (c in bridged) == want and p in phases[c]]
        cells.append(f"{statistics.median(v):.1f}" if v else "")
    print(f"| {p} | {cells[0]} | {cells[1]} |")
for k, v in netparts.items():
    print(f"| bridge only: {k} (on its own thread: netns alongside mount and spec, the rest alongside runc create) | | {statistics.median(v):.0f} |")
EOF
