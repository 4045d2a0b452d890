# Sourced by bench/container-start/run.sh and bench/containers-100/run.sh: sets up and tears down the engines
# the container benchmarks compare, each isolated from anything else on the machine.
#
#   berthd   this checkout's bin/berthd, a fresh data root, its own socket and exec root, debug log to a file
#   dockerd  Debian's docker.io on its own socket, data root, exec root and config file, with --bridge none
#            --iptables=false --ip-masq=false so that it leaves the host's network alone (no docker0, no rules)
#   podman   Debian's podman with its own containers.conf and storage.conf (CONTAINERS_CONF and
#            CONTAINERS_STORAGE_CONF): runc, cgroupfs, file events, ulimits within the hard limits
#   runc     a bundle from `runc spec` with a busybox-static root filesystem, and its own state root
#
# Never the default sockets or roots: /run/docker.sock, /var/lib/docker, /var/lib/containers, /run/runc and
# /run/berth stay untouched. Persistent state (the peers' images, the runc bundle) is kept under
# $BENCH_STATE between runs; runtime state (sockets, pid files, exec roots) lives under $BENCH_RUN.
# Every process a function here starts is recorded, and bench_teardown stops exactly those.
#
# The caller sets ROOT (the checkout) and may set BENCH_STATE, BENCH_RUN and DOCKER_CLI.

BENCH_STATE=${BENCH_STATE:-/var/lib/berth-bench}
BENCH_RUN=${BENCH_RUN:-/run/berth-bench}
DOCKER_CLI=${DOCKER_CLI:-$(command -v docker || true)}
BERTH="$ROOT/bin/berth"
BERTH_SOCK="$BENCH_RUN/berth.sock"
BERTH_LOG="$BENCH_RUN/berthd.log"
PEER_DOCKER_SOCK="$BENCH_RUN/docker.sock"
PEER_DOCKER_LOG="$BENCH_RUN/dockerd.log"
RUNC_ROOT="$BENCH_RUN/runc"
RUNC_BUNDLE="$BENCH_STATE/runc-bundle"
IMAGE_TAR="$BENCH_RUN/busybox-image.tar"

berthd_pid=""
dockerd_pid=""
containerd_run_dir_made=""
podman_used=""

bench_log() { echo "bench: $*" >&2; }

bench_need_root() {
  [ "$(id -u)" = 0 ] || { bench_log "run as root (the engines mount, make namespaces and cgroups)"; exit 1; }
}

# Installs the Debian packages of the peers and of the harness when missing. On a machine with systemd,
# docker.io's postinst may start docker.service on the default socket: this harness never uses it.
bench_install_packages() {
  local p missing=()
  for p in runc conmon podman docker.io hyperfine busybox-static python3; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  bench_log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Mount points at or under a directory, deepest first (so they can be unmounted in this order).
bench_mounts_under() {
  local dir
  dir=$(readlink -f "$1" 2>/dev/null || echo "$1")
  awk -v d="$dir" '{ m = $5; gsub(/\\040/, " ", m); if (m == d || index(m, d "/") == 1) print m }' \
    /proc/self/mountinfo | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-
}

bench_unmount_under() {
  local m
  while read -r m; do
    [ -n "$m" ] || continue
    bench_log "unmounting leftover $m"
    umount "$m" 2>/dev/null || umount -l "$m" || true
  done < <(bench_mounts_under "$1")
}

# Removes a directory tree only when nothing is mounted under it (an overlay left mounted would otherwise
# have its lower layers deleted through it); unmounts what a stopped engine left behind first.
bench_remove_tree() {
  local dir=$1
  [ -e "$dir" ] || return 0
  bench_unmount_under "$dir"
  if [ -n "$(bench_mounts_under "$dir")" ]; then
    bench_log "not removing $dir: still mounted under it"; return 1
  fi
  rm -rf "$dir"
}

bench_wait_socket() {   # SOCKET PID NAME LOG
  local i
  for i in $(seq 1 300); do
    "$DOCKER_CLI" -H "unix://$1" version >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || { bench_log "$3 exited; the end of $4:"; tail -20 "$4" >&2; return 1; }
    sleep 0.1
  done
  bench_log "$3 did not answer on $1 within 30 s; see $4"; return 1
}

# berthd with a fresh data root (removed again at teardown) and debug logging, so that its per-phase trace
# lines land in $BERTH_LOG. The exec root keeps only berthd's class-data archive between runs.
bench_start_berthd() {
  [ -f "$ROOT/berth-daemon/target/berth-daemon.jar" ] || { bench_log "not built: run scripts/build.sh"; return 1; }
  mkdir -p "$BENCH_RUN" "$BENCH_STATE"
  # container root filesystems a killed earlier berthd left mounted in its exec root, over its data root
  bench_unmount_under "$BENCH_RUN/berth"
  bench_remove_tree "$BENCH_STATE/berth"
  if [ -d "$BENCH_RUN/berth" ]; then
    find "$BENCH_RUN/berth" -mindepth 1 -maxdepth 1 ! -name berthd.jsa -exec rm -rf {} + 2>/dev/null || true
  fi
  # the engine's trace lines are System.Logger DEBUG lines: this makes java.util.logging print them in case
  # System.Logger is not routed to SLF4J (whose level --debug sets)
  JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:-} -Djava.util.logging.config.file=$ROOT/bench/container-start/trace-logging.properties" \
  "$ROOT/bin/berthd" --data-root "$BENCH_STATE/berth" --exec-root "$BENCH_RUN/berth" -H "unix://$BERTH_SOCK" \
    --group root --debug >"$BERTH_LOG" 2>&1 &
  berthd_pid=$!
  bench_wait_socket "$BERTH_SOCK" "$berthd_pid" berthd "$BERTH_LOG"
  BERTH_HOST="unix://$BERTH_SOCK" "$BERTH" image bootstrap busybox >/dev/null
}

