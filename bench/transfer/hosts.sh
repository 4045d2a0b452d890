# Sourced by bench/transfer/run.sh and bench/deploy-scale/run.sh: a local berthd holding the images and N
# "remote hosts" on this machine, each reached over ssh on loopback, as issue 8's benchmarks need them.
#
#   local    this checkout's bin/berthd in a network namespace of its own (xb-local): the images are built here
#   hI       one "host": bin/berthd in its own network namespace (xb-hI), with its own data root, exec root,
#            socket, bridge (xbI0), subnets and iptables chain prefix (XBI); and Debian's sshd on 127.0.0.1 at
#            a free port, with a host key, a user key and a config of its own, whose sessions find a `berth` on
#            their PATH bound to that host's socket. Optionally a byte-counting relay (countproxy.py) in front
#            of the sshd: the client then connects to the relay's port.
#
# berthd runs in its namespace through `nsenter --net` (only the network namespace: `ip netns exec` would
# remount /sys and hide the cgroup mounts runc needs), so each host's bridges, veths and iptables rules live in
# that namespace and go with it. sshd and the ssh client stay on the machine's loopback: a unix socket needs no
# network. The client side uses an ssh config of its own (ssh -F), trusting exactly these hosts' keys, so
# neither ~/.ssh nor /etc/ssh plays a part, and the system's ssh service is never started.
#
# Everything lives under $XB_DIR (default /var/lib/berth-xbench), removed at teardown. Every process started
# here is recorded by its pid; xb_teardown stops exactly those (and their descendants), removes the namespaces
# and unmounts what the daemons left, then fails, listing them, if anything of the harness is still there
# (xb_leftovers). The scripts run it on every exit, failures included.
#
# The caller sets ROOT (the checkout).

XB_DIR=${XB_DIR:-/var/lib/berth-xbench}
XB_SSH_CONFIG="$XB_DIR/ssh_config"
BERTH="$ROOT/bin/berth"
XB_LOCAL_SOCK="$XB_DIR/local/berthd.sock"

declare -A xb_berthd_pid=()   # host name -> berthd pid
declare -A xb_ssh_port=()     # host name -> the port the client uses (the relay's when there is one)
declare -A xb_sshd_port=()    # host name -> sshd's own port
declare -a xb_other_pids=()   # sshds and relays
xb_privsep_made=""

xb_log() { echo "bench: $*" >&2; }

xb_need_root() {
  [ "$(id -u)" = 0 ] || { xb_log "run as root (the daemons mount, make namespaces and cgroups)"; exit 1; }
  local t
  for t in nsenter ip sshd ssh ssh-keygen python3 runc conmon; do
    command -v "$t" >/dev/null || [ -x "/usr/sbin/$t" ] || { xb_log "missing $t (scripts/setup.sh installs it)"; exit 1; }
  done
  [ -f "$ROOT/berth-daemon/target/berth-daemon.jar" ] || { xb_log "not built: run scripts/build.sh"; exit 1; }
}

# The start both benchmarks share: the traps that tear everything down, the root check, a refusal to run over an
# earlier run's leftovers, the load average before (in load_before), and a fresh OUT with raw.tsv's header line.
xb_begin() {   # OUT HEADER
  trap 'xb_teardown' EXIT
  trap 'exit 130' INT TERM
  xb_need_root
  local left
  left=$(xb_leftovers)
  [ -z "$left" ] || { xb_log "an earlier run left these behind; remove them first:"; echo "$left" >&2; trap - EXIT; exit 1; }
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  rm -rf "$1"; mkdir -p "$1" "$XB_DIR"
  printf '%s\n' "$2" >"$1/raw.tsv"
}

# The CLI against the local daemon, with the harness's ssh config for ssh:// hosts.
xb_berth() {
  BERTH_HOST="unix://$XB_LOCAL_SOCK" BERTH_SSH_COMMAND="ssh -F $XB_SSH_CONFIG" HOME="$XB_DIR" "$BERTH" "$@"
}

# The CLI against one host's daemon, straight through its socket (for setting up and checking, never measured).
xb_host_berth() {   # NAME ARGS...
  local name=$1
  shift
  BERTH_HOST="unix://$XB_DIR/$name/berthd.sock" "$BERTH" "$@"
}

xb_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

xb_now_ms() { echo $(($(date +%s%N) / 1000000)); }

# CPU time the whole machine has spent busy so far (user, nice, system, irq, softirq, steal), in ms: the
# difference over a step, against its wall time × the cores, says whether the step was bound by the CPU.
xb_cpu_busy_ms() {
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { printf "%d\n", ($2 + $3 + $4 + $7 + $8 + $9) * 1000 / hz }' /proc/stat
}

