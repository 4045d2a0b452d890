# Sourced by Berth's scripts: finds a JDK 25 (or newer) and exports JAVA_HOME and JAVA.
berth_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
berth_find_java() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    local v; v=$(berth_java_major "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$c" JAVA="$c/bin/java"
      return 0
    fi
  done
  echo "berth: no JDK 25 found (looked at JAVA_HOME and /usr/lib/jvm)." >&2
  echo "berth: install one (for example Temurin 25 at /usr/lib/jvm/temurin-25-jdk-amd64) and set JAVA_HOME to it." >&2
  return 1
}
