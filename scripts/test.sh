#!/usr/bin/env bash
# Runs every Berth test: unit tests (surefire) and integration tests (*IT, failsafe; they need root,
# overlayfs, skopeo, umoci and the docker CLI). Installs whatever is missing first.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
BERTH_SETUP_NO_BUILD=1 "$here/scripts/setup.sh"
. "$here/scripts/lib/java.sh"
berth_find_java
cd "$here"
mvn -B -ntp verify "$@" 2>&1 | grep -v -E 'sun.misc.Unsafe|terminally deprecated|Please consider reporting|will be removed in a future'
exit "${PIPESTATUS[0]}"
