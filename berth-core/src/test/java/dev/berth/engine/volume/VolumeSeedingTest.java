package dev.berth.engine.volume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.Volume;
import dev.berth.engine.events.EventBus;
import dev.berth.sys.Libc;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy-up into a volume, as far as an unprivileged user can check it: modes, times, links, fifos, user xattrs. */
class VolumeSeedingTest {
  static final FileTime OLD = FileTime.from(Instant.parse("2020-05-06T07:08:09.123456789Z"));
  static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path tmp;
  Path source;
  Path outside;
  LocalVolumeService volumes;

  @BeforeEach
  void setUp() throws Exception {
    volumes = new LocalVolumeService(tmp.resolve("volumes"), new EventBus(), n -> List.of(), new LocalVolumeServiceTest.FakeMounter());
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret"), "host secret");
    source = Files.createDirectories(tmp.resolve("rootfs/srv/app"));
    Files.createDirectories(source.resolve("etc"));
    Files.writeString(source.resolve("etc/conf"), "key=value\n");
    Files.createLink(source.resolve("etc/conf.hard"), source.resolve("etc/conf"));
    Files.createSymbolicLink(source.resolve("conf.link"), Path.of("etc/conf"));
    Files.createSymbolicLink(source.resolve("escape"), outside);
    Files.createSymbolicLink(source.resolve("passwd"), Path.of("/etc/passwd"));
    Files.writeString(source.resolve("tool"), "#!/bin/sh\n");
    Files.setAttribute(source.resolve("tool"), "unix:mode", 04755);
    Libc.mknod(source.resolve("pipe"), Libc.S_IFIFO | 0620, 0, 0);
    Files.setAttribute(source.resolve("pipe"), "unix:mode", 0620);
    Libc.lsetxattr(source.resolve("etc/conf"), "user.origin", "image".getBytes(StandardCharsets.UTF_8));
    Files.setAttribute(source.resolve("etc/conf"), "unix:mode", 0640);
    Files.setAttribute(source.resolve("etc"), "unix:mode", 0750);
    Files.setLastModifiedTime(source.resolve("etc/conf"), OLD);
    Files.setLastModifiedTime(source.resolve("etc"), OLD);
    Libc.lutimes(source.resolve("conf.link"), OLD.to(java.util.concurrent.TimeUnit.SECONDS), 0, OLD.to(java.util.concurrent.TimeUnit.SECONDS), 0);
    Files.setAttribute(source, "unix:mode", 0711);
    Files.setLastModifiedTime(source, OLD);
  }

  @Test
  void seedIfEmpty_newVolume_copiesTreeWithModesTimesLinksAndXattrs() throws Exception {
    Path data = volumes.create("app", null, Map.of(), Map.of()).mountpoint();
    volumes.seedIfEmpty("app", source);

    assertThat(Files.readString(data.resolve("etc/conf"))).isEqualTo("key=value\n");
    assertThat(mode(data.resolve("etc/conf"))).isEqualTo(0640);
    assertThat(mode(data.resolve("etc"))).isEqualTo(0750);
    assertThat(mode(data.resolve("tool"))).isEqualTo(04755);
    assertThat(Files.getLastModifiedTime(data.resolve("etc/conf"), NOFOLLOW)).isEqualTo(OLD);
    assertThat(Files.getLastModifiedTime(data.resolve("etc"), NOFOLLOW)).isEqualTo(OLD);
    assertThat(Files.getLastModifiedTime(data.resolve("conf.link"), NOFOLLOW).toInstant().getEpochSecond()).isEqualTo(OLD.toInstant().getEpochSecond());
    assertThat(key(data.resolve("etc/conf.hard"))).isEqualTo(key(data.resolve("etc/conf")));
    assertThat(Files.readSymbolicLink(data.resolve("conf.link"))).isEqualTo(Path.of("etc/conf"));
    assertThat(Files.readSymbolicLink(data.resolve("passwd"))).isEqualTo(Path.of("/etc/passwd"));
    assertThat(Files.isSymbolicLink(data.resolve("escape"))).isTrue();
    assertThat(Files.readAttributes(data.resolve("pipe"), BasicFileAttributes.class, NOFOLLOW).isOther()).isTrue();
    assertThat(mode(data.resolve("pipe"))).isEqualTo(0620);
    assertThat(new String(Libc.lgetxattr(data.resolve("etc/conf"), "user.origin"), StandardCharsets.UTF_8)).isEqualTo("image");
    assertThat(mode(data)).as("the volume root takes the source dir's mode").isEqualTo(0711);
    assertThat(Files.getLastModifiedTime(data, NOFOLLOW)).isEqualTo(OLD);
  }

  @Test
  void seedIfEmpty_symlinksLeadingOut_areNeverFollowed() throws Exception {
    Path data = volumes.create("app", null, Map.of(), Map.of()).mountpoint();
    volumes.seedIfEmpty("app", source);
    try (var walk = Files.walk(data)) {
      List<Path> regular = walk.filter(p -> Files.isRegularFile(p, NOFOLLOW)).toList();
      for (Path p : regular) assertThat(Files.readString(p)).doesNotContain("host secret");
    }
    assertThat(Files.readSymbolicLink(data.resolve("escape"))).isEqualTo(outside);
  }

  @Test
  void seedIfEmpty_sourceItselfASymlink_copiesNothing() throws Exception {
    Path link = tmp.resolve("rootfs/srv/link");
    Files.createSymbolicLink(link, outside);
    Volume v = volumes.create("app", null, Map.of(), Map.of());
    volumes.seedIfEmpty("app", link);
    assertThat(v.mountpoint()).isEmptyDirectory();
  }

  @Test
  void seedIfEmpty_volumeNotEmpty_keepsItsContent() throws Exception {
    Path data = volumes.create("app", null, Map.of(), Map.of()).mountpoint();
    Files.writeString(data.resolve("mine"), "user data");
    volumes.seedIfEmpty("app", source);
    try (var list = Files.list(data)) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("mine");
    }
  }

  @Test
  void seedIfEmpty_emptiedAfterSeeding_isNeverSeededAgain() throws Exception {
    Path data = volumes.create("app", null, Map.of(), Map.of()).mountpoint();
    volumes.seedIfEmpty("app", source);
    dev.berth.sys.FileTrees.delete(data);
    Files.createDirectory(data);
    LocalVolumeService restarted = new LocalVolumeService(tmp.resolve("volumes"), new EventBus(), n -> List.of(), new LocalVolumeServiceTest.FakeMounter());
    restarted.seedIfEmpty("app", source);
    assertThat(data).isEmptyDirectory();
  }

  @Test
  void seedIfEmpty_missingSource_leavesVolumeEmptyAndSeedableLater() throws Exception {
    Path data = volumes.create("app", null, Map.of(), Map.of()).mountpoint();
    volumes.seedIfEmpty("app", tmp.resolve("rootfs/no/such/dir"));
    assertThat(data).isEmptyDirectory();
    volumes.seedIfEmpty("app", source);
    assertThat(data.resolve("etc/conf")).isRegularFile();
  }

  private static int mode(Path p) throws Exception {
    return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
  }

  private static Object key(Path p) throws Exception {
    return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW).fileKey();
  }
}
