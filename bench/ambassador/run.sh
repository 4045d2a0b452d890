#!/usr/bin/env bash
# Ambassador and published-port benchmark (issue 5), through a real berthd: throughput of a large transfer and
# the connection rate, in one run, over four paths to the same server (bench/proxy/ProxyBench.java's server,
# on this host):
#   direct      client -> 127.0.0.1:server
#   ambassador  client -> the ambassador container's address:9000 (its listener, served by berthd's proxy core
#               in the container's network namespace) -> the bridge gateway:server
#   published   client -> 127.0.0.1:published port (berthd's loopback proxy) -> the ambassador -> the server,
#               the path of a consumer on the host using an ambassador published with -p
#   published-noproxy
#               the same through a second berthd run with --userland-proxy=false: 127.0.0.1:published port is
#               DNAT-ed to the ambassador by the kernel, so the ambassador is the only proxy on the path
#   socat       client -> socat TCP-LISTEN,fork -> the server (the same forwarding as the ambassador, by socat)
#   ambassador-nat
#               client -> a second ambassador of the first berthd, started with -e AMBASSADOR_MODE=nat, at its
#               address:9000 -> the bridge gateway:server: the kernel forwards (DNAT in the container's
#               namespace), not berthd
#   published-ctr
#               client -> 127.0.0.1:published port of a plain container (berthd's loopback proxy) -> a second
#               server, run in that container's network namespace (nsenter; the container itself only sleeps):
#               a published port with no ambassador behind it
#   published-ctr-noproxy
#               the same through the --userland-proxy=false berthd: DNAT only, no proxy at all on the path
#   ctr-direct  client -> that container's address:9100 over the bridge: what the bridge and the veth cost
#               without NAT or a proxy
# With CC_AB=1, one more path for an A/B of the backend socket's congestion control:
#   ambassador-bbr
#               as ambassador, through a third berthd run with -Dberth.proxy.internal-congestion=off, so its
#               backend socket keeps the host's default (BBR here) instead of cubic
# Rounds are interleaved and medians reported (the machine is shared). Prints a markdown table to stdout, every
# sample to stderr. The berthds are this script's own: their own roots, bridges (bab0, bac0, bad0), subnets and
# chain prefixes (BAB, BAC, BAD), removed at the end. Needs root, a built checkout (scripts/setup.sh), socat and
# busybox-static.
# Environment: ROUNDS (5), BYTES (1073741824), CONNS (10000), CONC (32), CC_AB (0), BERTHD_MTU (unset: 1500): the
# default network's MTU every berthd of the run gets (daemon.json "mtu"), so its bridge and the containers' veths
# carry larger packets (65520 is near loopback's 65536).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/java.sh"
berth_find_java
ROUNDS=${ROUNDS:-5}
BYTES=${BYTES:-1073741824}
CONNS=${CONNS:-10000}
CONC=${CONC:-32}
CC_AB=${CC_AB:-0}
BERTHD_MTU=${BERTHD_MTU:-}
CP="$ROOT/berth-core/target/classes"
SRC="$ROOT/bench/proxy/ProxyBench.java"
log() { echo "bench: $*" >&2; }

[ -d "$CP/dev/berth/proxy" ] || { log "build first: scripts/setup.sh"; exit 1; }
command -v socat >/dev/null || { log "socat is missing: apt-get install -y socat"; exit 1; }
[ "$(id -u)" = 0 ] || { log "run as root (berthd makes a bridge and namespaces)"; exit 1; }

