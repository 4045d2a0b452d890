package dev.berth.daemon.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A busybox root filesystem tar from busybox-static: every applet as a symlink, passwd/group with root and nobody, tmp. */
final class BusyboxTar {
  private BusyboxTar() {}

  static Path write(Path workDir) throws Exception {
    Path fs = workDir.resolve("busybox-rootfs");
    for (String d : new String[] {"bin", "etc", "root", "tmp"}) Files.createDirectories(fs.resolve(d));
    Files.setPosixFilePermissions(fs.resolve("tmp"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.copy(Path.of("/bin/busybox"), fs.resolve("bin/busybox"));
    Process list = new ProcessBuilder("/bin/busybox", "--list").start();
    String applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!list.waitFor(30, TimeUnit.SECONDS) || list.exitValue() != 0) throw new IllegalStateException("busybox --list failed");
    for (String a : applets.lines().map(String::strip).filter(s -> s.matches("[a-z0-9_.\\[-]+") && !s.equals("busybox")).toList()) {
      Path link = fs.resolve("bin").resolve(a);
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createSymbolicLink(link, Path.of("busybox"));
    }
    Files.writeString(fs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    Files.writeString(fs.resolve("etc/group"), "root:x:0:\nnogroup:x:65534:\n");
    Path tar = workDir.resolve("busybox.tar");
    Process p = new ProcessBuilder("tar", "--numeric-owner", "-C", fs.toString(), "-cf", tar.toString(), ".").inheritIO().start();
    if (p.waitFor() != 0) throw new IllegalStateException("tar of the busybox rootfs failed");
    dev.berth.sys.FileTrees.delete(fs);
    return tar;
  }
}
