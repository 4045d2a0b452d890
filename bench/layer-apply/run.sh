#!/usr/bin/env bash
# Layer apply benchmark: the Debian bookworm minbase root filesystem as one uncompressed layer tar, applied
# by berth's LayerApplier (ApplyBench, one JVM per run), by `tar -x`, and by `umoci unpack` of an OCI
# layout holding the same layer. Median of $RUNS rounds; tools interleaved within each round, each run
# preceded by an untimed `sync` so that nobody pays for another's writeback. One untimed warm-up run of each
# tool first (page cache for the tar, binaries, JVM class data).
#
# Needs root, debootstrap (first run only; it downloads from the default Debian mirror), umoci, JDK 25, mvn.
# Environment: RUNS (3), BENCH_DIR (/var/tmp/berth-bench-work: where trees are written; put it on tmpfs to
# measure CPU cost rather than the disk), BERTH_BENCH_CACHE (/var/cache/berth-bench),
# BENCH_STANDIN=1 (development only: no debootstrap, use busybox-static + /usr as a stand-in tree).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${BERTH_BENCH_CACHE:-/var/cache/berth-bench}
WORK=${BENCH_DIR:-/var/tmp/berth-bench-work}
RUNS=${RUNS:-3}
OUT="$ROOT/bench/out"
# shellcheck source=../../scripts/lib/java.sh
. "$ROOT/scripts/lib/java.sh"
berth_find_java

log() { echo "bench: $*" >&2; }

make_layer() {
  LAYER="$CACHE/bookworm-minbase.tar"
  LAYER_KIND="debootstrap --variant=minbase bookworm"
  if [ "${BENCH_STANDIN:-0}" = 1 ]; then
    LAYER="$CACHE/standin-busybox-usr.tar"
    LAYER_KIND="STAND-IN (busybox-static + /usr), development only"
    if [ ! -f "$LAYER" ]; then
      local d="$CACHE/standin.tmp"
      rm -rf "$d" && mkdir -p "$d/bin"
      cp /bin/busybox "$d/bin/busybox"
      cp -a /usr "$d/usr"
      tar --format=pax --pax-option=delete=atime,delete=ctime --numeric-owner --xattrs --sort=name \
        -C "$d" -cf "$LAYER.tmp" . && mv "$LAYER.tmp" "$LAYER"
      rm -rf "$d"
    fi
    return
  fi
  [ -f "$LAYER" ] && return
  command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install -y debootstrap)"; exit 1; }
  local d="$CACHE/rootfs.tmp"
  rm -rf "$d"
  log "debootstrap --variant=minbase bookworm (a few minutes, once)"
  debootstrap --variant=minbase bookworm "$d" >"$CACHE/debootstrap.log" 2>&1 \
    || { log "debootstrap failed, see $CACHE/debootstrap.log"; exit 1; }
  tar --format=pax --pax-option=delete=atime,delete=ctime --numeric-owner --xattrs --sort=name \
    -C "$d" -cf "$LAYER.tmp" . && mv "$LAYER.tmp" "$LAYER"
  rm -rf "$d"
}

make_oci() {
  OCI="$CACHE/oci-$(basename "$LAYER" .tar)"
  local stamp
  stamp=$(stat -c '%s %Y' "$LAYER")
  if [ -f "$OCI.stamp" ] && [ "$(cat "$OCI.stamp")" = "$stamp" ]; then return; fi
  rm -rf "$OCI"
  umoci init --layout "$OCI"
  umoci new --image "$OCI:bench"
  umoci raw add-layer --no-history --image "$OCI:bench" "$LAYER"
  echo "$stamp" >"$OCI.stamp"
}

build_berth() {
  log "building berth-core test classes"
  (cd "$ROOT" && mvn -q -pl berth-core -am -DskipTests test-compile \
    && mvn -q -pl berth-core dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt") >&2
  CP="$ROOT/berth-core/target/test-classes:$ROOT/berth-core/target/classes:$(cat "$WORK/classpath.txt")"
}

now() { date +%s.%N; }

# run TOOL DIR: extracts the layer into DIR (which must not exist yet); prints wall seconds [in-process seconds]
run_tool() {
  local tool=$1 dir=$2 t0 t1 inner=""
  case $tool in
    berth)
      # One JVM, three applies into fresh dirs: the first is a cold JVM (as on berthd's first pull), the
      # third runs with the JIT warm (as in a daemon that has applied a few layers). Wall time covers all
      # three, so it is not reported; the in-process times of run 1 and run 3 are.
      mkdir -p "$dir"; sync; t0=$(now)
      inner=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" dev.berth.image.layer.ApplyBench \
        "$LAYER" "$dir" 3 --keep | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' | sed -n '1p;3p' | tr '\n' ' ')
      t1=$(now) ;;
    tar)
      mkdir -p "$dir"; sync; t0=$(now)
      tar --numeric-owner --xattrs --xattrs-include='*' -xpf "$LAYER" -C "$dir"
      t1=$(now) ;;
    umoci)
      mkdir -p "$(dirname "$dir")"; sync; t0=$(now)
      umoci unpack --image "$OCI:bench" "$dir" >/dev/null 2>&1
      t1=$(now) ;;
  esac
  echo "$(echo "$t1 - $t0" | bc -l) $inner"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# Same metadata in both trees? (path, type, mode, owner, size, mtime, link target)
