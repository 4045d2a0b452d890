package dev.berth.runtime.runc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A minimal root filesystem made from the host's static busybox: bin/busybox, one symlink per applet, an
 * /etc/passwd and /etc/group with a non-root user, and a world-writable /tmp, like the busybox image.
 */
public final class BusyboxRootfs {
  private BusyboxRootfs() {}

  static final String PASSWD = """
      root:x:0:0:root:/root:/bin/sh
      app:x:1000:1000:app:/home/app:/bin/sh
      nobody:x:65534:65534:nobody:/nonexistent:/bin/false
      """;
  static final String GROUP = """
      root:x:0:
      app:x:1000:
      extra:x:2000:app
      nogroup:x:65534:
      """;

  public static void populate(Path rootfs) throws IOException, InterruptedException {
    Path bin = Files.createDirectories(rootfs.resolve("bin"));
    Files.copy(Path.of("/bin/busybox"), bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    Process list = new ProcessBuilder("/bin/busybox", "--list").redirectErrorStream(true).start();
    List<String> applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    if (list.waitFor() != 0 || applets.isEmpty()) {
      throw new IOException("busybox --list failed");
    }
    for (String applet : applets) {
      if (!applet.equals("busybox")) {
        Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
      }
    }
    Path etc = Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), PASSWD);
    Files.writeString(etc.resolve("group"), GROUP);
    for (String dir : List.of("proc", "sys", "dev", "root", "home/app", "mnt")) {
      Files.createDirectories(rootfs.resolve(dir));
    }
    Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    new ProcessBuilder("chmod", "1777", tmp.toString()).inheritIO().start().waitFor();
  }
}
