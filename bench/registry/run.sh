#!/usr/bin/env bash
# Registry throughput benchmark (issue 6): a 300 MB image of 10 gzip layers pulled and pushed on loopback by Berth and
# by `skopeo copy`, between the same docker-registry (started on 127.0.0.1 for the run) and an OCI layout.
#   - RegistryThroughputBench (berth-core): Berth's registry client in the benchmark's own JVM, 5 pull rounds (the
#     first in a fresh JVM), a push, then a no-op pull and push.
#   - DaemonPullBench (berth-daemon): what a user runs, `docker pull` through a berthd started as its own process,
#     the first pull after each start reported apart from the warm ones. Needs root (berthd, overlay).
# BENCH=client or BENCH=daemon runs one of them; BENCH_OPTS passes -D options (bench.sessions, bench.warmPulls,
# bench.firstPullDelay, bench.berthdJavaOptions, bench.berthdEnv, bench.threads, bench.trace). Needs a checkout where `mvn -o` resolves (scripts/setup.sh),
# docker-registry, skopeo and the docker CLI (setup.sh installs them).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/java.sh"
berth_find_java
cd "$ROOT"
which=${BENCH:-all}
read -r -a opts <<< "${BENCH_OPTS:-}"
filter='^(registry throughput|pull through berthd|  pull|  push:|  no-op|  where|  client|  second|  content|  skopeo|  first|  warm|  trace|  threads|  berthd|\[ERROR\]|.*BUILD)'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$which" = all ] || [ "$which" = client ]; then
  mvn -B -o -pl berth-core -am verify -Dtest=none -Dit.test=RegistryThroughputBench "${opts[@]}" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 | grep -E "$filter" || true
fi
if [ "$which" = all ] || [ "$which" = daemon ]; then
  mvn -B -o -pl berth-daemon -am verify -Dtest=none -Dit.test=DaemonPullBench "${opts[@]}" \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 | grep -E "$filter" || true
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
