#!/usr/bin/env bash
# Ambassador and published-port benchmark (issue 5), through a real berthd: throughput of a large transfer and
# the connection rate, in one run, over four paths to the same server (bench/proxy/ProxyBench.java's server,
# on this host):
#   direct      client -> 127.0.0.1:server
#   ambassador  client -> the ambassador container's address:9000 (its listener, served by berthd's proxy core
#               in the container's network namespace) -> the bridge gateway:server
#   published   client -> 127.0.0.1:published port (berthd's loopback proxy) -> the ambassador -> the server,
#               the path of a consumer on the host using an ambassador published with -p
#   socat       client -> socat TCP-LISTEN,fork -> the server (the same forwarding as the ambassador, by socat)
#   ambassador-nat
#               client -> a second ambassador, started with -e AMBASSADOR_MODE=nat, at its address:9000 -> the
#               bridge gateway:server: the kernel forwards (DNAT in the container's namespace), not berthd
# Rounds are interleaved and medians reported (the machine is shared). Prints a markdown table to stdout, every
# sample to stderr. The berthd is this script's own: its own roots, bridge (bab0), subnet and chain prefix (BAB),
# removed at the end. Needs root, a built checkout (scripts/setup.sh), socat and busybox-static.
# Environment: ROUNDS (5), BYTES (1073741824), CONNS (10000), CONC (32).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/java.sh"
berth_find_java
ROUNDS=${ROUNDS:-5}
BYTES=${BYTES:-1073741824}
CONNS=${CONNS:-10000}
CONC=${CONC:-32}
CP="$ROOT/berth-core/target/classes"
SRC="$ROOT/bench/proxy/ProxyBench.java"
BRIDGE=bab0
PREFIX=BAB
SUBNET=10.237.0.0/24
GATEWAY=10.237.0.1
log() { echo "bench: $*" >&2; }

[ -d "$CP/dev/berth/proxy" ] || { log "build first: scripts/setup.sh"; exit 1; }
command -v socat >/dev/null || { log "socat is missing: apt-get install -y socat"; exit 1; }
[ "$(id -u)" = 0 ] || { log "run as root (berthd makes a bridge and namespaces)"; exit 1; }

work=$(mktemp -d /tmp/berth-amb-bench.XXXXXX)
sock="$work/berthd.sock"
pids=()
berthd_pid=
berth() { "$ROOT/bin/berth" -H "unix://$sock" "$@"; }
cleanup() {
  [ -z "$berthd_pid" ] || berth rm -f bench-amb >/dev/null 2>&1 || true
  [ -z "$berthd_pid" ] || berth rm -f bench-amb-nat >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  if [ -n "$berthd_pid" ]; then kill "$berthd_pid" 2>/dev/null || true; wait "$berthd_pid" 2>/dev/null || true; fi
  # a berthd that stops with no container left removes its chains and bridge itself
  if iptables-save 2>/dev/null | grep -q ":$PREFIX-"; then log "warning: chains $PREFIX-* are left"; fi
  ip link del "$BRIDGE" 2>/dev/null || true
  umount -R "$work/run" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_tcp() { # host port
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0
    sleep 0.1
  done
  log "nothing answers on $1:$2"; exit 1
}

# The ambassador in NAT mode, forwarding to the same server; sets nat_ip.
start_nat_ambassador() {
  berth run -d --name bench-amb-nat -e AMBASSADOR_MODE=nat -e "BENCH_PORT_9000_TCP=tcp://$GATEWAY:$server_port" \
    berth/ambassador >/dev/null
  nat_ip=$(berth inspect -f '{{.NetworkSettings.IPAddress}}' bench-amb-nat)
  wait_tcp "$nat_ip" 9000
}

"$ROOT/bin/berthd" --data-root="$work/data" --exec-root="$work/run" -H "unix://$sock" --bridge=$BRIDGE --bip=$SUBNET \
  --iptables-chain-prefix=$PREFIX --default-address-pool=10.238.0.0/16 --group=root >"$work/berthd.log" 2>&1 &
berthd_pid=$!
for _ in $(seq 1 300); do berth version >/dev/null 2>&1 && break; sleep 0.2; done
berth version >/dev/null || { log "berthd did not start: $(cat "$work/berthd.log")"; exit 1; }
berth image bootstrap ambassador >/dev/null

server_port=$(free_port); pub_port=$(free_port); socat_port=$(free_port)
"$JAVA" -cp "$CP" "$SRC" server "$server_port" 0.0.0.0 >"$work/server.log" 2>&1 & pids+=($!)
wait_tcp 127.0.0.1 "$server_port"
berth run -d --name bench-amb -e "BENCH_PORT_9000_TCP=tcp://$GATEWAY:$server_port" -p "127.0.0.1:$pub_port:9000" \
  berth/ambassador >/dev/null
amb_ip=$(berth inspect -f '{{.NetworkSettings.IPAddress}}' bench-amb)
wait_tcp "$amb_ip" 9000
wait_tcp 127.0.0.1 "$pub_port"
start_nat_ambassador
socat "TCP-LISTEN:$socat_port,bind=127.0.0.1,fork,reuseaddr,backlog=4096" "TCP:127.0.0.1:$server_port" \
  2>"$work/socat.log" & pids+=($!)
wait_tcp 127.0.0.1 "$socat_port"

log "ambassador-nat $nat_ip:9000 (AMBASSADOR_MODE=nat)"
log "paths: direct 127.0.0.1:$server_port, ambassador $amb_ip:9000, published 127.0.0.1:$pub_port, socat 127.0.0.1:$socat_port"
log "$ROUNDS rounds, $BYTES bytes, $CONNS connections ($CONC at a time); berthd pid $berthd_pid"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$CP" "$SRC" client "$ROUNDS" "$BYTES" "$CONNS" "$CONC" \
  direct="$server_port" ambassador="$amb_ip/9000:$berthd_pid" published="$pub_port:$berthd_pid" socat="$socat_port" \
  ambassador-nat="$nat_ip/9000:$berthd_pid"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
berth ambassador ls >&2