check_fidelity() {
  local a=$1 b=$2
  diff <(cd "$a" && find . -printf '%p %y %m %U:%G %s %T@ %l\n' | sort) \
       <(cd "$b" && find . -printf '%p %y %m %U:%G %s %T@ %l\n' | sort) >"$WORK/fidelity.diff" \
    && echo "identical" || echo "DIFFERENT ($(wc -l <"$WORK/fidelity.diff") lines, see $WORK/fidelity.diff)"
}

main() {
  [ "$(id -u)" = 0 ] || { log "must run as root (tar and berth restore owners and device nodes)"; exit 1; }
  mkdir -p "$CACHE" "$WORK" "$OUT"
  make_layer
  make_oci
  build_berth
  local bytes entries
  bytes=$(stat -c %s "$LAYER")
  entries=$(tar -tf "$LAYER" | wc -l)
  log "layer: $LAYER ($bytes bytes, $entries entries; $LAYER_KIND)"
  local tools="berth tar umoci"
  for t in $tools; do rm -rf "$WORK/warm-$t"; run_tool "$t" "$WORK/warm-$t/rootfs" >/dev/null; done
  local fidelity
  fidelity=$(check_fidelity "$WORK/warm-berth/rootfs/berth-3" "$WORK/warm-tar/rootfs")
  rm -rf "$WORK"/warm-*
  : >"$WORK/times.txt"
  for i in $(seq 1 "$RUNS"); do
    for t in $tools; do
      local r
      r=$(run_tool "$t" "$WORK/run-$t/rootfs")
      echo "$t $r" >>"$WORK/times.txt"
      log "round $i $t: $r s"
      rm -rf "$WORK/run-$t"
    done
  done
  report "$bytes" "$entries" "$fidelity"
}

report() {
  local bytes=$1 entries=$2 fidelity=$3 stamp
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  local tar_s berth_cold berth_warm umoci_s
  tar_s=$(awk '$1=="tar"{print $2}' "$WORK/times.txt" | median)
  berth_cold=$(awk '$1=="berth"{print $3}' "$WORK/times.txt" | median)
  berth_warm=$(awk '$1=="berth"{print $4}' "$WORK/times.txt" | median)
  umoci_s=$(awk '$1=="umoci"{print $2}' "$WORK/times.txt" | median)
  row() { awk -v n="$1" -v s="$2" -v b="$bytes" -v f="$entries" -v t="$tar_s" \
    'BEGIN {printf "| %s | %.3f | %.1f | %.0f | %.2fx |\n", n, s, b/1e6/s, f/s, t/s}'; }
  {
    echo "Layer apply benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, target dir $WORK ($(stat -f -c %T "$WORK"))"
    echo
    echo "Layer: $LAYER_KIND, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB uncompressed, $entries entries."
    echo "Median of $RUNS runs each, interleaved; speed relative to tar -x (higher is faster)."
    echo
    echo "| tool | seconds | MB/s | files/s | speed vs tar |"
    echo "|---|---|---|---|---|"
    row "berth LayerApplier, warm JVM (3rd apply in one JVM)" "$berth_warm"
    row "berth LayerApplier, cold JVM (1st apply; JVM start excluded)" "$berth_cold"
    row "tar -x (GNU tar $(tar --version | head -1 | awk '{print $4}'))" "$tar_s"
    row "umoci unpack ($(umoci --version | awk '{print $3}'), gzip layer, writes mtree)" "$umoci_s"
    echo
    echo "berth vs tar tree metadata (path, type, mode, owner, size, mtime, link): $fidelity"
    echo
    echo "Raw times (tool wall-seconds; for berth: wall of 3 applies, then in-process seconds of apply 1 and 3):"
    echo '```'
    cat "$WORK/times.txt"
    echo '```'
  } | tee "$OUT/layer-apply-$stamp.md"
  cp "$WORK/times.txt" "$OUT/layer-apply-$stamp.times.txt"
}

main "$@"
