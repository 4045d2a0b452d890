package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.ApiContext;
import dev.berth.api.FakeImageService;
import dev.berth.api.UnixHttp;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon started in-process over a fake image service: sockets, modes, pidfile, stale and live sockets. */
class BerthdTest {
  @TempDir Path tmp;

  private static ApiContext fakeContext(Path dataRoot) {
    EventBus bus = new EventBus();
    return new ApiContext(new FakeImageService(bus), bus, "vfs", dataRoot, "id", false);
  }

  @Test
  void start_createsSocket0660AndPidfile_closeRemovesBoth() throws Exception {
    DaemonConfig config = DaemonConfig.forTest(tmp.resolve("d1"));
    Path socket;
    try (RunningDaemon d = Berthd.start(config, fakeContext(config.dataRoot()))) {
      socket = d.socket();
      assertThat(socket).isEqualTo(tmp.resolve("d1/run/berth.sock"));
      assertThat(Files.getPosixFilePermissions(socket)).containsExactlyInAnyOrder(
          PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE);
      assertThat(Files.readString(config.pidFile()).strip()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
      assertThat(UnixHttp.get(socket, "/_ping").text()).isEqualTo("OK");
      assertThat(d.dockerHost()).isEqualTo("unix://" + socket);
      try (var files = Files.list(socket.getParent())) {
        assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("berth.sock", "berthd.pid");
      }
    }
    assertThat(socket).doesNotExist();
    assertThat(config.pidFile()).doesNotExist();
  }

  @Test
  void start_existingGroup_ownsTheSocket() throws Exception {
    DaemonConfig base = DaemonConfig.forTest(tmp.resolve("g"));
    DaemonConfig config = new DaemonConfig(base.hosts(), base.dataRoot(), base.execRoot(), "vfs", "daemon", false);
    try (RunningDaemon d = Berthd.start(config, fakeContext(config.dataRoot()))) {
      var attrs = Files.readAttributes(d.socket(), java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      assertThat(attrs.group().getName()).isEqualTo("daemon");
    }
  }

  @Test
  void start_staleSocketFile_isReplaced() throws Exception {
    DaemonConfig config = DaemonConfig.forTest(tmp.resolve("d2"));
    Path socket = config.sockets().getFirst();
    Files.createDirectories(socket.getParent());
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    try (RunningDaemon d = Berthd.start(config, fakeContext(config.dataRoot()))) {
      assertThat(UnixHttp.get(d.socket(), "/_ping").status()).isEqualTo(200);
    }
  }

  @Test
  void start_liveDaemonOnTheSocket_isRefusedAndLeavesItAlone() throws Exception {
    DaemonConfig config = DaemonConfig.forTest(tmp.resolve("d3"));
    try (RunningDaemon first = Berthd.start(config, fakeContext(config.dataRoot()))) {
      DaemonConfig second = new DaemonConfig(config.hosts(), tmp.resolve("other-data"), tmp.resolve("other-run"), "vfs", "berth", false);
      assertThatThrownBy(() -> Berthd.start(second, fakeContext(second.dataRoot())))
          .isInstanceOf(ConflictException.class).hasMessageContaining("another daemon");
      assertThat(UnixHttp.get(first.socket(), "/_ping").text()).isEqualTo("OK");
      assertThat(second.pidFile()).doesNotExist();
    }
  }

  @Test
  void start_twoDaemons_withDifferentRootsRunSideBySide() throws Exception {
    DaemonConfig a = DaemonConfig.forTest(tmp.resolve("a"));
    DaemonConfig b = DaemonConfig.forTest(tmp.resolve("b"));
    try (RunningDaemon da = Berthd.start(a, fakeContext(a.dataRoot()));
        RunningDaemon db = Berthd.start(b, fakeContext(b.dataRoot()))) {
      assertThat(UnixHttp.get(da.socket(), "/info").text()).contains(tmp.resolve("a/data").toString());
      assertThat(UnixHttp.get(db.socket(), "/info").text()).contains(tmp.resolve("b/data").toString());
    }
  }

  @Test
  void start_regularFileWhereTheSocketGoes_isRefused() throws Exception {
    DaemonConfig config = DaemonConfig.forTest(tmp.resolve("d4"));
    Path socket = config.sockets().getFirst();
    Files.createDirectories(socket.getParent());
    Files.writeString(socket, "not a socket");
    assertThatThrownBy(() -> Berthd.start(config, fakeContext(config.dataRoot()))).hasMessageContaining("is not a socket");
    assertThat(Files.readString(socket)).isEqualTo("not a socket");
  }

  @Test
  void main_badConfigFile_exitsWith1() throws Exception {
    Path file = tmp.resolve("daemon.json");
    Files.writeString(file, "{\"nope\": 1}");
    assertThat(BerthdMain.run("--config-file", file.toString(), "--data-root", tmp.resolve("x").toString())).isEqualTo(1);
    assertThat(BerthdMain.run("--config-file", tmp.resolve("missing.json").toString())).isEqualTo(1);
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  @Test
  void main_version_exitsWith0() {
    assertThat(BerthdMain.run("--version")).isZero();
  }

  @Test
  void forTest_usesVfsAndPathsUnderRoot() {
    DaemonConfig c = DaemonConfig.forTest(tmp);
    assertThat(c.storageDriver()).isEqualTo("vfs");
    assertThat(c.sockets()).isEqualTo(List.of(tmp.resolve("run/berth.sock").toAbsolutePath()));
  }
}
