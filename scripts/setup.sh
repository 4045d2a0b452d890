#!/usr/bin/env bash
# Idempotent setup for Berth on Debian: installs the missing Debian packages, checks for JDK 25 and Maven,
# creates the `berth` group, installs /etc/berth/daemon.json if absent, and builds Berth when its sources
# changed since the last build. Options: --link puts bin/berth and bin/berthd on PATH (/usr/local/bin).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/lib/java.sh"

# Debian packages Berth needs: base images, OCI checkers, the build, and the container runtime; curl for the
# DokuWiki end-to-end test (it fetches the wiki inside the container's network namespace).
# Networking: the CNI bridge plugin, iptables (the plugin's dependency and the daemon's chains), ip for bridges.
# Registries: docker-registry (distribution 2.8), which the registry tests start on 127.0.0.1 with their own config.
# dom0: systemd for systemd-analyze, which checks the unit `berth system install` writes.
# Compose: docker-compose (1.29, Python over the Engine API), a client Berth did not write, in DockerComposeIT.
# Remote hosts: openssh-client runs `berth -H ssh://...`; openssh-server is the tests' remote host (they start
# their own sshd on 127.0.0.1 with a config of their own; the system's ssh service is kept off below).
PACKAGES=(busybox-static debootstrap skopeo umoci maven runc conmon libssl3 tini procps curl
  containernetworking-plugins iptables iproute2 docker-registry systemd docker-compose openssh-client openssh-server)
[ "${BERTH_BENCH:-}" = 1 ] && PACKAGES+=(gnuplot-nox hyperfine socat ethtool)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; run this script as root to install them" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The docker-registry package ships a service listening on :5000 (with systemd it starts on install). Berth only
# needs the binary: the tests run their own registries on 127.0.0.1 with a config of their own, so keep the
# packaged service off where systemd runs.
if [ "$(id -u)" -eq 0 ] && [ -d /run/systemd/system ] && systemctl is-enabled --quiet docker-registry 2>/dev/null; then
  systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi
# Likewise openssh-server: the ssh tests run /usr/sbin/sshd themselves. A machine that wants its ssh service
# keeps it: only a service that setup itself just installed is switched off.
if [ "$(id -u)" -eq 0 ] && [ -d /run/systemd/system ] && [[ " ${missing[*]:-} " == *" openssh-server "* ]]; then
  systemctl disable --now ssh >/dev/null 2>&1 || true
fi

berth_find_java

if [ "$(id -u)" -eq 0 ]; then
  getent group berth >/dev/null || groupadd --system berth
  if [ ! -f /etc/berth/daemon.json ] && [ -f "$here/etc/daemon.json" ]; then
    install -D -m 0644 "$here/etc/daemon.json" /etc/berth/daemon.json
  fi
fi

# scripts/test.sh builds through Maven itself and sets BERTH_SETUP_NO_BUILD=1.
[ "${BERTH_SETUP_NO_BUILD:-}" = 1 ] || "$here/scripts/build.sh"

if [ "${1:-}" = "--link" ]; then
  ln -sf "$here/bin/berth" /usr/local/bin/berth
  ln -sf "$here/bin/berthd" /usr/local/bin/berthd
  echo "setup: linked berth and berthd into /usr/local/bin"
fi
