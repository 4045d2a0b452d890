package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.client.ApiResponse;
import dev.berth.client.DaemonException;
import dev.berth.client.HijackedStream;
import java.io.IOException;

/**
 * The sequence behind {@code run}: create (a missing image is reported as docker reports it), then, unless
 * detached, attach and start waiting before start so that no output and no exit is missed; then start,
 * follow the terminal's size, carry the streams, and exit with the container's status.
 */
final class ContainerRun {
  private final CliContext ctx;
  private final String command;
  private final boolean sigProxy;

  ContainerRun(CliContext ctx, String command, boolean sigProxy) {
    this.ctx = ctx;
    this.command = command;
    this.sigProxy = sigProxy;
  }

  /**
   * Creates the container; a missing image is pulled first (unless {@code --pull never}), its progress on stderr,
   * as docker's run does. On failure prints the error and returns null.
   */
  String create(CreateBody.Create create, String pull) {
    try {
      try {
        return Containers.create(ctx, create);
      } catch (DaemonException e) {
        if (e.status() != 404 || !e.getMessage().startsWith("No such image") || "never".equals(pull)) throw e;
        ctx.err().println("Unable to find image '" + withTag(create.image()) + "' locally");
        dev.berth.cli.registry.ImagePull.pull(ctx, withTag(create.image()), create.platform(), false, ctx.err());
        return Containers.create(ctx, create);
      }
    } catch (DaemonException | IOException e) {
      Failures.print(ctx, command, e);
    }
    return null;
  }

  int run(CreateBody.Create create, boolean detach, byte[] keys, String detachKeysFlag, String pull) {
    String id = create(create, pull);
    if (id == null) return 125;
    if (detach) {
      try {
        Containers.start(ctx, id);
      } catch (IOException | DaemonException e) {
        Failures.print(ctx, command, e);
        return Failures.startStatus(e);
      }
      ctx.out().println(id);
      return 0;
    }
    return attached(id, create, keys, detachKeysFlag);
  }

  private int attached(String id, CreateBody.Create create, byte[] keys, String detachKeysFlag) {
    boolean any = create.attachStdin() || create.attachStdout() || create.attachStderr();
    HijackedStream stream = null;
    ApiResponse wait = null;
    try (TerminalSession terminal = TerminalSession.open(ctx, create.tty(), create.attachStdin())) {
      if (any) stream = Containers.attach(ctx, id, create.attachStdin(), create.attachStdout(), create.attachStderr(), detachKeysFlag);
      wait = Containers.waitFor(ctx, id, create.autoRemove() ? "removed" : "next-exit");
      try {
        Containers.start(ctx, id);
      } catch (IOException | DaemonException e) {
        Failures.print(ctx, command, e);
        return Failures.startStatus(e);
      }
      TerminalSession.followSize(ctx, create.tty(), Containers.path(id, "resize"));
      if (sigProxy && !create.tty()) SignalProxy.install(ctx, id);
      if (stream != null) {
        StreamSession.Outcome outcome = StreamSession.run(stream, create.tty(), create.attachStdin() ? ctx.stdin() : null,
            create.tty() ? keys : new byte[0], ctx.stdout(), ctx.stderr());
        if (outcome == StreamSession.Outcome.DETACHED) return 0;
      }
      int status = Containers.exitStatus(ctx, wait);
      wait = null;
      return status;
    } catch (IOException | DaemonException e) {
      Failures.print(ctx, command, e);
      return 125;
    } finally {
      if (stream != null) stream.close();
      if (wait != null) wait.close();
    }
  }

  /** {@code busybox} as docker names it in messages: {@code busybox:latest}. */
  static String withTag(String image) {
    if (image.contains("@")) return image;
    int colon = image.lastIndexOf(':');
    return colon > image.lastIndexOf('/') ? image : image + ":latest";
  }
}
