# Sourced by bin/berth and scripts/build.sh: the berth CLI's JVM flags and its class-data archive. The
# archive only fits a JVM started with the same flags and class path, so both places take them from here.
#   BERTH_CLI_JAR    the CLI jar (its lib/ directory beside it is on the class path through the manifest)
#   BERTH_CLI_CDS    the dynamic CDS archive that scripts/build.sh records from `berth __warmup`
#   BERTH_CLI_FLAGS  the flags every berth JVM runs with: serial GC and C1 only, since a CLI lives for a
#                    fraction of a second and a bigger GC or C2 would only cost start-up time
berth_cli_env() {
  local here=$1
  BERTH_CLI_JAR="$here/berth-cli/target/berth-cli.jar"
  BERTH_CLI_CDS="$here/berth-cli/target/berth-cli.jsa"
  BERTH_CLI_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
}

# Records the archive from the training run (`berth __warmup`: the common commands against a canned daemon).
# Written beside the jar through a temporary name, so a failed run leaves no half archive; failure only
# warns, since bin/berth works without the archive.
berth_cli_train() {
  local tmp="$BERTH_CLI_CDS.tmp.$$"
  rm -f "$tmp"
  if "$JAVA" "${BERTH_CLI_FLAGS[@]}" -XX:ArchiveClassesAtExit="$tmp" -Xlog:cds=off -Xlog:cds+dynamic=off \
       -jar "$BERTH_CLI_JAR" __warmup && [ -s "$tmp" ]; then
    mv -f "$tmp" "$BERTH_CLI_CDS"
  else
    rm -f "$tmp"
    echo "build: warning: the berth CLI's class-data archive could not be recorded; berth will start slower" >&2
  fi
}
