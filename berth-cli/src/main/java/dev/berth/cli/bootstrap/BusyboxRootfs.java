package dev.berth.cli.bootstrap;

import dev.berth.cli.CliException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The root filesystem of the busybox base image, from Debian's busybox-static: {@code bin/busybox}, one
 * {@code bin/APPLET -> busybox} link per applet, minimal {@code etc/passwd} and {@code etc/group} (root,
 * nobody), {@code tmp} (1777) and {@code root}.
 */
public final class BusyboxRootfs {
  public static final Path DEFAULT_BUSYBOX = Path.of("/bin/busybox");
  static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
  static final String GROUP = "root:x:0:\nnogroup:x:65534:\n";

  private BusyboxRootfs() {}

  /** Reads the binary and asks it for its applets; a missing binary names the Debian package to install. */
  public static List<RootfsEntry> fromBinary(Path busybox) throws IOException {
    if (!Files.isRegularFile(busybox)) {
      throw new CliException("busybox not found at " + busybox + ": install the Debian package busybox-static (apt-get install busybox-static)");
    }
    return entries(Files.readAllBytes(busybox), applets(busybox));
  }

  /** Runs {@code busybox --list}: one applet name per line. */
  static List<String> applets(Path busybox) throws IOException {
    Process p = new ProcessBuilder(busybox.toString(), "--list").redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new CliException("listing applets: " + busybox + " --list failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CliException("listing applets: interrupted");
    }
    return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The entries, given the binary's bytes and its applet names; "busybox" itself and odd names are skipped. */
  public static List<RootfsEntry> entries(byte[] busybox, List<String> applets) {
    List<RootfsEntry> entries = new ArrayList<>();
    entries.add(new RootfsEntry.Directory("bin", 0755));
    entries.add(new RootfsEntry.Directory("etc", 0755));
    entries.add(new RootfsEntry.Directory("root", 0700));
    entries.add(new RootfsEntry.Directory("tmp", 01777));
    entries.add(new RootfsEntry.File("bin/busybox", 0755, busybox));
    entries.add(new RootfsEntry.File("etc/passwd", 0644, PASSWD.getBytes(StandardCharsets.UTF_8)));
    entries.add(new RootfsEntry.File("etc/group", 0644, GROUP.getBytes(StandardCharsets.UTF_8)));
    for (String applet : new TreeSet<>(applets)) {
      if (applet.equals("busybox") || applet.contains("/") || applet.equals(".") || applet.equals("..")) continue;
      entries.add(new RootfsEntry.Symlink("bin/" + applet, "busybox"));
    }
    return entries;
  }
}
