package dev.berth.cli.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The root filesystem of {@code berth/ambassador}: busybox with the few applets the entry script uses, and the
 * script. berthd does the forwarding (the image's {@code dev.berth.ambassador} label tells it to), with the same
 * proxy core as its published-port proxy; the script only prints the table it serves and waits for a stop
 * signal, so the image stays small and has nothing to configure.
 */
final class AmbassadorRootfs {
  static final String SCRIPT_PATH = "/bin/berth-ambassador";
  static final List<String> APPLETS = List.of("sh", "env", "grep", "sort", "sleep", "cat");

  /** Lists the forwarding variables as berthd reads them, then waits; TERM or INT ends it at once. */
  static final String SCRIPT = """
      #!/bin/sh
      # berth/ambassador: berthd serves one forwarding listener for each NAME_PORT_<n>_TCP=tcp://host:port
      # (or NAME_PORT_<n>_UDP=udp://host:port) variable of this container, from --link or -e, on port n inside
      # the container's network. Several comma-separated backends are tried in order. This process only shows
      # the table and waits: 'berth ambassador ls' shows the counters, 'berth ambassador retarget' moves a target.
      vars=$(env | grep -E '^[A-Za-z_][A-Za-z0-9_]*_PORT_[0-9]+_(TCP|UDP)=' | grep -v '_ENV_' | sort)
      if [ "$AMBASSADOR_MODE" = nat ]; then echo "mode: nat (the kernel forwards, by DNAT rules in this container's network namespace)"; fi
      [ -n "$vars" ] || echo "no NAME_PORT_<n>_TCP=tcp://host:port variable: nothing to forward (link to a container that exposes a port, or set one with -e)"
      echo "$vars" | while IFS='=' read -r name value; do
        [ -n "$name" ] || continue
        port=${name%_*}
        port=${port##*_PORT_}
        echo "forwarding port $port -> $value ($name)"
      done
      trap 'exit 0' TERM INT
      while :; do sleep 3600 & wait $!; done
      """;

  private AmbassadorRootfs() {}

  static List<RootfsEntry> entries(byte[] busybox) {
    List<RootfsEntry> entries = new ArrayList<>();
    entries.add(new RootfsEntry.Directory("bin", 0755));
    entries.add(new RootfsEntry.Directory("etc", 0755));
    entries.add(new RootfsEntry.Directory("tmp", 01777));
    entries.add(new RootfsEntry.File("bin/busybox", 0755, busybox));
    entries.add(new RootfsEntry.File(SCRIPT_PATH.substring(1), 0755, SCRIPT.getBytes(StandardCharsets.UTF_8)));
    entries.add(new RootfsEntry.File("etc/passwd", 0644, BusyboxRootfs.PASSWD.getBytes(StandardCharsets.UTF_8)));
    entries.add(new RootfsEntry.File("etc/group", 0644, BusyboxRootfs.GROUP.getBytes(StandardCharsets.UTF_8)));
    for (String applet : APPLETS) entries.add(new RootfsEntry.Symlink("bin/" + applet, "busybox"));
    return entries;
  }
}
