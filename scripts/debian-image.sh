#!/usr/bin/env bash
# The debian:bookworm base image of Berth's tests and benchmarks, made on this machine without a registry:
# `debootstrap --variant=minbase bookworm` from the Debian mirror apt uses here (/etc/apt/sources.list*),
# tarred once and cached. Prints the tar's path. The first run takes a few minutes; later runs reuse the tar.
#
# The cache is the one `berth image bootstrap debian:bookworm` uses (same path, same tar options), so either
# one makes the tar for the other. Import it yourself, or let --import do it through the docker CLI
# (DOCKER_HOST picks the daemon: berthd or a peer), with the config `berth image bootstrap` gives:
#   docker import -c 'CMD ["bash"]' -c 'ENV PATH=…' "$(scripts/debian-image.sh)" debian:bookworm
#
# Usage: scripts/debian-image.sh [--import]       (as root; needs debootstrap the first time)
# Environment: BERTH_DEBIAN_CACHE (/var/cache/berth/bootstrap), DOCKER (the docker CLI, for --import).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/lib/debian-rootfs.sh"

SUITE=bookworm
CACHE=${BERTH_DEBIAN_CACHE:-/var/cache/berth/bootstrap}
TAR="$CACHE/debian-$SUITE-minbase.tar"
PATH_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

case "${1:-}" in
  "" | --import) ;;
  -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "debian-image: unknown argument \"$1\" (usage: scripts/debian-image.sh [--import])" >&2; exit 2 ;;
esac

berth_debian_rootfs_tar "$SUITE" "$TAR"
if [ "${1:-}" = --import ]; then
  "${DOCKER:-docker}" import -c 'CMD ["bash"]' -c "ENV $PATH_ENV" "$TAR" "debian:$SUITE" >&2
fi
echo "$TAR"
