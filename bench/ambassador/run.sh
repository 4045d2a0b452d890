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
# Environment: ROUNDS (5), BYTES (1073741824), CONNS (10000; 0: throughput only), CONC (32), CC_AB (0),
# BERTHD_MTU (unset: 1500): the default network's MTU every berthd of the run gets (daemon.json "mtu"), so its
# bridge and the containers' veths carry larger packets (65520 is near loopback's 65536).
# PATHS (all of the above): the paths to run, by name, for short runs with more rounds; direct is always run
# (the ratios are to it). A berthd that no selected path uses is not started.
# BERTHD_MTU2 (unset): side by side in the same rounds, one more berthd (--userland-proxy=false, bridge bae0,
# chains BAE) at this MTU, through which the selected bridge paths (ambassador-nat, published-ctr-noproxy,
# ctr-direct) run again, named PATH@MTU2, so the two MTUs meet the same load in every round.
# TUNE2 (unset): settings applied to that second berthd's bridge path only (host veths and the containers' eth0),
# so one run compares them with the first berthd's defaults (use BERTHD_MTU2=1500 for the same MTU); the paths
# are then named PATH@MTU2+TUNE2. Words, several allowed: gro (ethtool -K gro on, NAPI GRO on the veth pair),
# fq (the fq qdisc on both ends of the veths, so TCP's pacing is the qdisc's and not TCP's own timers; needs
# sch_fq in the kernel),
# cubic (congctl cubic on the routes between host and containers, in both directions), bbr (that berthd runs
# with -Dberth.proxy.internal-congestion=off, so the host's route to its bridge keeps the host's default, BBR here,
# where berthd otherwise sets cubic; see "The host's route to a bridge" in docs/networking.md).
# In the stderr log: the veths' offloads and qdiscs, br_netfilter's state, and berth's rules (iptables-save).
# With a path named direct, the client also prints each path's per-round ratio to direct and the host's CPU per
# GiB (from /proc/stat: the whole machine, so other work on it counts too).
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
BERTHD_MTU2=${BERTHD_MTU2:-}
TUNE2=${TUNE2:-}
ALL_PATHS="direct ambassador published published-noproxy published-ctr published-ctr-noproxy ctr-direct socat ambassador-nat"
[ "$CC_AB" = 1 ] && ALL_PATHS="$ALL_PATHS ambassador-bbr"
PATHS=${PATHS:-$ALL_PATHS}
for p in $PATHS; do
  case " $ALL_PATHS " in *" $p "*) ;; *) echo "bench: unknown path $p (known: $ALL_PATHS)" >&2; exit 1 ;; esac
done
for w in $TUNE2; do
  case $w in gro|fq|cubic|bbr) ;; *) echo "bench: unknown TUNE2 word $w (known: gro fq cubic bbr)" >&2; exit 1 ;; esac
done
[ -z "$TUNE2" ] || [ -n "$BERTHD_MTU2" ] || { echo "bench: TUNE2 needs BERTHD_MTU2 (1500 for the same MTU)" >&2; exit 1; }
want() { case " $PATHS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
want_any() { for p in "$@"; do want "$p" && return 0; done; return 1; }
CP="$ROOT/berth-core/target/classes"
SRC="$ROOT/bench/proxy/ProxyBench.java"
log() { echo "bench: $*" >&2; }

[ -d "$CP/dev/berth/proxy" ] || { log "build first: scripts/setup.sh"; exit 1; }
! want socat || command -v socat >/dev/null || { log "socat is missing: apt-get install -y socat"; exit 1; }
case " $TUNE2 " in *" gro "*) command -v ethtool >/dev/null || { log "ethtool is missing: apt-get install -y ethtool"; exit 1; } ;; esac
[ "$(id -u)" = 0 ] || { log "run as root (berthd makes a bridge and namespaces)"; exit 1; }

