#!/usr/bin/env bash
# Registry throughput benchmark (issue 6): a 300 MB image of 10 gzip layers pulled and pushed on loopback by Berth's
# registry client and by `skopeo copy`, between the same docker-registry (started on 127.0.0.1 for the run) and
# an OCI layout, in one run; then a no-op pull and push. Runs berth-core's RegistryThroughputBench through Maven
# (offline) and prints its figures. Needs a checkout where `mvn -o` resolves (scripts/setup.sh), docker-registry
# and skopeo (setup.sh installs both).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib/java.sh"
berth_find_java
cd "$ROOT"
mvn -B -o -pl berth-core -am verify -Dtest=none -Dit.test=RegistryThroughputBench \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false 2>&1 \
  | grep -E '^(registry throughput|  pull|  push:|  no-op|  where|  client|  second|  content|\[ERROR\]|.*BUILD)' || true
