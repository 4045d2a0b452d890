#!/usr/bin/env bash
# Builds the launchers' jars (no tests) when any source or pom changed since the last build, then records
# the berth CLI's class-data archive and berthd's AOT cache from their training runs (see scripts/lib/cli-jvm.sh and
# scripts/lib/berthd-jvm.sh).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/lib/java.sh"
. "$here/scripts/lib/cli-jvm.sh"
. "$here/scripts/lib/berthd-jvm.sh"
berth_find_java
berth_cli_env "$here"
berthd_env "$here"
cd "$here"
stamp=.berth-build-stamp
sum=$(find pom.xml berth-*/pom.xml berth-*/src/main -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f berth-cli/target/berth-cli.jar ] && [ -f berth-daemon/target/berth-daemon.jar ]; then
  [ -f "$BERTH_CLI_CDS" ] || berth_cli_train
  berthd_aot_fresh || berthd_train
  exit 0
fi
echo "build: compiling Berth"
mvn -q -B -DskipTests package 2>&1 | grep -v -E 'sun.misc.Unsafe|terminally deprecated|Please consider reporting|will be removed in a future' || true
[ -f berth-cli/target/berth-cli.jar ] && [ -f berth-daemon/target/berth-daemon.jar ] || { echo "build: failed" >&2; exit 1; }
rm -f "$BERTH_CLI_CDS"
berth_cli_train
berthd_train
echo "$sum" > "$stamp"