work=$(mktemp -d /tmp/berth-amb-bench.XXXXXX)
pids=()
daemons=()   # name:pid of each berthd started
berth() { local name=$1; shift; "$ROOT/bin/berth" -H "unix://$work/$name/berthd.sock" "$@"; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  for d in "${daemons[@]}"; do
    berth "${d%%:*}" rm -f "amb-${d%%:*}" "srv-${d%%:*}" "nat-${d%%:*}" >/dev/null 2>&1 || true
  done
  for d in "${daemons[@]}"; do kill "${d#*:}" 2>/dev/null || true; wait "${d#*:}" 2>/dev/null || true; done
  # a berthd that stops with no container left removes its chains and bridge itself
  for prefix in BAB BAC BAD BAE; do
    if iptables-save 2>/dev/null | grep -q ":$prefix-"; then log "warning: chains $prefix-* are left"; fi
  done
  for br in bab0 bac0 bad0 bae0; do ip link del "$br" 2>/dev/null || true; done
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
# last_pid. JAVA_TOOL_OPTIONS in the environment reaches its JVM, CONFIG (daemon.json) the file it reads.
start_daemon() {
  local name=$1 bridge=$2 prefix=$3 subnet=$4 pool=$5 config=${CONFIG:-daemon.json}; shift 5
  mkdir -p "$work/$name"
  "$ROOT/bin/berthd" --data-root="$work/$name/data" --exec-root="$work/$name/run" -H "unix://$work/$name/berthd.sock" \
    --bridge="$bridge" --bip="$subnet" --iptables-chain-prefix="$prefix" --default-address-pool="$pool" --group=root \
    --config-file="$work/$config" "$@" >"$work/$name/berthd.log" 2>&1 &
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

# nat_ambassador NAME GATEWAY: an ambassador in NAT mode on that berthd, to the same server; sets nat_ip.
nat_ambassador() {
  local name=$1 gateway=$2
  berth "$name" run -d --name "nat-$name" -e AMBASSADOR_MODE=nat -e "BENCH_PORT_9000_TCP=tcp://$gateway:$server_port" \
    berth/ambassador >/dev/null
  nat_ip=$(berth "$name" inspect -f '{{.NetworkSettings.IPAddress}}' "nat-$name")
  wait_tcp "$nat_ip" 9000
}

# container_server NAME PORT: a container of the daemon publishing 127.0.0.1:PORT:9100, with a server in its
# namespace; sets ctr_ip.
container_server() {
  local name=$1 port=$2 pid
  berth "$name" image bootstrap busybox >/dev/null
  berth "$name" run -d --name "srv-$name" -p "127.0.0.1:$port:9100" busybox sleep 100000 >/dev/null
  pid=$(berth "$name" inspect -f '{{.State.Pid}}' "srv-$name")
  nsenter --net="/proc/$pid/ns/net" "$JAVA" -cp "$CP" "$SRC" server 9100 0.0.0.0 >"$work/$name/server.log" 2>&1 & pids+=($!)
  wait_tcp 127.0.0.1 "$port"
  for _ in $(seq 1 100); do grep -q . "$work/$name/server.log" && break; sleep 0.1; done
  ctr_ip=$(berth "$name" inspect -f '{{.NetworkSettings.IPAddress}}' "srv-$name")
}

# bridge_paths NAME GATEWAY PID SUFFIX: the selected paths that cross only the bridge (no proxy), through that
# (--userland-proxy=false) berthd, appended to paths with SUFFIX on their names.
bridge_paths() {
  local name=$1 gateway=$2 pid=$3 suffix=$4 port
  if want_any published-ctr-noproxy ctr-direct; then
    port=$(free_port)
    container_server "$name" "$port"
    want published-ctr-noproxy && paths+=("published-ctr-noproxy$suffix=$port:$pid")
    want ctr-direct && paths+=("ctr-direct$suffix=$ctr_ip/9100")
  fi
  if want ambassador-nat; then
    nat_ambassador "$name" "$gateway"
    paths+=("ambassador-nat$suffix=$nat_ip/9000:$pid")
  fi
}

# container_pids NAME: the pids of that berthd's running containers.
container_pids() {
  local c
  for c in $(berth "$1" ps -q); do berth "$1" inspect -f '{{.State.Pid}}' "$c"; done
}

# tune BRIDGE NAME WORDS...: applies the TUNE2 settings to the bridge's veths (host ends) and the daemon's
# containers' eth0.
tune() {
  local bridge=$1 name=$2 w dev pid subnet gateway; shift 2
  local host_devs=$(ip -o link show master "$bridge" | awk -F': ' '{print $2}' | cut -d@ -f1)
  subnet=$(ip -4 route show dev "$bridge" scope link | awk '{print $1}' | head -1)
  gateway=$(ip -4 -o addr show dev "$bridge" | awk '{print $4}' | cut -d/ -f1 | head -1)
  for w in "$@"; do
    case $w in
      gro)
        for dev in $host_devs; do ethtool -K "$dev" gro on; done
        for pid in $(container_pids "$name"); do nsenter --net="/proc/$pid/ns/net" ethtool -K eth0 gro on; done ;;
      fq)
        for dev in $host_devs; do tc qdisc replace dev "$dev" root fq; done
        for pid in $(container_pids "$name"); do nsenter --net="/proc/$pid/ns/net" tc qdisc replace dev eth0 root fq; done ;;
      cubic)
        ip route replace "$subnet" dev "$bridge" proto kernel scope link src "$gateway" congctl cubic
        for pid in $(container_pids "$name"); do
          nsenter --net="/proc/$pid/ns/net" sh -c "ip route change default via $gateway dev eth0 congctl cubic"
        done ;;
    esac
  done
}

