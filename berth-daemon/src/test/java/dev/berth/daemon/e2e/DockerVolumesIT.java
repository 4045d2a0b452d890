package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Volumes through the docker CLI: the seed's home volume, seeding, binds, tmpfs and --mount. */
class DockerVolumesIT extends DaemonTestBase {
  @Test
  void homeVolume_sharedByTwoDevContainers_outlivesThemUntilRemoved() throws Exception {
    d.ok("create", "-v", "/home", "--name", "home-volume", "busybox", "true");
    String volume = d.ok("inspect", "-f", "{{range .Mounts}}{{.Name}}{{end}}", "home-volume").out().strip();
    assertThat(volume).matches("[0-9a-f]{64}");
    d.ok("run", "-d", "--name", "dev1", "--volumes-from", "home-volume", "busybox", "sleep", "300");
    d.ok("run", "-d", "--name", "dev2", "--volumes-from", "home-volume", "busybox", "sleep", "300");
    d.ok("exec", "dev1", "sh", "-c", "echo written-in-dev1 > /home/notes.txt");
    assertThat(d.ok("exec", "dev2", "cat", "/home/notes.txt").out()).isEqualTo("written-in-dev1\n");
    d.ok("rm", "-f", "dev1", "dev2");
    d.ok("rm", "home-volume");
    assertThat(d.ok("volume", "ls", "-q").out()).contains(volume);
    assertThat(d.ok("run", "--rm", "-v", volume + ":/data", "busybox", "cat", "/data/notes.txt").out()).isEqualTo("written-in-dev1\n");
    d.ok("volume", "rm", volume);
    assertThat(d.ok("volume", "ls", "-q").out()).doesNotContain(volume);
  }

  @Test
  void namedVolume_isSeededFromTheImage_andInUseCannotBeRemoved() throws Exception {
    assertThat(d.ok("run", "--rm", "-v", "etcvol:/etc", "busybox", "ls", "/etc").out()).contains("passwd");
    assertThat(d.ok("run", "--rm", "-v", "etcvol:/data", "busybox", "cat", "/data/group").out()).contains("nogroup");
    d.ok("run", "-d", "--name", "holder", "-v", "etcvol:/x", "busybox", "sleep", "300");
    var rm = d.docker("volume", "rm", "etcvol");
    assertThat(rm.exit()).isNotZero();
    assertThat(rm.err()).contains("in use");
  }

  @Test
  void bindTmpfsAndMount_areMountedAsAsked() throws Exception {
    Path host = Files.createDirectory(d.root().resolve("bind-src"));
    Files.writeString(host.resolve("f"), "from-host\n");
    assertThat(d.ok("run", "--rm", "-v", host + ":/b:ro", "busybox", "cat", "/b/f").out()).isEqualTo("from-host\n");
    assertThat(d.docker("run", "--rm", "-v", host + ":/b:ro", "busybox", "touch", "/b/g").exit()).isNotZero();
    d.ok("run", "--rm", "--mount", "type=bind,source=" + host + ",target=/rw", "busybox", "sh", "-c", "echo back > /rw/g");
    assertThat(Files.readString(host.resolve("g"))).isEqualTo("back\n");
    assertThat(d.ok("run", "--rm", "--tmpfs", "/scratch:size=1m", "busybox", "sh", "-c", "grep ' /scratch ' /proc/mounts").out()).contains("tmpfs");
    assertThat(d.ok("run", "--rm", "--mount", "type=volume,source=mv,target=/m", "busybox", "sh", "-c", "echo ok > /m/x && cat /m/x").out()).isEqualTo("ok\n");
  }

  @Test
  void rmV_removesAnonymousVolumesButNotNamedOnes() throws Exception {
    d.ok("create", "--name", "withvols", "-v", "/anon", "-v", "keepme:/named", "busybox", "true");
    String anon = d.ok("inspect", "-f", "{{range .Mounts}}{{if eq .Destination \"/anon\"}}{{.Name}}{{end}}{{end}}", "withvols").out().strip();
    d.ok("rm", "-v", "withvols");
    String left = d.ok("volume", "ls", "-q").out();
    assertThat(left).contains("keepme").doesNotContain(anon);
  }
}
