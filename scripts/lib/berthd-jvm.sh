# Sourced by bin/berthd and scripts/build.sh: berthd's JVM flags and its AOT cache (JDK 25, JEPs 483, 514, 515).
# The cache only fits a JVM started with the same JDK, class path and module flags, so both places take them here.
#   BERTHD_JAR        the daemon's jar (its lib/ directory beside it is on the class path through the manifest)
#   BERTHD_AOT_CACHE  the AOT cache that scripts/build.sh records from `berthd __train` (the environment may name
#                     another file, as the tests do); BERTHD_AOT_CACHE.key holds what it was recorded against
#   BERTHD_FLAGS      the flags every berthd JVM runs with, training included
#   BERTHD_JIT_FLAGS  the JIT's flags for the daemon (not the training, which records the profiles of both tiers):
#                     C1 only, compiling after a tenth of the usual calls (-XX:TieredStopAtLevel=1
#                     -XX:CompileThresholdScaling=0.1), unless BERTHD_JIT=tiered; see docs/daemon.md, "The JIT"
berthd_env() {
  local here=$1
  BERTHD_JAR="$here/berth-daemon/target/berth-daemon.jar"
  BERTHD_AOT_CACHE=${BERTHD_AOT_CACHE:-"$here/berth-daemon/target/berthd.aot"}
  BERTHD_FLAGS=(--enable-native-access=ALL-UNNAMED)
  if [ "${BERTHD_JIT:-c1}" = tiered ]; then BERTHD_JIT_FLAGS=(); else BERTHD_JIT_FLAGS=(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.1); fi
}

# What the JVM checks the cache against, as one text: the java binary and the jars' sizes and modification times.
# The JVM ignores a cache whose jars changed; the launcher compares this key first, so that it can fall back to the
# dynamic class-data archive instead of running with neither.
berthd_aot_key() {
  stat -L -c '%n %s %Y' "$JAVA" "$JAVA_HOME/release" "$BERTHD_JAR" "$(dirname "$BERTHD_JAR")"/lib/*.jar 2>/dev/null
}

# True when the cache exists and was recorded against the jars and the JDK as they are now.
berthd_aot_fresh() {
  [ -s "$BERTHD_AOT_CACHE" ] && [ -f "$BERTHD_AOT_CACHE.key" ] && [ "$(berthd_aot_key)" = "$(< "$BERTHD_AOT_CACHE.key")" ]
}

# Records the cache from the training run (`berthd __train`: a scratch daemon asked what users ask first, pulls of a
# made-up image from a stub registry on loopback included). The JVM writes it through a temporary name and the key
# goes last, so a failed or interrupted run leaves no cache that looks fresh; failure only warns, since bin/berthd
# works without the cache. Its output goes to BERTHD_AOT_CACHE.log: all of it is shown when the training fails, its
# summary (and notes, such as why no container ran) when it succeeds.
berthd_train() {
  local tmp="$BERTHD_AOT_CACHE.tmp.$$" log="$BERTHD_AOT_CACHE.log"
  rm -f "$tmp" "$BERTHD_AOT_CACHE.key"
  if "$JAVA" "${BERTHD_FLAGS[@]}" -XX:AOTCacheOutput="$tmp" -Xlog:aot=off -Xlog:cds=off \
       -jar "$BERTHD_JAR" __train > "$log" 2>&1 && [ -s "$tmp" ]; then
    mv -f "$tmp" "$BERTHD_AOT_CACHE"
    berthd_aot_key > "$BERTHD_AOT_CACHE.key"
    grep '^berthd __train' "$log" | sed 's/^/build: /' >&2 || true
  else
    rm -f "$tmp" "$tmp.config"
    sed 's/^/build: /' "$log" >&2
    echo "build: warning: berthd's AOT cache could not be recorded; berthd will start with its class-data archive" >&2
  fi
}