bench_stop_berthd() {
  [ -n "$berthd_pid" ] || return 0
  if kill -0 "$berthd_pid" 2>/dev/null; then
    bench_remove_containers "$BERTH_SOCK" berthd
    kill -TERM "$berthd_pid" 2>/dev/null || true
    bench_wait_exit "$berthd_pid" berthd
  fi
  berthd_pid=""
  bench_remove_tree "$BENCH_STATE/berth" || true
}

bench_wait_exit() {   # PID NAME: waits up to 20 s for a SIGTERMed process, then kills it
  local i
  for i in $(seq 1 200); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$1" 2>/dev/null; then bench_log "$2 still running after 20 s, SIGKILL"; kill -KILL "$1" 2>/dev/null || true; fi
  wait "$1" 2>/dev/null || true
}

# Removes every container of the engine behind SOCKET, through the API.
bench_remove_containers() {   # SOCKET NAME
  local ids
  ids=$("$DOCKER_CLI" -H "unix://$1" ps -aq 2>/dev/null || true)
  [ -n "$ids" ] || return 0
  bench_log "removing $(echo "$ids" | wc -l) container(s) of $2"
  echo "$ids" | xargs -r -n 20 "$DOCKER_CLI" -H "unix://$1" rm -f >/dev/null 2>&1 || true
}

# Debian's dockerd on its own socket, data root, exec root and (empty) config file; it starts its own
# containerd under the exec root. Its data root keeps the busybox image between runs.
bench_start_dockerd() {
  mkdir -p "$BENCH_RUN" "$BENCH_STATE/docker"
  # containerd keeps its shims' sockets under /run/containerd/s whatever its root: remove that directory
  # at the end when this run made it and it is empty again
  [ -e /run/containerd ] || containerd_run_dir_made=1
  [ -f "$BENCH_STATE/dockerd.json" ] || echo '{}' >"$BENCH_STATE/dockerd.json"
  dockerd --host "unix://$PEER_DOCKER_SOCK" --data-root "$BENCH_STATE/docker" --exec-root "$BENCH_RUN/docker" \
    --pidfile "$BENCH_RUN/dockerd.pid" --config-file "$BENCH_STATE/dockerd.json" \
    --bridge none --iptables=false --ip-masq=false >"$PEER_DOCKER_LOG" 2>&1 &
  dockerd_pid=$!
  bench_wait_socket "$PEER_DOCKER_SOCK" "$dockerd_pid" dockerd "$PEER_DOCKER_LOG"
}

bench_stop_dockerd() {
  [ -n "$dockerd_pid" ] || return 0
  if kill -0 "$dockerd_pid" 2>/dev/null; then
    bench_remove_containers "$PEER_DOCKER_SOCK" dockerd
    kill -TERM "$dockerd_pid" 2>/dev/null || true
    bench_wait_exit "$dockerd_pid" dockerd
  fi
  dockerd_pid=""
  if [ -n "$containerd_run_dir_made" ]; then rmdir /run/containerd/s /run/containerd 2>/dev/null || true; fi
}

