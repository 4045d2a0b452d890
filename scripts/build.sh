#!/usr/bin/env bash
# Builds the launchers' jars (no tests) when any source or pom changed since the last build.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/lib/java.sh"
berth_find_java
cd "$here"
stamp=.berth-build-stamp
sum=$(find pom.xml berth-*/pom.xml berth-*/src/main -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f berth-cli/target/berth-cli.jar ] && [ -f berth-daemon/target/berth-daemon.jar ]; then
  exit 0
fi
echo "build: compiling Berth"
mvn -q -B -DskipTests package 2>&1 | grep -v -E 'sun.misc.Unsafe|terminally deprecated|Please consider reporting|will be removed in a future' || true
[ -f berth-cli/target/berth-cli.jar ] && [ -f berth-daemon/target/berth-daemon.jar ] || { echo "build: failed" >&2; exit 1; }
rm -f berth-cli/target/berth-cli.jsa
echo "$sum" > "$stamp"
