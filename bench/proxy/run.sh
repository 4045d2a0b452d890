#!/usr/bin/env bash
# Proxy benchmark (issue 5): throughput of a large transfer and the connection rate through Berth's proxy core
# (dev.berth.proxy.Forwarder, in its own JVM as berthd would run it), through socat doing the same forwarding
# (`socat TCP-LISTEN:..,fork TCP:..`), and over a direct loopback connection, all to the same loopback server and
# in one run. Rounds are interleaved (each round runs every path in turn) and medians are reported, because the
# machine is shared. Prints a markdown table to stdout; every sample goes to stderr.
# Needs JDK 25, a built checkout (berth-core/target/classes: scripts/build.sh or mvn -o -DskipTests package) and
# socat (apt-get install -y socat; setup.sh installs it with BERTH_BENCH=1). Traffic stays on 127.0.0.1.
# The Forwarder runs as "berth", as berthd runs it (splice(2) for large transfers, which needs the JVM flags in
# PROXY_FLAGS); as "berth-copy" with the zero-copy path off (ProxyOptions.NEVER_SPLICE), for comparison; and as
# "berth-chain", two Forwarders in a row in two JVMs (client -> Forwarder -> Forwarder -> server), the path of a
# connection through a pair of ambassadors. Each proxy path also reports the CPU time its proxy processes used.
# Environment: ROUNDS (5), BYTES (1073741824), CONNS (10000), CONC (32), COPY and CHAIN (1: run that path; 0: not).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/java.sh"
berth_find_java
ROUNDS=${ROUNDS:-5}
BYTES=${BYTES:-1073741824}
CONNS=${CONNS:-10000}
CONC=${CONC:-32}
COPY=${COPY:-1}
CHAIN=${CHAIN:-1}
PROXY_FLAGS=(--enable-native-access=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED)
CP="$ROOT/berth-core/target/classes"
SRC="$ROOT/bench/proxy/ProxyBench.java"
log() { echo "bench: $*" >&2; }

[ -d "$CP/dev/berth/proxy" ] || { log "build first: $CP has no dev/berth/proxy"; exit 1; }
command -v socat >/dev/null || { log "socat is missing: apt-get install -y socat"; exit 1; }

pids=()
work=$(mktemp -d /tmp/berth-proxy-bench.XXXXXX)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  log "nothing listens on port $1"; exit 1
}

server_port=$(free_port); proxy_port=$(free_port); copy_port=$(free_port); chain_port=$(free_port); socat_port=$(free_port)
"$JAVA" -cp "$CP" "$SRC" server "$server_port" >"$work/server.log" 2>&1 & pids+=($!)
"$JAVA" "${PROXY_FLAGS[@]}" -cp "$CP" "$SRC" proxy "$proxy_port" "$server_port" >"$work/proxy.log" 2>&1 & pids+=($!)
proxy_pid=$!
variants=(direct="$server_port" berth="$proxy_port:$proxy_pid")
wait_ports=("$server_port" "$proxy_port")
if [ "$COPY" = 1 ]; then
  "$JAVA" "${PROXY_FLAGS[@]}" -cp "$CP" "$SRC" proxy "$copy_port" "$server_port" 0 copy >"$work/copy.log" 2>&1 & pids+=($!)
  variants+=(berth-copy="$copy_port:$!"); wait_ports+=("$copy_port")
fi
if [ "$CHAIN" = 1 ]; then
  "$JAVA" "${PROXY_FLAGS[@]}" -cp "$CP" "$SRC" proxy "$chain_port" "$proxy_port" >"$work/chain.log" 2>&1 & pids+=($!)
  variants+=(berth-chain="$chain_port:$!+$proxy_pid"); wait_ports+=("$chain_port")
fi
# socat's work happens in a child per connection, which /proc does not count in the listener: no CPU figure.
socat "TCP-LISTEN:$socat_port,bind=127.0.0.1,fork,reuseaddr,backlog=4096" "TCP:127.0.0.1:$server_port" \
  2>"$work/socat.log" & pids+=($!)
variants+=(socat="$socat_port")
wait_ports+=("$socat_port")
for p in "${wait_ports[@]}"; do wait_port "$p"; done
for _ in $(seq 1 50); do grep -q '^ready' "$work/proxy.log" && break; sleep 0.1; done
grep -q 'splice=true' "$work/proxy.log" || { log "the Forwarder cannot splice here: $(cat "$work/proxy.log")"; exit 1; }
log "paths: ${variants[*]} (name=port:proxy pids); $ROUNDS rounds, $BYTES bytes, $CONNS connections ($CONC at a time)"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$CP" "$SRC" client "$ROUNDS" "$BYTES" "$CONNS" "$CONC" \
  "${variants[@]}"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
