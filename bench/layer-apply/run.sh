#!/usr/bin/env bash
# Layer apply benchmark: the Debian bookworm minbase root filesystem as one uncompressed layer tar, applied
# by berth's LayerApplier (ApplyBench, one JVM per run), by `tar -x`, and by `umoci unpack` of an OCI
# layout holding the same layer. Median of $RUNS rounds; tools interleaved within each round, each run
# preceded by an untimed `sync` so that nobody pays for another's writeback. One untimed warm-up run of each
# tool first (page cache for the tar, binaries, JVM class data).
#
# Needs root, debootstrap (first run only; it downloads from the Debian mirror apt uses), umoci, JDK 25, mvn.
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
# shellcheck source=../../scripts/lib/debian-rootfs.sh
. "$ROOT/scripts/lib/debian-rootfs.sh"
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
  # the same debootstrap as scripts/debian-image.sh (apt's mirror), in a pax tar of this benchmark's own
  berth_debian_rootfs_tar bookworm "$LAYER" --format=pax --pax-option=delete=atime,delete=ctime --xattrs \
    || { log "debootstrap failed, see $LAYER.log"; exit 1; }
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

# run TOOL DIR: extracts the layer into DIR (which must not exist yet) and prints
#   tar, tar+sha, umoci: WALL CPU            (CPU = user + system seconds of the processes)
#   berth:     WALL COLD WARM COLD_CPU WARM_CPU COLD_MAIN WARM_MAIN   (MAIN: CPU of the applying thread alone)
run_tool() {
  local tool=$1 dir=$2 t0 t1 extra cpu TIMEFORMAT='%U %S' # bash's time: user and system CPU seconds
  case $tool in
    berth)
      # One JVM, five applies into fresh dirs: the first is a cold JVM (as on berthd's first pull), the
      # fifth runs with the JIT warm (as in a daemon that has applied a few layers). Wall time covers all
      # five; the in-process wall and CPU of apply 1 and apply 5 are what the report uses. ApplyBench
      # applies the layer from its file, as the engine does with a blob of its content store.
      mkdir -p "$dir"; sync; t0=$(now)
      extra=$("$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" dev.berth.image.layer.ApplyBench \
        "$LAYER" "$dir" 5 --keep | awk '{for (i = 1; i <= NF; i++) {split($i, kv, "="); v[NR, kv[1]] = kv[2]}}
          END {print v[1, "seconds"], v[5, "seconds"], v[1, "cpu"], v[5, "cpu"], v[1, "main"], v[5, "main"]}')
      t1=$(now) ;;
    tar)
      mkdir -p "$dir"; sync; t0=$(now)
      cpu=$( { time tar --numeric-owner --xattrs --xattrs-include='*' -xpf "$LAYER" -C "$dir"; } 2>&1 | tail -1)
      t1=$(now); extra=$(echo "$cpu" | awk '{print $1 + $2}') ;;
    tar+sha)
      # The same work as berth: extract and compute the diffID, as two processes reading the same
      # (cached) tar in parallel, as berth extracts and hashes on two threads.
      mkdir -p "$dir"; sync; t0=$(now)
      cpu=$( { time { tar --numeric-owner --xattrs --xattrs-include='*' -xpf "$LAYER" -C "$dir" &
        sha256sum "$LAYER" >/dev/null; wait; }; } 2>&1 | tail -1)
      t1=$(now); extra=$(echo "$cpu" | awk '{print $1 + $2}') ;;
    umoci)
      mkdir -p "$(dirname "$dir")"; sync; t0=$(now)
      cpu=$( { time umoci unpack --image "$OCI:bench" "$dir" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
      t1=$(now); extra=$(echo "$cpu" | awk '{print $1 + $2}') ;;
  esac
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') $extra"
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
  local tools="berth tar tar+sha umoci"
  for t in $tools; do rm -rf "$WORK/warm-$t"; run_tool "$t" "$WORK/warm-$t/rootfs" >/dev/null; done
  local fidelity
  fidelity=$(check_fidelity "$WORK/warm-berth/rootfs/berth-5" "$WORK/warm-tar/rootfs")
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
  col() { awk -v t="$1" -v c="$2" '$1 == t {print $c}' "$WORK/times.txt" | median; }
  local tar_s tar_c umoci_s umoci_c cold_s warm_s cold_c warm_c
  tar_s=$(col tar 2); tar_c=$(col tar 3); umoci_s=$(col umoci 2); umoci_c=$(col umoci 3)
  local sha_s sha_c
  sha_s=$(col tar+sha 2); sha_c=$(col tar+sha 3)
  cold_s=$(col berth 3); warm_s=$(col berth 4); cold_c=$(col berth 5); warm_c=$(col berth 6)
  local cold_m warm_m
  cold_m=$(col berth 7); warm_m=$(col berth 8)
  # Both ratios are throughput relative to tar -x in the same run: MB/s over tar's MB/s and files/s over
  # tar's files/s. Every tool writes the same layer, so they agree; both are printed because the issue's
  # target is stated for each.
  row() { awk -v n="$1" -v s="$2" -v c="$3" -v b="$bytes" -v f="$entries" -v t="$tar_s" -v tc="$tar_c" \
    'BEGIN {printf "| %s | %.3f | %.1f | %.2fx | %.0f | %.2fx | %.3f | %.2fx |\n", n, s, b/1e6/s, (b/s)/(b/t),
      f/s, (f/s)/(f/t), c, tc/c}'; }
  {
    echo "Layer apply benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg),"
    echo "target dir $WORK ($(stat -f -c %T "$WORK"))."
    echo
    echo "Layer: $LAYER_KIND, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB uncompressed, $entries entries."
    echo "Median of $RUNS runs each, interleaved. Ratios are relative to tar -x (higher is faster); CPU is user +"
    echo "system seconds of the whole process (for berth: all JVM threads during the apply, JIT and GC included)."
    echo
    echo "| tool | wall s | MB/s | MB/s vs tar | files/s | files/s vs tar | CPU s | CPU efficiency vs tar |"
    echo "|---|---|---|---|---|---|---|---|"
    row "berth LayerApplier, warm JVM (5th apply in one JVM)" "$warm_s" "$warm_c"
    row "berth LayerApplier, cold JVM (1st apply; JVM start excluded)" "$cold_s" "$cold_c"
    row "tar -x (GNU tar $(tar --version | head -1 | awk '{print $4}'))" "$tar_s" "$tar_c"
    row "tar -x and sha256sum of the tar in parallel (the work berth does)" "$sha_s" "$sha_c"
    row "umoci unpack ($(umoci --version | awk '{print $3}'), gzip layer, writes mtree)" "$umoci_s" "$umoci_c"
    echo
    echo "berth's applying thread alone (the hasher runs beside it): warm $warm_m s CPU, cold $cold_m s CPU;"
    echo "tar -x: $tar_c s CPU. With a core to spare for the hasher, the applying thread bounds berth's wall time."
    echo
    echo "berth vs tar tree metadata (path, type, mode, owner, size, mtime, link): $fidelity"
    echo
    echo "Raw (tool wall cpu; berth: wall-of-5 cold-wall warm-wall cold-cpu warm-cpu cold-main-cpu warm-main-cpu):"
    echo '```'
    cat "$WORK/times.txt"
    echo '```'
  } | tee "$OUT/layer-apply-$stamp.md"
  cp "$WORK/times.txt" "$OUT/layer-apply-$stamp.times.txt"
  publish "$OUT/layer-apply-$stamp.md"
}

# bench/out/layer-apply.md holds the latest result per target filesystem (tmpfs, ext4, …): a run on one
# replaces that filesystem's section and keeps the others.
publish() {
  local fs
  fs=$(stat -f -c %T "$WORK" | tr -c 'A-Za-z0-9\n' '-') # "ext2/ext3" names a file, not a directory
  cp "$1" "$OUT/layer-apply.$fs.part"
  {
    echo "# Layer apply benchmark (bench/layer-apply/run.sh)"
    for part in "$OUT"/layer-apply.*.part; do
      echo
      echo "## Target filesystem: $(basename "$part" .part | sed 's/^layer-apply\.//')"
      echo
      cat "$part"
    done
  } >"$OUT/layer-apply.md"
  log "report: $OUT/layer-apply.md"
}

main "$@"