# describe BRIDGE NAME: the bridge path's settings, to the log.
describe() {
  local bridge=$1 name=$2 dev pid
  dev=$(ip -o link show master "$bridge" | awk -F': ' '{print $2}' | cut -d@ -f1 | head -1)
  pid=$(container_pids "$name" | head -1)
  log "$bridge: mtu $(cat "/sys/class/net/$bridge/mtu"); host veth $dev: $(ip -o link show "$dev" | grep -o 'qdisc [a-z_]*'), $(ethtool -k "$dev" 2>/dev/null | grep -E '^(generic-receive-offload|tcp-segmentation-offload|generic-segmentation-offload|tx-checksumming|rx-checksumming):' | tr '\n' ' ' | tr -s ' ')"
  [ -n "$pid" ] && log "$bridge: container eth0: $(nsenter --net="/proc/$pid/ns/net" ip -o link show eth0 | grep -o 'qdisc [a-z_]*'), $(nsenter --net="/proc/$pid/ns/net" ethtool -k eth0 2>/dev/null | grep -E '^(generic-receive-offload|tcp-segmentation-offload):' | tr '\n' ' ' | tr -s ' '), routes: $(nsenter --net="/proc/$pid/ns/net" ip -4 route | tr '\n' ';')"
  log "$bridge: host route: $(ip -4 route show dev "$bridge" | tr '\n' ';')"
}

if [ -n "$BERTHD_MTU" ]; then echo "{\"mtu\": $BERTHD_MTU}" >"$work/daemon.json"; else echo '{}' >"$work/daemon.json"; fi
server_port=$(free_port)
"$JAVA" -cp "$CP" "$SRC" server "$server_port" 0.0.0.0 >"$work/server.log" 2>&1 & pids+=($!)
wait_tcp 127.0.0.1 "$server_port"
paths=(direct="$server_port")

if want_any ambassador published published-ctr; then
  start_daemon proxy bab0 BAB 10.237.0.0/24 10.238.0.0/16
  proxy_pid=$last_pid
fi
if want_any published-noproxy published-ctr-noproxy ctr-direct ambassador-nat; then
  start_daemon noproxy bac0 BAC 10.251.0.0/24 10.252.0.0/16 --userland-proxy=false
  noproxy_pid=$last_pid
fi
if [ "$CC_AB" = 1 ] && want ambassador-bbr; then
  JAVA_TOOL_OPTIONS=-Dberth.proxy.internal-congestion=off start_daemon bbr bad0 BAD 10.253.0.0/24 10.254.0.0/16
  bbr_pid=$last_pid
fi
if [ -n "$BERTHD_MTU2" ]; then
  echo "{\"mtu\": $BERTHD_MTU2}" >"$work/daemon2.json"
  case " $TUNE2 " in *" bbr "*) opts=-Dberth.proxy.internal-congestion=off ;; *) opts=${JAVA_TOOL_OPTIONS:-} ;; esac
  JAVA_TOOL_OPTIONS=$opts CONFIG=daemon2.json start_daemon mtu2 bae0 BAE 10.247.0.0/24 10.248.0.0/16 --userland-proxy=false
  mtu2_pid=$last_pid
fi

if want_any ambassador published; then
  pub_port=$(free_port)
  ambassador proxy 10.237.0.1 -p "127.0.0.1:$pub_port:9000"
  proxy_amb=$amb_ip
  wait_tcp 127.0.0.1 "$pub_port"
  want ambassador && paths+=(ambassador="$proxy_amb/9000:$proxy_pid")
fi
if want ambassador-bbr; then
  ambassador bbr 10.253.0.1
  bbr_amb=$amb_ip
  paths+=(ambassador-bbr="$amb_ip/9000:$bbr_pid")
