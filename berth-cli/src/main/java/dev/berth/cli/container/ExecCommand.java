package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonException;
import dev.berth.client.HijackedStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code berth exec}: create an exec instance, start it over a hijacked connection (or detached), and exit
 * with its exit code, read from the exec's inspect once its stream ends.
 */
@Command(description = "Execute a command in a running container")
public final class ExecCommand implements Callable<Integer>, StopsAtPositional {
  private final CliContext ctx;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin HelpOption help;

  @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background") boolean detach;
  @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached") boolean interactive;
  @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY") boolean tty;
  @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Username or UID (format: <name|uid>[:<group|gid>])") String user;
  @Option(names = {"-w", "--workdir"}, paramLabel = "DIR", description = "Working directory inside the container") String workdir;
  @Option(names = {"-e", "--env"}, paramLabel = "VAR[=VALUE]", description = "Set environment variables") List<String> env = new ArrayList<>();
  @Option(names = "--env-file", paramLabel = "FILE", description = "Read in a file of environment variables") List<String> envFiles = new ArrayList<>();
  @Option(names = "--privileged", description = "Give extended privileges to the command") boolean privileged;
  @Option(names = "--detach-keys", paramLabel = "KEYS", description = "Override the key sequence for detaching a container") String detachKeys;

  @Parameters(index = "0", paramLabel = "CONTAINER", description = "Container name or ID") String container;
  @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments") List<String> command;

  public ExecCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ObjectNode body;
    byte[] keys;
    try {
      body = body();
      keys = Policies.detachKeys(detachKeys == null ? "ctrl-p,ctrl-q" : detachKeys);
    } catch (BadFlagException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (tty && interactive && !detach && !ctx.terminals().stdin()) {
      ctx.err().println("the input device is not a TTY");
      return 1;
    }
    String id;
    try {
      Containers.inspect(ctx, container);
      id = ctx.client().json(ApiRequest.post(Containers.path(container, "exec"))
          .body(new java.io.ByteArrayInputStream(DaemonClient.mapper().writeValueAsBytes(body)), "application/json").build()).path("Id").asText();
    } catch (DaemonException e) {
      ctx.err().println("Error response from daemon: " + e.getMessage());
      return Failures.startStatus(e) == 125 ? 1 : Failures.startStatus(e);
    }
    return detach ? startDetached(id) : startAttached(id, keys);
  }

  private ObjectNode body() {
    ObjectNode body = DaemonClient.mapper().createObjectNode();
    body.put("User", CreateBody.nz(user)).put("Privileged", privileged).put("Tty", tty);
    body.put("AttachStdin", interactive && !detach).put("AttachStderr", !detach).put("AttachStdout", !detach).put("Detach", detach);
    body.put("DetachKeys", CreateBody.nz(detachKeys));
    List<String> vars = EnvFiles.env(envFiles, env, ctx.env());
    body.set("Env", vars.isEmpty() ? body.nullNode() : CreateBody.strings(vars));
    body.put("WorkingDir", CreateBody.nz(workdir));
    body.set("Cmd", CreateBody.strings(command));
    return body;
  }

  /**
   * The start body. With {@code -t} on a terminal it carries the terminal's size ({@code ConsoleSize},
   * {@code [rows, cols]}), so the process starts with the right size instead of racing the first resize
   * call, which over a slow link (an ssh host) arrives after the process has asked.
   */
  private byte[] startBody() throws IOException {
    com.fasterxml.jackson.databind.node.ObjectNode body = DaemonClient.mapper().createObjectNode().put("Detach", detach).put("Tty", tty);
    dev.berth.cli.tty.Tty.Size size = detach ? null : TerminalSession.consoleSize(ctx, tty);
    if (size != null) body.putArray("ConsoleSize").add(size.rows()).add(size.columns());
    return DaemonClient.mapper().writeValueAsBytes(body);
  }

  private int startDetached(String id) throws IOException {
    ctx.client().send(ApiRequest.post("/exec/" + id + "/start")
        .body(new java.io.ByteArrayInputStream(startBody()), "application/json").build());
    return 0;
  }

  private int startAttached(String id, byte[] keys) throws IOException {
    try (TerminalSession terminal = TerminalSession.open(ctx, tty, interactive);
        HijackedStream stream = ctx.client().hijack(ApiRequest.post("/exec/" + id + "/start").header("Content-Type", "application/json").build(), startBody())) {
      TerminalSession.followSize(ctx, tty, "/exec/" + id + "/resize");
      StreamSession.Outcome outcome = StreamSession.run(stream, tty, interactive ? ctx.stdin() : null, tty ? keys : new byte[0], ctx.stdout(), ctx.stderr());
      if (outcome == StreamSession.Outcome.DETACHED) return 0;
    } catch (DaemonException e) {
      ctx.err().println("Error response from daemon: " + e.getMessage());
      return Failures.startStatus(e);
    }
    JsonNode exec = ctx.client().json(ApiRequest.get("/exec/" + id + "/json").build());
    return exec.path("ExitCode").asInt(126);
  }
}