# Podman's configuration as PEERS.md describes it, in files of the harness's own (the environment points
# podman at them, so /etc/containers and /var/lib/containers stay untouched): runc instead of crun (which
# refuses these hybrid cgroup hosts), cgroupfs, file events, and default ulimits no higher than the hard
# limits (without CAP_SYS_RESOURCE runc cannot raise them, and podman's defaults ask for 1048576).
bench_setup_podman() {
  local dir="$BENCH_STATE/podman" nofile nproc
  mkdir -p "$dir" "$BENCH_RUN/podman"
  nofile=$(ulimit -Hn); nproc=$(ulimit -Hu)
  [ "$nofile" = unlimited ] && nofile=1048576
  # podman lowers its own nproc hard limit to 32768 when it starts (seen in /proc/<podman>/limits), so the
  # runtime it spawns cannot set more than that
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
  cat >"$dir/containers.conf" <<EOF
# written by bench/container-start/engines.sh
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$BENCH_RUN/podman/tmp"
volume_path = "$dir/volumes"
[network]
network_config_dir = "$dir/networks"
EOF
  cat >"$dir/storage.conf" <<EOF
# written by bench/container-start/engines.sh
[storage]
driver = "overlay"
graphroot = "$dir/storage"
runroot = "$BENCH_RUN/podman/storage"
EOF
  printf 'unqualified-search-registries = []\n' >"$dir/registries.conf"
  export CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_STORAGE_CONF="$dir/storage.conf"
  export CONTAINERS_REGISTRIES_CONF="$dir/registries.conf"
  podman_used=1
  local ids
  ids=$(podman ps -aq 2>/dev/null || true)
  if [ -n "$ids" ]; then
    bench_log "removing podman containers left by an earlier run"
    echo "$ids" | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
  fi
}

bench_stop_podman() {
  [ -n "$podman_used" ] || return 0
  local ids
  ids=$(podman ps -aq 2>/dev/null || true)
  if [ -n "$ids" ]; then
    bench_log "removing $(echo "$ids" | wc -l) podman container(s)"
    echo "$ids" | xargs -r -n 20 podman rm -f -t 0 >/dev/null 2>&1 || true
  fi
  # podman's overlay driver keeps its layer directory bind-mounted private while it may have containers;
  # nothing else of the harness's podman should stay mounted once they are gone.
  local m
  while read -r m; do
    [ -n "$m" ] && { umount "$m" 2>/dev/null || bench_log "could not unmount $m"; }
  done < <(bench_mounts_under "$BENCH_STATE/podman"; bench_mounts_under "$BENCH_RUN/podman")
  podman_used=""
}

# Saves berthd's busybox:latest and loads the same archive into dockerd and podman, replacing an older
# busybox:latest there when its ID differs (the bootstrap stamps the import time into the config).
bench_load_image_into_peers() {
  local berth_id
  BERTH_HOST="unix://$BERTH_SOCK" "$BERTH" save -o "$IMAGE_TAR" busybox:latest
  berth_id=$("$DOCKER_CLI" -H "unix://$BERTH_SOCK" image inspect -f '{{.Id}}' busybox:latest)
  if [ -n "$dockerd_pid" ]; then
    local dcli=("$DOCKER_CLI" -H "unix://$PEER_DOCKER_SOCK") id
    id=$("${dcli[@]}" image inspect -f '{{.Id}}' busybox:latest 2>/dev/null || true)
    if [ "$id" != "$berth_id" ]; then
      [ -n "$id" ] && "${dcli[@]}" rmi -f busybox:latest >/dev/null
      "${dcli[@]}" load -q -i "$IMAGE_TAR" >/dev/null
    fi
  fi
  if [ -n "$podman_used" ]; then
    local id
    id=$(podman image inspect -f '{{.Id}}' busybox:latest 2>/dev/null || true)
    if [ "sha256:$id" != "$berth_id" ]; then
      [ -n "$id" ] && podman rmi -f busybox:latest >/dev/null
      podman load -q -i "$IMAGE_TAR" >/dev/null
    fi
  fi
  rm -f "$IMAGE_TAR"
}

