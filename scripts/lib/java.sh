# Sourced by Berth's scripts and launchers: finds a JDK 25 (or newer) and exports JAVA_HOME and JAVA.
# It reads each JDK's `release` file instead of starting a JVM, so launchers stay fast.
berth_java_major() {
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
  echo "${v:-0}"
}
berth_find_java() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    if [ "$(berth_java_major "$c")" -ge 25 ]; then
      export JAVA_HOME="$c" JAVA="$c/bin/java"
      return 0
    fi
  done
  echo "berth: no JDK 25 found (looked at JAVA_HOME and /usr/lib/jvm)." >&2
  echo "berth: install one, for example Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64, and set JAVA_HOME to it." >&2
  return 1
}