fi
want published && paths+=(published="$pub_port:$proxy_pid")
if want published-noproxy; then
  noproxy_port=$(free_port)
  ambassador noproxy 10.251.0.1 -p "127.0.0.1:$noproxy_port:9000"
  wait_tcp 127.0.0.1 "$noproxy_port"
  paths+=(published-noproxy="$noproxy_port:$noproxy_pid")
fi
if want published-ctr; then
  ctr_port=$(free_port)
  container_server proxy "$ctr_port"
  paths+=(published-ctr="$ctr_port:$proxy_pid")
fi
if want_any published-ctr-noproxy ctr-direct ambassador-nat; then
  bridge_paths noproxy 10.251.0.1 "$noproxy_pid" ""
fi
if [ -n "$BERTHD_MTU2" ]; then
  suffix="@$BERTHD_MTU2"
  [ -n "$TUNE2" ] && suffix="$suffix+${TUNE2// /+}"
  bridge_paths mtu2 10.247.0.1 "$mtu2_pid" "$suffix"
  [ -n "$TUNE2" ] && tune bae0 mtu2 $TUNE2
fi

# What the ambassadors' backend sockets use: one connection held open through each while ss looks.
backend_cc() { # name ambassador-ip gateway
  exec 6<>"/dev/tcp/$2/9000"
  sleep 0.5
  log "$1: backend congestion control: $(ss -tinH state established dst "$3:$server_port" | grep -oE '\b(cubic|bbr|reno)\b' | head -1)"
  exec 6>&-
}
want ambassador && backend_cc ambassador "$proxy_amb" 10.237.0.1
want ambassador-bbr && backend_cc ambassador-bbr "$bbr_amb" 10.253.0.1
if want socat; then
  socat_port=$(free_port)
  socat "TCP-LISTEN:$socat_port,bind=127.0.0.1,fork,reuseaddr,backlog=4096" "TCP:127.0.0.1:$server_port" \
    2>"$work/socat.log" & pids+=($!)
  wait_tcp 127.0.0.1 "$socat_port"
  paths+=(socat="$socat_port")
fi
# Each PATH@VARIANT right after its PATH, so the two meet the same moment of the machine's load.
ordered=()
for p in "${paths[@]}"; do
  case ${p%%=*} in *@*) continue ;; esac
  ordered+=("$p")
  for q in "${paths[@]}"; do case ${q%%=*} in "${p%%=*}@"*) ordered+=("$q") ;; esac; done
done
paths=("${ordered[@]}")
log "paths: ${paths[*]} (name=[host/]port:berthd pid)"
for d in "${daemons[@]}"; do
  case ${d%%:*} in proxy) describe bab0 proxy ;; noproxy) describe bac0 noproxy ;; mtu2) describe bae0 mtu2 ;; esac
done
log "lo: mtu $(cat /sys/class/net/lo/mtu), qdisc $(ip -o link show lo | grep -o "qdisc [a-z_]*" | cut -d" " -f2); congestion control $(cat /proc/sys/net/ipv4/tcp_congestion_control), default qdisc $(cat /proc/sys/net/core/default_qdisc)"
if [ -d /proc/sys/net/bridge ]; then
  log "br_netfilter loaded: bridge-nf-call-iptables $(cat /proc/sys/net/bridge/bridge-nf-call-iptables)"
else
  log "br_netfilter not loaded"
fi
log "berth's rules: $(iptables-save | grep -cE -- '-A (BA[BCDE]|[A-Z]+ .*BA[BCDE]-)') rules in the BA* chains and jumps to them; conntrack entries $(cat /proc/sys/net/netfilter/nf_conntrack_count 2>/dev/null || echo '?')"
iptables-save | grep -E 'BA[BCDE]' >"$work/rules.txt" || true
log "$ROUNDS rounds, $BYTES bytes, $CONNS connections ($CONC at a time)"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp "$CP" "$SRC" client "$ROUNDS" "$BYTES" "$CONNS" "$CONC" "${paths[@]}"
log "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -n "${noproxy_pid:-}" ] && want ambassador-nat && berth noproxy ambassador ls >&2
[ -n "${BENCH_KEEP_RULES:-}" ] && cp "$work/rules.txt" "$BENCH_KEEP_RULES"
exec 5>&- 6>&- 2>/dev/null || true
