#!/usr/bin/env bash
# Berth's main job, end to end: set up, start berthd, make a base image, list it, save and load it,
# and read the same store with the real docker CLI. Run as root. It stops the daemon it started.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
"$here/scripts/setup.sh"
berth() { echo "+ berth $*" >&2; "$here/bin/berth" "$@"; }

sock=${BERTH_SOCKET:-/run/berth/berth.sock}
started=""
if ! "$here/bin/berth" -H "unix://$sock" version >/dev/null 2>&1; then
  mkdir -p /run/berth
  log=/run/berth/walkthrough-berthd.log
  echo "+ berthd -H unix://$sock   (log: $log)" >&2
  "$here/bin/berthd" -H "unix://$sock" >"$log" 2>&1 &
  started=$!
  trap '[ -n "$started" ] && kill "$started" 2>/dev/null && wait "$started" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.1; done
fi
export BERTH_HOST="unix://$sock"

berth version
berth image bootstrap busybox
berth images
berth history busybox
berth tag busybox busybox:walkthrough
berth save -o /tmp/berth-walkthrough-busybox.tar busybox:walkthrough
berth rmi busybox:walkthrough
berth load -i /tmp/berth-walkthrough-busybox.tar
berth images
echo "+ docker images   (the real docker CLI, pointed at berthd)" >&2
DOCKER_HOST="unix://$sock" docker images
rm -f /tmp/berth-walkthrough-busybox.tar
echo "walkthrough: done"
