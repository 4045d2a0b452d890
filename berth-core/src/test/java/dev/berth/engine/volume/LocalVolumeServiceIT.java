package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.events.EventBus;
import dev.berth.errors.SystemException;
import dev.berth.sys.Libc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What needs root: copy-up keeps owners, device nodes and trusted xattrs; tmpfs and bind volumes really mount on
 * first use and unmount after the last; removing a bind volume never deletes the host directory's files.
 */
class LocalVolumeServiceIT {
  static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path tmp;
  LocalVolumeService volumes;
  final List<Path> mounted = new ArrayList<>();

  @BeforeEach
  void open() {
    volumes = LocalVolumeService.open(tmp.resolve("volumes"), new EventBus(), n -> List.of());
  }

  /** Whatever a failing test left mounted goes before the temp dir is deleted. */
  @AfterEach
  void unmountLeftovers() throws Exception {
    for (Path p : mounted) {
      while (VolumeMounter.KERNEL.isMountPoint(p)) Libc.umount(p, Libc.MNT_DETACH);
    }
  }

  @Test
  void seedIfEmpty_keepsOwnersDevicesAndTrustedXattrs() throws Exception {
    Path source = Files.createDirectories(tmp.resolve("rootfs/home/dev"));
    Files.setAttribute(source, "unix:uid", 1000);
    Files.setAttribute(source, "unix:gid", 1001);
    Files.setAttribute(source, "unix:mode", 0700);
    Files.writeString(source.resolve(".profile"), "PS1=$ ");
    Files.setAttribute(source.resolve(".profile"), "unix:uid", 1000);
    Files.setAttribute(source.resolve(".profile"), "unix:gid", 1001);
    Files.createSymbolicLink(source.resolve("link"), Path.of(".profile"));
    Files.setAttribute(source.resolve("link"), "unix:uid", 1000, NOFOLLOW);
    Libc.mknod(source.resolve("null"), Libc.S_IFCHR | 0666, 1, 3);
    Files.setAttribute(source.resolve("null"), "unix:mode", 0666); // mknod obeyed the umask
    Libc.lsetxattr(source.resolve(".profile"), "trusted.berth", "t".getBytes(StandardCharsets.UTF_8));

    Path data = volumes.create("home", null, Map.of(), Map.of()).mountpoint();
    volumes.seedIfEmpty("home", source);

    assertThat(owner(data)).isEqualTo("1000:1001");
    assertThat(Files.getAttribute(data, "unix:mode")).isEqualTo(040700);
    assertThat(owner(data.resolve(".profile"))).isEqualTo("1000:1001");
    assertThat(owner(data.resolve("link"))).isEqualTo("1000:0");
    assertThat((Long) Files.getAttribute(data.resolve("null"), "unix:rdev", NOFOLLOW)).isEqualTo(Libc.makedev(1, 3));
    assertThat(Files.getAttribute(data.resolve("null"), "unix:mode", NOFOLLOW)).isEqualTo(Libc.S_IFCHR | 0666);
    assertThat(new String(Libc.lgetxattr(data.resolve(".profile"), "trusted.berth"), StandardCharsets.UTF_8)).isEqualTo("t");
  }

  @Test
  void mount_tmpfsVolume_mountsForFirstContainerAndUnmountsAfterLast() throws Exception {
    volumes.create("scratch", null, Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=4m,mode=0750"), Map.of());
    Path data = volumes.mount("scratch", "c1");
    mounted.add(data);
    volumes.mount("scratch", "c2");
    assertThat(VolumeMounter.KERNEL.isMountPoint(data)).isTrue();
    assertThat(Files.getAttribute(data, "unix:mode")).isEqualTo(040750);
    Files.writeString(data.resolve("f"), "in tmpfs");
    volumes.unmount("scratch", "c1");
    assertThat(Files.readString(data.resolve("f"))).isEqualTo("in tmpfs");
    volumes.unmount("scratch", "c2");
    assertThat(VolumeMounter.KERNEL.isMountPoint(data)).isFalse();
    assertThat(data).isEmptyDirectory();
  }

  @Test
  void mount_bindVolume_showsHostDirAndRemoveKeepsItsFiles() throws Exception {
    Path host = Files.createDirectories(tmp.resolve("host-dir"));
    Files.writeString(host.resolve("keep"), "host data");
    volumes.create("hostvol", null, Map.of("type", "none", "device", host.toString(), "o", "bind,ro"), Map.of());
    Path data = volumes.mount("hostvol", "c1");
    mounted.add(data);
    assertThat(Files.readString(data.resolve("keep"))).isEqualTo("host data");
    assertThatThrownBy(() -> Files.writeString(data.resolve("new"), "x")).hasMessageContaining("Read-only file system");
    // a restarted daemon forgets the reference while the mount stays; remove must unmount, not delete through it
    LocalVolumeService restarted = LocalVolumeService.open(tmp.resolve("volumes"), new EventBus(), n -> List.of());
    restarted.remove("hostvol", false);
    assertThat(Files.readString(host.resolve("keep"))).isEqualTo("host data");
    assertThat(tmp.resolve("volumes/hostvol")).doesNotExist();
  }

  @Test
  void mount_badDevice_failsClearlyAndLeavesNoReference() throws Exception {
    volumes.create("broken", null, Map.of("type", "none", "device", tmp.resolve("missing").toString(), "o", "bind"), Map.of());
    assertThatThrownBy(() -> volumes.mount("broken", "c1"))
        .isInstanceOf(SystemException.class).hasMessageContaining("mount volume broken");
    assertThat(volumes.inspect("broken").usedBy()).isEmpty();
    volumes.remove("broken", false);
  }

  private static String owner(Path p) throws Exception {
    return Files.getAttribute(p, "unix:uid", NOFOLLOW) + ":" + Files.getAttribute(p, "unix:gid", NOFOLLOW);
  }
}
