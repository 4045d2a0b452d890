package dev.berth.engine.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerView;
import dev.berth.engine.ExecService.ExecConfig;
import dev.berth.engine.events.Event;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.runc.Runc;
import dev.berth.runtime.specgen.HostFacts;
import dev.berth.runtime.state.ContainerState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exec service's bookkeeping, with a fake container lookup: nothing here reaches runc. */
class LocalExecServiceTest {
  private static final ExecConfig ECHO = new ExecConfig(List.of("echo", "hi"), null, null, null, false, false, true, true, false, null);

  @TempDir Path dir;
  private final ContainerId id = ContainerId.random();
  private ContainerState state = new ContainerState.Running(4242, Instant.now());
  private final EventBus events = new EventBus();
  private final List<Event> seen = new CopyOnWriteArrayList<>();
  private LocalExecService execs;

  @BeforeEach
  void setUp() {
    execs = new LocalExecService(this::find, Runc.atExecRoot(dir), events, dir.resolve("execs"), HostFacts.current());
    events.subscribe(-1, e -> true, seen::add);
  }

  private ContainerView find(String ref) {
    if (!ref.equals("web") && !ref.equals(id.hex())) {
      throw new NotFoundException("No such container: " + ref);
    }
    Container c = Container.newContainer(id, "/web", Instant.now(), Digest.sha256(new byte[0]),
        ContainerConfig.of(BasicConfig.of("busybox"))).withState(state);
    return new ContainerView(c, "busybox", null, dir, dir.resolve("log"), List.of(), null, -1, -1, "vfs", Map.of(), List.of());
  }

  @Test
  void create_runningContainer_recordsAnExecAndPublishesExecCreate() {
    String exec = execs.create("web", ECHO);
    assertThat(exec).matches("[0-9a-f]{64}");
    var view = execs.inspect(exec);
    assertThat(view.containerId()).isEqualTo(id.hex());
    assertThat(view.running()).isFalse();
    assertThat(view.exitCode()).isNull();
    assertThat(view.pid()).isZero();
    assertThat(view.config()).isEqualTo(ECHO);
    assertThat(execs.execIds(id.hex())).containsExactly(exec);
    assertThat(seen).singleElement().satisfies(e -> {
      assertThat(e.type()).isEqualTo("container");
      assertThat(e.action()).isEqualTo("exec_create: echo hi");
      assertThat(e.actorId()).isEqualTo(id.hex());
      assertThat(e.attributes()).containsEntry("execID", exec).containsEntry("name", "web").containsEntry("image", "busybox");
    });
  }

  @Test
  void create_twice_givesDistinctIds() {
    assertThat(execs.create("web", ECHO)).isNotEqualTo(execs.create("web", ECHO));
  }

  @Test
  void create_stoppedContainer_isAConflictNamingIt() {
    state = new ContainerState.Exited(0, Instant.now(), Instant.now(), false, null);
    assertThatThrownBy(() -> execs.create("web", ECHO))
        .isInstanceOf(ConflictException.class).hasMessage("Container " + id.hex() + " is not running");
    state = ContainerState.Created.fresh();
    assertThatThrownBy(() -> execs.create("web", ECHO)).isInstanceOf(ConflictException.class).hasMessageContaining("is not running");
    assertThat(seen).isEmpty();
  }

  @Test
  void create_pausedContainer_isAConflictSayingSo() {
    state = new ContainerState.Paused(4242, Instant.now());
    assertThatThrownBy(() -> execs.create("web", ECHO))
        .isInstanceOf(ConflictException.class).hasMessage("Container " + id.hex() + " is paused, unpause the container before exec");
  }

  @Test
  void create_restartingContainer_isAConflict() {
    state = new ContainerState.Restarting(1, Instant.now(), Instant.now(), false);
    assertThatThrownBy(() -> execs.create("web", ECHO)).isInstanceOf(ConflictException.class).hasMessageContaining("is restarting");
  }

  @Test
  void create_unknownContainer_isNotFound() {
    assertThatThrownBy(() -> execs.create("db", ECHO)).isInstanceOf(NotFoundException.class).hasMessage("No such container: db");
  }

  @Test
  void create_emptyCommand_isInvalid() {
    assertThatThrownBy(() -> new ExecConfig(List.of(), null, null, null, false, false, true, true, false, null))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void inspectStartResize_unknownExec_isNotFound() {
    assertThatThrownBy(() -> execs.inspect("nope")).isInstanceOf(NotFoundException.class).hasMessage("No such exec instance: nope");
    assertThatThrownBy(() -> execs.start("nope", false, null)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> execs.resize("nope", 1, 1)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void start_containerStoppedSinceCreate_isAConflictAndTheExecEndsWith126() {
    String exec = execs.create("web", ECHO);
    state = new ContainerState.Exited(0, Instant.now(), Instant.now(), false, null);
    assertThatThrownBy(() -> execs.start(exec, false, null)).isInstanceOf(ConflictException.class).hasMessageContaining("is not running");
    assertThat(execs.inspect(exec).exitCode()).isEqualTo(126);
    assertThatThrownBy(() -> execs.start(exec, false, null)).isInstanceOf(ConflictException.class).hasMessageContaining("has already run");
  }

  @Test
  void resize_beforeStart_isKeptAndABadSizeIsInvalid() {
    String exec = execs.create("web", ECHO);
    execs.resize(exec, 24, 80);
    assertThatThrownBy(() -> execs.resize(exec, 0, 80)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("0x80");
  }

  @Test
  void forgetContainerAndClose_dropTheExecs() {
    String exec = execs.create("web", ECHO);
    execs.forgetContainer(id.hex());
    assertThatThrownBy(() -> execs.inspect(exec)).isInstanceOf(NotFoundException.class);
    String other = execs.create("web", ECHO);
    execs.close();
    assertThatThrownBy(() -> execs.inspect(other)).isInstanceOf(NotFoundException.class);
  }
}