work=$(mktemp -d /tmp/berth-amb-bench.XXXXXX)
pids=()
daemons=()   # name:pid of each berthd started
berth() { local name=$1; shift; "$ROOT/bin/berth" -H "unix://$work/$name/berthd.sock" "$@"; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  for d in "${daemons[@]}"; do berth "${d%%:*}" rm -f "amb-${d%%:*}" "srv-${d%%:*}" >/dev/null 2>&1 || true; done
  berth proxy rm -f amb-nat >/dev/null 2>&1 || true
  for d in "${daemons[@]}"; do kill "${d#*:}" 2>/dev/null || true; wait "${d#*:}" 2>/dev/null || true; done
  # a berthd that stops with no container left removes its chains and bridge itself
  for prefix in BAB BAC BAD; do
    if iptables-save 2>/dev/null | grep -q ":$prefix-"; then log "warning: chains $prefix-* are left"; fi
  done
  for br in bab0 bac0 bad0; do ip link del "$br" 2>/dev/null || true; done
  for d in "${daemons[@]}"; do umount -R "$work/${d%%:*}/run" 2>/dev/null || true; done
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

# start_daemon NAME BRIDGE PREFIX SUBNET POOL [berthd flags...]: a berthd of its own under $work/NAME; sets
# last_pid. JAVA_TOOL_OPTIONS in the environment reaches its JVM.
start_daemon() {
  local name=$1 bridge=$2 prefix=$3 subnet=$4 pool=$5; shift 5
  mkdir -p "$work/$name"
  "$ROOT/bin/berthd" --data-root="$work/$name/data" --exec-root="$work/$name/run" -H "unix://$work/$name/berthd.sock" \
    --bridge="$bridge" --bip="$subnet" --iptables-chain-prefix="$prefix" --default-address-pool="$pool" --group=root \
    --config-file="$work/daemon.json" "$@" >"$work/$name/berthd.log" 2>&1 &
  last_pid=$!
  daemons+=("$name:$last_pid")
  for _ in $(seq 1 300); do berth "$name" version >/dev/null 2>&1 && break; sleep 0.2; done
  berth "$name" version >/dev/null || { log "berthd $name did not start: $(cat "$work/$name/berthd.log")"; exit 1; }
  berth "$name" image bootstrap ambassador >/dev/null
}

# ambassador NAME GATEWAY [run flags...]: the daemon's ambassador to the server through its bridge's gateway;
# sets amb_ip.
ambassador() {
  local name=$1 gateway=$2; shift 2
  berth "$name" run -d --name "amb-$name" -e "BENCH_PORT_9000_TCP=tcp://$gateway:$server_port" "$@" berth/ambassador >/dev/null
  amb_ip=$(berth "$name" inspect -f '{{.NetworkSettings.IPAddress}}' "amb-$name")
  wait_tcp "$amb_ip" 9000
}

# nat_ambassador: an ambassador in NAT mode on the first berthd, to the same server; sets nat_ip.
nat_ambassador() {
  berth proxy run -d --name amb-nat -e AMBASSADOR_MODE=nat -e "BENCH_PORT_9000_TCP=tcp://10.237.0.1:$server_port" \
    berth/ambassador >/dev/null
  nat_ip=$(berth proxy inspect -f '{{.NetworkSettings.IPAddress}}' amb-nat)
  wait_tcp "$nat_ip" 9000
}

if [ -n "$BERTHD_MTU" ]; then echo "{\"mtu\": $BERTHD_MTU}" >"$work/daemon.json"; else echo '{}' >"$work/daemon.json"; fi
start_daemon proxy bab0 BAB 10.237.0.0/24 10.238.0.0/16
proxy_pid=$last_pid
start_daemon noproxy bac0 BAC 10.251.0.0/24 10.252.0.0/16 --userland-proxy=false
noproxy_pid=$last_pid
if [ "$CC_AB" = 1 ]; then
  JAVA_TOOL_OPTIONS=-Dberth.proxy.internal-congestion=off start_daemon bbr bad0 BAD 10.253.0.0/24 10.254.0.0/16
  bbr_pid=$last_pid
fi

server_port=$(free_port); pub_port=$(free_port); noproxy_port=$(free_port); socat_port=$(free_port)
"$JAVA" -cp "$CP" "$SRC" server "$server_port" 0.0.0.0 >"$work/server.log" 2>&1 & pids+=($!)
wait_tcp 127.0.0.1 "$server_port"
ambassador proxy 10.237.0.1 -p "127.0.0.1:$pub_port:9000"
proxy_amb=$amb_ip
wait_tcp 127.0.0.1 "$pub_port"
ambassador noproxy 10.251.0.1 -p "127.0.0.1:$noproxy_port:9000"
wait_tcp 127.0.0.1 "$noproxy_port"
paths=(direct="$server_port" ambassador="$proxy_amb/9000:$proxy_pid")
if [ "$CC_AB" = 1 ]; then
  ambassador bbr 10.253.0.1
  bbr_amb=$amb_ip
  paths+=(ambassador-bbr="$amb_ip/9000:$bbr_pid")
fi
paths+=(published="$pub_port:$proxy_pid" published-noproxy="$noproxy_port:$noproxy_pid")

# container NAME PORT: a container of the daemon publishing 127.0.0.1:PORT:9100, with a server in its namespace.
container_server() {
  local name=$1 port=$2 pid
  berth "$name" image bootstrap busybox >/dev/null
  berth "$name" run -d --name "srv-$name" -p "127.0.0.1:$port:9100" busybox sleep 100000 >/dev/null
  pid=$(berth "$name" inspect -f '{{.State.Pid}}' "srv-$name")
  nsenter --net="/proc/$pid/ns/net" "$JAVA" -cp "$CP" "$SRC" server 9100 0.0.0.0 >"$work/$name/server.log" 2>&1 & pids+=($!)
  wait_tcp 127.0.0.1 "$port"
  for _ in $(seq 1 100); do grep -q . "$work/$name/server.log" && break; sleep 0.1; done
}
ctr_port=$(free_port); ctr_noproxy_port=$(free_port)
container_server proxy "$ctr_port"
container_server noproxy "$ctr_noproxy_port"
ctr_ip=$(berth noproxy inspect -f '{{.NetworkSettings.IPAddress}}' srv-noproxy)
paths+=(published-ctr="$ctr_port:$proxy_pid" published-ctr-noproxy="$ctr_noproxy_port:$noproxy_pid" ctr-direct="$ctr_ip/9100")

# What the ambassadors' backend sockets use: one connection held open through each while ss looks.
backend_cc() { # name ambassador-ip gateway
  exec 6<>"/dev/tcp/$2/9000"
  sleep 0.5
  log "$1: backend congestion control: $(ss -tinH state established dst "$3:$server_port" | grep -oE '\b(cubic|bbr|reno)\b' | head -1)"
  exec 6>&-
}
backend_cc ambassador "$proxy_amb" 10.237.0.1
[ "$CC_AB" = 1 ] && backend_cc ambassador-bbr "$bbr_amb" 10.253.0.1
socat "TCP-LISTEN:$socat_port,bind=127.0.0.1,fork,reuseaddr,backlog=4096" "TCP:127.0.0.1:$server_port" \
  2>"$work/socat.log" & pids+=($!)
wait_tcp 127.0.0.1 "$socat_port"

paths+=(socat="$socat_port")
nat_ambassador
paths+=(ambassador-nat="$nat_ip/9000:$proxy_pid")
log "paths: ${paths[*]} (name=[host/]port:berthd pid)"
log "MTU: bab0 $(cat /sys/class/net/bab0/mtu), bac0 $(cat /sys/class/net/bac0/mtu), lo $(cat /sys/class/net/lo/mtu)"
log "$ROUNDS rounds, $BYTES bytes, $CONNS connections ($CONC at a time)"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$CP" "$SRC" client "$ROUNDS" "$BYTES" "$CONNS" "$CONC" "${paths[@]}"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
berth proxy ambassador ls >&2
exec 5>&- 6>&- 2>/dev/null || true
