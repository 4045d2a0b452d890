#!/usr/bin/env bash
# Storage driver benchmark (root needed): time and disk to prepare a container root filesystem (prepare + mount +
# unmount) with the overlay and vfs drivers, from 1- and 20-layer images of 10, 50 and 200 MB.
# Writes bench/out/storage.csv and plots docs/storage-drivers.png (needs gnuplot: apt-get install -y gnuplot-nox).
# BENCH_WORK_DIR picks the scratch directory (default: a new one under /var/tmp); it must allow overlay uppers.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/java.sh
berth_find_java
command -v gnuplot >/dev/null || { echo "bench: gnuplot missing (apt-get install -y gnuplot-nox)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "bench: run as root (the benchmark mounts)" >&2; exit 1; }

mkdir -p bench/out docs
mvn -q -pl berth-core -am test-compile
mvn -q -pl berth-core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/bench/out/storage.classpath"
work="${BENCH_WORK_DIR:-$(mktemp -d /var/tmp/berth-storage-bench.XXXXXX)}"
"$JAVA" --enable-native-access=ALL-UNNAMED \
  -cp "berth-core/target/test-classes:berth-core/target/classes:$(cat bench/out/storage.classpath)" \
  dev.berth.storage.StorageBench bench/out/storage.csv "$work"

gnuplot <<'PLOT'
set terminal pngcairo size 1200,500 font ",10"
set output "docs/storage-drivers.png"
set datafile separator ","
set key autotitle columnhead top left
set multiplot layout 1,2 title "Preparing a container root filesystem (prepare + mount + unmount)"
set xlabel "image size (MB)"
set grid
set logscale y
set ylabel "time (ms, median of 5, log scale)"
set title "Time"
plot for [d in "overlay vfs"] for [l in "1 20"] "bench/out/storage.csv" \
  using 3:(strcol(1) eq d && $2 == l+0 ? $4 : NaN) with linespoints title sprintf("%s, %s layer(s)", d, l)
set ylabel "container snapshot disk use (KB, log scale)"
set title "Disk"
plot for [d in "overlay vfs"] for [l in "1 20"] "bench/out/storage.csv" \
  using 3:(strcol(1) eq d && $2 == l+0 ? $5 / 1024 : NaN) with linespoints title sprintf("%s, %s layer(s)", d, l)
unset multiplot
PLOT
echo "bench: wrote bench/out/storage.csv and docs/storage-drivers.png"
column -s, -t bench/out/storage.csv
