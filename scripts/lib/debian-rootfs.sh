# Sourced by scripts/debian-image.sh and bench/layer-apply/run.sh: makes the root filesystem tar of
# `debootstrap --variant=minbase SUITE`, from the Debian mirror apt uses on this machine, once. Later calls
# find the tar in place and return at once. A failed run leaves neither the tar nor its work directory.

# The mirror apt uses here for SUITE: the first URI of a deb822 stanza in /etc/apt/sources.list.d/*.sources
# whose Types has deb and whose Suites has SUITE, else the first `deb URI SUITE …` line of the one-line
# lists. Security and update suites are not base suites, so they never match. Prints nothing when none
# does (debootstrap then uses its own default mirror).
berth_apt_mirror() {
  local suite=$1 f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri=$(awk -v s="$suite" '
      function flush() { if (deb && has && uri != "" && !done) { print uri; done = 1 } deb = 0; has = 0; uri = "" }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]*#/ { next }
      tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
      tolower($1) == "uris:" { uri = $2 }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s) has = 1 }
      tolower($1) == "enabled:" && tolower($2) == "no" { deb = 0; uri = ""; has = -1 }
      END { flush() }' "$f")
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    # deb [options] URI SUITE COMPONENTS…
    uri=$(sed -E 's/\[[^]]*\]//' "$f" | awk -v s="$suite" '$1 == "deb" && $3 == s { print $2; exit }')
    [ -n "$uri" ] && { echo "$uri"; return 0; }
  done
  return 0
}

# berth_debian_rootfs_tar SUITE TAR [TAR_OPTION…]: debootstraps SUITE (minbase) into a work directory beside
# TAR, then writes the tree as TAR with GNU tar (numeric owners, sorted names, plus the given options) and
# moves it into place atomically. Does nothing when TAR exists. debootstrap's output goes to TAR.log.
# The default options match `berth image bootstrap` (DebianRootfs.java), so that both share one cache file.
berth_debian_rootfs_tar() {
  local suite=$1 tar=$2 mirror work rc=0
  shift 2
  [ -f "$tar" ] && return 0
  [ "$(id -u)" = 0 ] || { echo "debian rootfs: debootstrap needs root" >&2; return 1; }
  command -v debootstrap >/dev/null || [ -x /usr/sbin/debootstrap ] \
    || { echo "debian rootfs: debootstrap is not installed (apt-get install -y debootstrap)" >&2; return 1; }
  mkdir -p "$(dirname "$tar")"
  mirror=$(berth_apt_mirror "$suite")
  work=$(mktemp -d "$(dirname "$tar")/.debootstrap-$suite-XXXXXX")
  echo "debian rootfs: debootstrap --variant=minbase $suite ${mirror:-from the default mirror} (a few minutes, once; log: $tar.log)" >&2
  if PATH="/usr/sbin:/sbin:$PATH" debootstrap --variant=minbase "$suite" "$work/rootfs" ${mirror:+"$mirror"} >"$tar.log" 2>&1; then
    if [ $# -eq 0 ]; then set -- --xattrs --xattrs-include='*'; fi
    tar --numeric-owner --sort=name "$@" -C "$work/rootfs" -cf "$work/rootfs.tar" . && mv "$work/rootfs.tar" "$tar" || rc=$?
  else
    rc=$?
    echo "debian rootfs: debootstrap failed (exit $rc); the end of $tar.log:" >&2
    tail -5 "$tar.log" >&2
  fi
  # debootstrap may leave /proc or /sys mounted in the tree when it fails half-way
  grep -F " $work/" /proc/self/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$work"
  return "$rc"
}
