#!/usr/bin/env bash
# Records berthd's AOT cache again from its training run (scripts/build.sh does this after every build; run this after
# rebuilding the jars another way, e.g. `mvn package`, since bin/berthd ignores a cache recorded against other jars).
# BERTHD_AOT_CACHE=FILE records it elsewhere (bin/berthd reads the same variable). With --if-stale it does nothing
# when the cache is fresh (the benchmarks use this: their `mvn verify` may have rewritten the jars). Exits 0 when a
# fresh cache is there at the end. See scripts/lib/berthd-jvm.sh.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/lib/java.sh"
. "$here/scripts/lib/berthd-jvm.sh"
berth_find_java
berthd_env "$here"
[ -f "$BERTHD_JAR" ] || { echo "berthd-aot: not built yet; run $here/scripts/build.sh" >&2; exit 1; }
[ "${1:-}" = --if-stale ] && berthd_aot_fresh && exit 0
berthd_train
berthd_aot_fresh
