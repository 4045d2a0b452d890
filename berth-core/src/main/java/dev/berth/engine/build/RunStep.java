package dev.berth.engine.build;

import dev.berth.build.dockerfile.Heredoc;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.engine.Attachment;
import dev.berth.engine.BuildService.BuildFailedException;
import dev.berth.engine.BuildService.BuildProgress;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerService.AttachOptions;
import dev.berth.engine.ContainerService.WaitCondition;
import dev.berth.engine.ContainerService.WaitResult;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * RUN: a container of the image so far runs the command (SHELL plus the line in the shell form, the words in
 * the exec form; a heredoc's body goes with the line as one script) with the image's ENV plus the build args
 * in scope, its output streamed into the build's progress as it comes; a non-zero exit fails the build; the
 * container's changes become one layer committed with the build's config.
 */
final class RunStep {
  private final BuildContainers containers;
  private final BuildProgress progress;
  private final Map<String, String> proxies;

  RunStep(BuildContainers containers, BuildProgress progress, Map<String, String> proxies) {
    this.containers = containers;
    this.progress = progress;
    this.proxies = proxies;
  }

  StepPlan plan(Instruction.Run run, BuildState state, String author) {
    if (!run.mounts().isEmpty()) {
      throw new dev.berth.errors.InvalidArgumentException("RUN --mount is not supported by the classic builder (" + run.location() + ")");
    }
    List<String> cmd = command(run, state);
    List<String> args = state.runArgs();
    String joined = String.join(" ", cmd);
    String createdBy = args.isEmpty() ? joined : "|" + args.size() + " " + String.join(" ", args) + " " + joined;
    Digest parent = state.imageId();
    String network = run.network();
    return new StepPlan(createdBy, "", state.config(),
        () -> execute(parent, cmd, env(state, args), network, state, createdBy, author));
  }

  /** SHELL plus the line (with heredoc bodies appended) in the shell form; the words as given in the exec form. */
  static List<String> command(Instruction.Run run, BuildState state) {
    if (!run.command().shellForm()) return run.command().args();
    if (run.heredocs().size() == 1 && onlyHeredoc(String.join(" ", run.command().args()), run.heredocs().getFirst())) {
      List<String> cmd = new ArrayList<>(state.shell());
      cmd.add(run.heredocs().getFirst().content());
      return cmd;
    }
    StringBuilder script = new StringBuilder(String.join(" ", run.command().args()));
    for (Heredoc h : run.heredocs()) {
      script.append('\n').append(h.content());
      if (!h.content().isEmpty() && !h.content().endsWith("\n")) script.append('\n');
      script.append(h.name());
    }
    List<String> cmd = new ArrayList<>(state.shell());
    cmd.add(script.toString());
    return cmd;
  }

  /** {@code RUN <<EOF} alone: the body is the script, as BuildKit runs it. */
  private static boolean onlyHeredoc(String line, Heredoc h) {
    String l = line.strip().replace("'", "").replace("\"", "");
    return l.equals("<<" + h.name()) || l.equals("<<-" + h.name());
  }

  private List<String> env(BuildState state, List<String> args) {
    List<String> env = new ArrayList<>(state.env());
    env.addAll(args);
    proxies.forEach((k, v) -> {
      if (args.stream().noneMatch(a -> a.startsWith(k + "="))) env.add(k + "=" + v);
    });
    return env;
  }

  private Digest execute(Digest parent, List<String> cmd, List<String> env, String network, BuildState state, String createdBy,
      String author) {
    if (parent == null) {
      throw new SystemException("cannot run a command on an empty image (FROM scratch): there is no shell to run it");
    }
    String id = null;
    try {
      id = containers.create(parent, cmd, env, state, network);
      progress.stream(" ---> Running in " + BuildContainers.shortId(id) + "\n");
      int exit = runAndStream(id);
      if (exit != 0) {
        throw new BuildFailedException("The command '" + String.join(" ", cmd) + "' returned a non-zero code: " + exit, exit, null);
      }
      Digest image = containers.commit(id, state.config(), createdBy, author);
      String removed = id;
      id = null;
      if (containers.removeLater(removed)) progress.stream(" ---> Removed intermediate container " + BuildContainers.shortId(removed) + "\n");
      return image;
    } catch (RuntimeException e) {
      containers.removeQuietly(id, e);
      throw e;
    }
  }

  /** Attaches before the start so no output is lost, streams it, and answers the exit code. */
  private int runAndStream(String id) {
    ContainerService svc = containers.service();
    CompletableFuture<WaitResult> exit = svc.waitFor(id, WaitCondition.NEXT_EXIT);
    try (Attachment out = svc.attach(id, new AttachOptions(false, true, true, false, true, null))) {
      svc.start(id);
      Utf8Chunks text = new Utf8Chunks();
      for (Optional<Attachment.Frame> f = out.read(); f.isPresent(); f = out.read()) {
        String s = text.decode(f.get().data());
        if (!s.isEmpty()) progress.stream(s);
      }
      String rest = text.flush();
      if (!rest.isEmpty()) progress.stream(rest);
      return exit.get().statusCode();
    } catch (IOException e) {
      throw new SystemException("RUN: reading the output of container " + id + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("RUN: interrupted while waiting for container " + id, e);
    } catch (ExecutionException e) {
      throw new SystemException("RUN: waiting for container " + id + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Decodes UTF-8 output chunk by chunk, holding back a character split between chunks. */
  static final class Utf8Chunks {
    private byte[] pending = new byte[0];

    String decode(byte[] data) {
      byte[] all = new byte[pending.length + data.length];
      System.arraycopy(pending, 0, all, 0, pending.length);
      System.arraycopy(data, 0, all, pending.length, data.length);
      int end = completeEnd(all);
      pending = java.util.Arrays.copyOfRange(all, end, all.length);
      return new String(all, 0, end, StandardCharsets.UTF_8);
    }

    String flush() {
      String s = new String(pending, StandardCharsets.UTF_8);
      pending = new byte[0];
      return s;
    }

    /** The length of the prefix that ends on a character boundary. */
    private static int completeEnd(byte[] b) {
      int n = b.length;
      for (int back = 1; back <= Math.min(3, n); back++) {
        int c = b[n - back] & 0xff;
        if ((c & 0xc0) == 0x80) continue;
        int need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        return need > back ? n - back : n;
      }
      return n;
    }
  }
}