# A runc bundle from `runc spec` (new pid, net, ipc, uts and mount namespaces: the `--network none`
# equivalent), with a busybox-static root filesystem, no terminal, and `true` as the process.
bench_prepare_runc_bundle() {
  local b=$RUNC_BUNDLE a
  mkdir -p "$RUNC_ROOT"
  if [ -f "$b/config.json" ] && cmp -s /bin/busybox "$b/rootfs/bin/busybox"; then return 0; fi
  rm -rf "$b"
  mkdir -p "$b/rootfs"/{bin,etc,dev,proc,sys,tmp,root}
  cp /bin/busybox "$b/rootfs/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$b/rootfs/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$b/rootfs/etc/passwd"
  echo 'root:x:0:' >"$b/rootfs/etc/group"
  chmod 1777 "$b/rootfs/tmp"
  (cd "$b" && runc spec)
  python3 - "$b/config.json" <<'EOF'
import json, sys
path = sys.argv[1]
spec = json.load(open(path))
proc = spec["process"]
proc["terminal"] = False
proc["args"] = ["true"]
proc["env"] = ["PATH=/bin", "HOME=/root"]
kinds = [ns["type"] for ns in spec["linux"]["namespaces"]]
if "network" not in kinds:
    spec["linux"]["namespaces"].append({"type": "network"})
json.dump(spec, open(path, "w"), indent=1)
EOF
}

# What an earlier run stopped short of its teardown (killed by SIGKILL, say) left running: its berthd and
# dockerd, found by their pid files in $BENCH_RUN, with their containers, and its runc containers.
bench_reap_stale() {
  local pid
  pid=$(cat "$BENCH_RUN/berth/berthd.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    bench_log "stopping berthd (pid $pid) left by an earlier run"
    bench_remove_containers "$BERTH_SOCK" berthd
    kill -TERM "$pid" 2>/dev/null || true
    bench_wait_exit "$pid" berthd
  fi
  pid=$(cat "$BENCH_RUN/dockerd.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    bench_log "stopping dockerd (pid $pid) left by an earlier run"
    bench_remove_containers "$PEER_DOCKER_SOCK" dockerd
    kill -TERM "$pid" 2>/dev/null || true
    bench_wait_exit "$pid" dockerd
  fi
  if [ -d "$RUNC_ROOT" ]; then
    runc --root "$RUNC_ROOT" list -q 2>/dev/null | xargs -r -n1 runc --root "$RUNC_ROOT" delete -f
  fi
  bench_reap_orphan_conmons
  return 0
}

# Containers of a berthd that died without removing them: their conmon (under berthd's exec root) and the
# runc containers of the runc root it names (--runtime-arg --root=…).
bench_reap_orphan_conmons() {
  local p args root
  for p in $(pgrep -x conmon || true); do
    args=$(tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null) || continue
    grep -q -F "$BENCH_RUN/berth/" <<<"$args" || continue
    root=$(sed -n 's/^--root=//p' <<<"$args" | head -1)
    bench_log "stopping conmon $p and its container, left by an earlier berthd"
    if [ -n "$root" ]; then
      runc --root "$root" list -q 2>/dev/null | xargs -r -n1 runc --root "$root" delete -f 2>/dev/null || true
    fi
    kill -TERM "$p" 2>/dev/null || true
  done
}

bench_teardown() {
  bench_stop_berthd || true
  bench_stop_dockerd || true
  bench_stop_podman || true
  [ -d "$RUNC_ROOT" ] && runc --root "$RUNC_ROOT" list -q 2>/dev/null | xargs -r -n1 runc --root "$RUNC_ROOT" delete -f
  # the runtime directories of the stopped engines (kept only while something is still mounted there)
  bench_remove_tree "$BENCH_RUN/docker" || true
  bench_remove_tree "$BENCH_RUN/podman" || true
  bench_remove_tree "$RUNC_ROOT" || true
}

# What the engines left behind, for the end of a run: mounts under the harness's roots, processes and
# runc state. Prints nothing when all is clean.
bench_leftovers() {
  local m p
  for m in $(bench_mounts_under "$BENCH_STATE"; bench_mounts_under "$BENCH_RUN"); do echo "mount $m"; done
  for p in $(pgrep -x conmon; pgrep -f containerd-shim; pgrep -x dockerd; pgrep -x containerd); do
    if tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -e "$BENCH_RUN" -e "$BENCH_STATE"; then
      echo "process $p $(tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-120)"
    fi
  done
  [ -d "$RUNC_ROOT" ] && runc --root "$RUNC_ROOT" list -q 2>/dev/null | sed 's/^/runc state /'
  true
}

bench_machine() {
  echo "$(nproc) CPUs, $(free -m | awk '/Mem:/ {print $2}') MiB RAM, kernel $(uname -r), $(. /etc/os-release; echo "$PRETTY_NAME");" \
    "runc $(runc --version | awk 'NR==1 {print $3}'), podman $(podman --version | awk '{print $3}')," \
    "dockerd $(dockerd --version | awk '{print $3}' | tr -d ,), docker CLI $("$DOCKER_CLI" --version | awk '{print $3}' | tr -d ,)," \
    "conmon $(conmon --version | awk 'NR==1 {print $3}'); load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
