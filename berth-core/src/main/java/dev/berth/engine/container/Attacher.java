package dev.berth.engine.container;

import dev.berth.engine.Attachment;
import dev.berth.engine.Attachment.Frame;
import dev.berth.engine.ContainerService.AttachOptions;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.monitor.K8sFileLogReader;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import dev.berth.runtime.monitor.LogStream;
import dev.berth.runtime.state.ContainerState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes attachments: to a running container at once, over conmon's attach socket; to one that does not run,
 * a pending attachment the next start connects before the process runs. With {@code logs} the log so far is
 * replayed first.
 */
final class Attacher {
  private final Lifecycle life;

  Attacher(Lifecycle life) {
    this.life = life;
  }

  Attachment attach(Container c, AttachOptions options) {
    ContainerId id = c.id();
    List<Frame> replay = options.logs() ? replay(id, options) : List.of();
    return life.store.withLock(id, () -> {
      Container cur = life.require(id);
      boolean live = cur.state() instanceof ContainerState.Running || cur.state() instanceof ContainerState.Paused;
      boolean tty = cur.config().basic().tty();
      ContainerAttachment[] self = new ContainerAttachment[1];
      ContainerAttachment a = new ContainerAttachment(tty, options.stdout(), options.stderr(), options.stream(), replay,
          () -> life.dropPending(id, self[0]));
      self[0] = a;
      if (options.stream()) {
        if (live) {
          connectLive(id, a);
        } else {
          life.pendingAttachment(id, a);
        }
      }
      life.publish(cur, "attach", Map.of());
      return a;
    });
  }

  /**
   * Connects to the monitor's attach socket. A container recorded as running may have exited a moment ago: its monitor
   * has then written the exit code and removed the socket, and berthd has not yet taken the exit in. That attachment
   * gets the end of the stream at once, as Docker gives an attach to a container that has stopped; any other failure
   * stays an error.
   */
  private void connectLive(ContainerId id, ContainerAttachment a) {
    try {
      a.connect(life.conmon.attach(id.hex()));
    } catch (RuntimeException e) {
      if (!(life.conmon.state(id.hex()) instanceof dev.berth.runtime.monitor.MonitorState.Exited)) throw e;
      a.abandon();
    }
  }

  private List<Frame> replay(ContainerId id, AttachOptions options) {
    Set<LogStream> streams = EnumSet.noneOf(LogStream.class);
    if (options.stdout()) {
      streams.add(LogStream.STDOUT);
    }
    if (options.stderr()) {
      streams.add(LogStream.STDERR);
    }
    if (streams.isEmpty()) {
      return List.of();
    }
    List<Frame> frames = new ArrayList<>();
    for (LogRecord r : new K8sFileLogReader(life.paths.logPath(id)).read(LogQuery.ALL.withStreams(streams))) {
      Attachment.Stream s = r.stream() == LogStream.STDERR ? Attachment.Stream.STDERR : Attachment.Stream.STDOUT;
      frames.add(new Frame(s, r.line().getBytes(StandardCharsets.UTF_8)));
    }
    return frames;
  }
}