# CPU time used so far by what this harness runs, in ms: the berthds, the sshds and relays (with their
# sessions, the remote `berth` JVMs, once reaped) and the calling shell's reaped children (the local CLIs);
# each process's own time plus its reaped children's (/proc/PID/stat fields 14 to 17). Not counted: conmon,
# which leaves berthd's tree, and the containers themselves (here, shells that sleep).
xb_our_cpu_ms() {
  xb_cpu_ms $$ "${xb_berthd_pid[@]}" "${xb_other_pids[@]}"
}

# The same for the processes named: their own CPU time plus their reaped children's, in ms.
xb_cpu_ms() {   # PID...
  local pid ticks=0 f
  for pid in "$@"; do
    f=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    ticks=$((ticks + $(awk '{ print $12 + $13 + $14 + $15 }' <<<"$f")))
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# Mount points at or under a directory, deepest first (so they can be unmounted in this order).
xb_mounts_under() {
  awk -v d="$1" '{ m = $5; gsub(/\\040/, " ", m); if (m == d || index(m, d "/") == 1) print m }' \
    /proc/self/mountinfo | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-
}

xb_unmount_under() {
  local m
  while read -r m; do
    [ -n "$m" ] || continue
    umount "$m" 2>/dev/null || umount -l "$m" || true
  done < <(xb_mounts_under "$1")
}

# Starts berthd NAME (local or hI) with index I (its bridge, subnets and chain prefix) in namespace xb-NAME,
# with a fresh data root unless one is there already, and waits until it answers.
xb_start_berthd() {   # NAME I
  local name=$1 i=$2 dir="$XB_DIR/$1" n
  mkdir -p "$dir"
  [ -e "/run/netns/xb-$name" ] || { ip netns add "xb-$name"; ip -n "xb-$name" link set lo up; }
  nsenter --net="/run/netns/xb-$name" "$ROOT/bin/berthd" --data-root="$dir/data" --exec-root="$dir/run" \
    -H "unix://$dir/berthd.sock" --bridge="xb${i}0" --bip="10.230.$i.1/24" \
    --default-address-pool="10.$((240 + i)).0.0/16" --iptables-chain-prefix="XB$i" \
    --storage-driver=overlay --group=root </dev/null >>"$dir/berthd.log" 2>&1 &
  xb_berthd_pid[$name]=$!
  for n in $(seq 1 600); do
    [ -S "$dir/berthd.sock" ] && xb_host_berth "$name" version >/dev/null 2>&1 && return 0
    kill -0 "${xb_berthd_pid[$name]}" 2>/dev/null || { xb_log "berthd $name exited; the end of its log:"; tail -20 "$dir/berthd.log" >&2; return 1; }
    sleep 0.1
  done
  xb_log "berthd $name did not answer within 60 s; see $dir/berthd.log"
  return 1
}

# Removes every stack and container of berthd NAME, stops it (SIGTERM, then SIGKILL after 30 s) and
# unmounts what it left under its directory.
xb_stop_berthd() {   # NAME
  local name=$1 pid=${xb_berthd_pid[$1]:-} p ids n
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    for p in $(xb_host_berth "$name" stack ls --format '{{.Name}}' 2>/dev/null || true); do
      xb_host_berth "$name" stack down -v "$p" >/dev/null 2>&1 || true
    done
    ids=$(xb_host_berth "$name" ps -aq 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -z "$ids" ] || xb_host_berth "$name" rm -f -v $ids >/dev/null 2>&1 || true
    kill -TERM "$pid" 2>/dev/null || true
    for n in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then xb_log "berthd $name still running after 30 s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
    wait "$pid" 2>/dev/null || true
  fi
  unset "xb_berthd_pid[$name]"
  xb_unmount_under "$XB_DIR/$name"
}

# Stops berthd NAME, deletes its data root and starts it again: a host that has never seen an image.
xb_fresh_berthd() {   # NAME I
  xb_stop_berthd "$1"
  rm -rf "$XB_DIR/$1/data" "$XB_DIR/$1/run" "$XB_DIR/$1/berthd.sock"
  xb_start_berthd "$1" "$2"
}

xb_keygen() { ssh-keygen -q -t ed25519 -N "" -C berth-xbench -f "$1"; }

# Debian's sshd for host NAME on 127.0.0.1 at a free port; with RELAY=1 a counting relay in front of it.
# Its sessions' PATH starts with a directory whose `berth` runs this checkout's CLI against NAME's socket.
xb_start_sshd() {   # NAME RELAY
  local name=$1 relay=$2 dir="$XB_DIR/ssh-$1" port n
  mkdir -p "$dir/bin"
  xb_keygen "$dir/host_key"
  xb_keygen "$dir/user_key"
  cp "$dir/user_key.pub" "$dir/authorized_keys"
  printf '#!/bin/sh\nexec %s -H unix://%s "$@"\n' "$BERTH" "$XB_DIR/$name/berthd.sock" >"$dir/bin/berth"
  chmod 755 "$dir/bin/berth"
  port=$(xb_free_port)
  cat >"$dir/sshd_config" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
MaxStartups 100
SetEnv PATH=$dir/bin:/usr/bin:/bin
EOF
  if [ ! -d /run/sshd ]; then mkdir -m 755 /run/sshd; xb_privsep_made=1; fi
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 &
  xb_other_pids+=($!)
  xb_sshd_port[$name]=$port
  xb_ssh_port[$name]=$port
  xb_wait_port "$port" || { xb_log "sshd of $name did not listen; its log:"; cat "$dir/sshd.log" >&2; return 1; }
  if [ "$relay" = 1 ]; then
    xb_ssh_port[$name]=$(xb_free_port)
    python3 "$ROOT/bench/transfer/countproxy.py" "${xb_ssh_port[$name]}" "$port" "$dir/relay.state" \
      >"$dir/relay.log" 2>&1 &
    xb_other_pids+=($!)
    xb_wait_port "${xb_ssh_port[$name]}" || { xb_log "the relay of $name did not listen"; return 1; }
  fi
}

xb_wait_port() {
  local n
  for n in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The client's ssh config and known_hosts, trusting every host started so far (at the port the client uses).
xb_write_ssh_config() {
  local name key
  : >"$XB_DIR/known_hosts"
  {
    echo "Host *"
    echo "  UserKnownHostsFile $XB_DIR/known_hosts"
    echo "  GlobalKnownHostsFile /dev/null"
    echo "  StrictHostKeyChecking yes"
    echo "  IdentitiesOnly yes"
    echo "  IdentityAgent none"
    echo "  ControlMaster no"
  } >"$XB_SSH_CONFIG"
  for name in "${!xb_ssh_port[@]}"; do
    read -r -a key <"$XB_DIR/ssh-$name/host_key.pub"
    echo "[127.0.0.1]:${xb_ssh_port[$name]} ${key[0]} ${key[1]}" >>"$XB_DIR/known_hosts"
    echo "  IdentityFile $XB_DIR/ssh-$name/user_key" >>"$XB_SSH_CONFIG"
  done
}

xb_uri() { echo "ssh://root@127.0.0.1:${xb_ssh_port[$1]}"; }

# The bytes the relay of host NAME carried so far, both ways summed, once no connection through it is open
# (a client that has exited may still have its connection closing in the relay for a moment).
xb_relay_bytes() {   # NAME
  local state="$XB_DIR/ssh-$1/relay.state" up down open closed n
  for n in $(seq 1 100); do
    read -r up down open closed <"$state"
    [ "$open" = 0 ] && { echo $((up + down)); return 0; }
    sleep 0.1
  done
  xb_log "the relay of $1 still has $open connection(s) open"
  echo $((up + down))
}

# Kills a process and every descendant of it, children first seen from the top (by pid, nothing else).
xb_kill_tree() {   # PID
  local pid=$1 kids k
  kids=$(cat /proc/"$pid"/task/*/children 2>/dev/null || true)
  kill -TERM "$pid" 2>/dev/null || true
  for k in $kids; do xb_kill_tree "$k"; done
}

xb_teardown() {
  local name pid n
  for name in "${!xb_berthd_pid[@]}"; do xb_stop_berthd "$name"; done
  for pid in "${xb_other_pids[@]}"; do xb_kill_tree "$pid"; done
  for pid in "${xb_other_pids[@]}"; do
    for n in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  xb_other_pids=()
  for name in $(ip netns list | awk '$1 ~ /^xb-/ { print $1 }'); do ip netns del "$name"; done
  if [ -d "$XB_DIR" ]; then
    xb_unmount_under "$XB_DIR"
    if [ -z "$(xb_mounts_under "$XB_DIR")" ]; then rm -rf "$XB_DIR"; else xb_log "not removing $XB_DIR: still mounted under it"; fi
  fi
  if [ -n "$xb_privsep_made" ]; then rmdir /run/sshd 2>/dev/null || true; xb_privsep_made=""; fi
  local left
  left=$(xb_leftovers)
  [ -z "$left" ] || { xb_log "left behind:"; echo "$left" >&2; return 1; }
}

# Anything of this harness still there: processes naming $XB_DIR, namespaces, links, chains, mounts, files.
xb_leftovers() {
  pgrep -af -- "$XB_DIR" | grep -v "^$$ " || true
  ip netns list | grep '^xb-' || true
  ip -br link | grep -E '^xb[0-9]+' || true
  iptables-save 2>/dev/null | grep -E '^:XB[0-9L]' || true
  xb_mounts_under "$XB_DIR"
  [ ! -e "$XB_DIR" ] || echo "$XB_DIR still exists"
}

# The load average and the machine, for the report.
xb_machine() {
  echo "load average before: $1, after: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)," \
    "$(uname -r), $(ssh -V 2>&1 | cut -d, -f1)"
}
