#!/usr/bin/env bash
# Berth's main job, end to end: set up, start berthd, make a base image, list it, save and load it, run
# containers (a one-shot run, a detached service with logs and exec, the home-volume pattern shared by two
# containers, an ambassador re-pointed live from one service to another),
# build an image from a Dockerfile (then rebuild it from the cache, and after a change), and
# drive the same daemon with the real docker CLI. Run as root. It removes the containers, volume, image and
# files it made and stops the daemon it started.
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
  trap 'cleanup; [ -n "$started" ] && kill "$started" 2>/dev/null && wait "$started" 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.1; done
fi
export BERTH_HOST="unix://$sock"
cleanup() {
  "$here/bin/berth" rm -f -v walkthrough-web walkthrough-home walkthrough-dev1 walkthrough-dev2 \
    walkthrough-svc1 walkthrough-svc2 walkthrough-amb >/dev/null 2>&1 || true
  "$here/bin/berth" volume rm -f walkthrough-home >/dev/null 2>&1 || true
  "$here/bin/berth" rmi walkthrough-app >/dev/null 2>&1 || true
  [ -z "${ctx:-}" ] || rm -rf "$ctx"
}
[ -n "$started" ] || trap cleanup EXIT
cleanup

berth version
berth image bootstrap busybox
berth images
berth history busybox
berth tag busybox busybox:walkthrough
berth save -o /tmp/berth-walkthrough-busybox.tar busybox:walkthrough
berth rmi busybox:walkthrough
berth load -i /tmp/berth-walkthrough-busybox.tar
berth images
rm -f /tmp/berth-walkthrough-busybox.tar

# containers
berth run --rm busybox echo hello from a berth container
berth run -d --name walkthrough-web busybox sh -c 'echo serving; exec httpd -f -p 8080 -h /etc'
berth ps
berth exec walkthrough-web wget -q -O - http://127.0.0.1:8080/hostname
berth logs walkthrough-web
berth stop -t 1 walkthrough-web

# the home volume: one container holds it, two development containers share it with --volumes-from
berth create -v walkthrough-home:/home --name walkthrough-home busybox true
berth run -d --name walkthrough-dev1 --volumes-from walkthrough-home busybox sleep 300
berth run -d --name walkthrough-dev2 --volumes-from walkthrough-home busybox sleep 300
berth exec walkthrough-dev1 sh -c 'echo notes written in dev1 > /home/notes.txt'
berth exec walkthrough-dev2 cat /home/notes.txt
berth rm -f walkthrough-dev1 walkthrough-dev2 walkthrough-home
berth run --rm -v walkthrough-home:/home busybox cat /home/notes.txt   # the data outlives the containers
berth volume ls

# the ambassador: a consumer reaches a service through a small proxy set up from link variables;
# moving the service means re-pointing only the ambassador (here live, without a restart)
berth image bootstrap ambassador
berth run -d --name walkthrough-svc1 --expose 80 busybox sh -c 'echo service one > /i; exec httpd -f -p 80 -h /'
berth run -d --name walkthrough-svc2 --expose 80 busybox sh -c 'echo service two > /i; exec httpd -f -p 80 -h /'
berth run -d --name walkthrough-amb --link walkthrough-svc1:svc berth/ambassador
fetch='sleep 0.3; printf "GET /i HTTP/1.0\r\n\r\n" | nc svc 80 | tail -n 1'
berth run --rm --link walkthrough-amb:svc busybox sh -c "$fetch"        # service one
svc2=$("$here/bin/berth" inspect -f '{{.NetworkSettings.IPAddress}}' walkthrough-svc2)
berth ambassador retarget walkthrough-amb "80=tcp://$svc2:80"
berth run --rm --link walkthrough-amb:svc busybox sh -c "$fetch"        # service two
berth ambassador ls
berth rm -f walkthrough-svc1 walkthrough-svc2 walkthrough-amb

# build: each Dockerfile step is a cached layer; a rebuild re-runs only from the first changed step
ctx=$(mktemp -d /tmp/berth-walkthrough-build.XXXXXX)
printf '%s\n' 'FROM busybox' \
  'RUN mkdir -p /srv && echo "built by berth" > /srv/index.html' \
  'COPY motd /etc/motd' \
  'ENV GREETING=hello' \
  'CMD ["sh", "-c", "cat /etc/motd /srv/index.html; echo $GREETING"]' >"$ctx/Dockerfile"
echo "first version of the motd" >"$ctx/motd"
berth build -t walkthrough-app "$ctx"
berth build -t walkthrough-app "$ctx"          # every step: Using cache
echo "second version of the motd" >"$ctx/motd"
berth build -t walkthrough-app "$ctx"          # RUN comes from the cache; COPY and the steps after it run again
berth run --rm walkthrough-app
berth history walkthrough-app
echo "+ docker build   (the docker CLI's classic builder, same daemon, same cache)" >&2
DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=0 docker build -q -t walkthrough-app "$ctx"

echo "+ docker run / ps / images   (the real docker CLI, pointed at berthd)" >&2
DOCKER_HOST="unix://$sock" docker run --rm busybox sh -c 'echo hello from docker run; exit 3' || echo "exit code $?"
DOCKER_HOST="unix://$sock" docker ps -a
DOCKER_HOST="unix://$sock" docker images
echo "walkthrough: done"
