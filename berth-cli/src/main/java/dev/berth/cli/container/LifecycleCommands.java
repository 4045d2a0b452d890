package dev.berth.cli.container;

import dev.berth.cli.CliContext;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one-call lifecycle commands: stop, restart, kill, pause, unpause, rm, wait. */
public final class LifecycleCommands {
  private LifecycleCommands() {}

  /** {@code berth stop}: the stop signal, then SIGKILL after the timeout. */
  @Command(description = "Stop one or more running containers (stop signal, then SIGKILL after the timeout)")
  public static final class Stop extends EachContainer {
    @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait before killing the container") Integer timeout;
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal to send to the container") String signal;

    public Stop(CliContext ctx) {
      super(ctx);
    }

    @Override
    String act(String container) throws IOException {
      ctx.client().send(ApiRequest.post(Containers.path(container, "stop")).query("signal", signal).query("t", timeout).build());
      return container;
    }
  }

  /** {@code berth restart}. */
  @Command(description = "Restart one or more containers")
  public static final class Restart extends EachContainer {
    @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "SECONDS", description = "Seconds to wait before killing the container") Integer timeout;
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal to send to the container") String signal;

    public Restart(CliContext ctx) {
      super(ctx);
    }

    @Override
    String act(String container) throws IOException {
      ctx.client().send(ApiRequest.post(Containers.path(container, "restart")).query("signal", signal).query("t", timeout).build());
      return container;
    }
  }

  /** {@code berth kill}. */
  @Command(description = "Kill one or more running containers (SIGKILL, or the signal given)")
  public static final class Kill extends EachContainer {
    @Option(names = {"-s", "--signal"}, paramLabel = "SIGNAL", description = "Signal to send to the container") String signal;

    public Kill(CliContext ctx) {
      super(ctx);
    }

    @Override
    String act(String container) throws IOException {
      ctx.client().send(ApiRequest.post(Containers.path(container, "kill")).query("signal", signal).build());
      return container;
    }
  }

  /** {@code berth pause}. */
  @Command(description = "Pause all processes within one or more containers (cgroup freezer)")
  public static final class Pause extends EachContainer {
    public Pause(CliContext ctx) {
      super(ctx);
    }

    @Override
    String act(String container) throws IOException {
      ctx.client().send(ApiRequest.post(Containers.path(container, "pause")).build());
      return container;
    }
  }

  /** {@code berth unpause}. */
  @Command(description = "Unpause all processes within one or more containers")
  public static final class Unpause extends EachContainer {
    public Unpause(CliContext ctx) {
      super(ctx);
    }

    @Override
    String act(String container) throws IOException {
      ctx.client().send(ApiRequest.post(Containers.path(container, "unpause")).build());
      return container;
    }
  }

  /** {@code berth rm}. */
  @Command(description = "Remove one or more containers (-f: a running one too)")
  public static final class Rm extends EachContainer {
    @Option(names = {"-f", "--force"}, description = "Force the removal of a running container (uses SIGKILL)") boolean force;
    @Option(names = {"-v", "--volumes"}, description = "Remove anonymous volumes associated with the container") boolean volumes;
    @Option(names = {"-l", "--link"}, description = "Remove the specified link") boolean link;

    public Rm(CliContext ctx) {
      super(ctx);
    }

    @Override
    String act(String container) throws IOException {
      ctx.client().send(ApiRequest.delete(Containers.path(container, "")).flag("force", force).flag("link", link).flag("v", volumes).build());
      return container;
    }
  }

  /** {@code berth wait}: prints each container's exit status once it stops. */
  @Command(description = "Block until one or more containers stop, then print their exit codes")
  public static final class Wait extends EachContainer {
    public Wait(CliContext ctx) {
      super(ctx);
    }

    @Override
    String act(String container) throws IOException {
      return Integer.toString(ctx.client().json(ApiRequest.post(Containers.path(container, "wait")).build()).path("StatusCode").asInt());
    }
  }
}
