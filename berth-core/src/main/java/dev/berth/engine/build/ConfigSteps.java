package dev.berth.engine.build;

import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.ShellWords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The instructions that change only the image's config (ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, CMD,
 * ENTRYPOINT, SHELL, STOPSIGNAL, HEALTHCHECK, ONBUILD, MAINTAINER, ARG): each answers the new config and
 * the {@code created_by} Docker writes ({@code /bin/sh -c #(nop)  ENV a=b}). They make no layer.
 */
final class ConfigSteps {
  /** The new config and the history comment (without the {@code #(nop)} prefix). */
  record Change(dev.berth.oci.ImageConfig.ContainerConfig config, String comment) {}

  private final ShellWords words;
  private final BuildArgs buildArgs;

  ConfigSteps(ShellWords words, BuildArgs buildArgs) {
    this.words = words;
    this.buildArgs = buildArgs;
  }

  Change env(Instruction.Env env, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    Map<String, String> vars = state.vars();
    StringBuilder comment = new StringBuilder("ENV");
    for (Instruction.KeyValue kv : env.pairs()) {
      String key = words.expand(kv.key(), vars);
      String value = words.expand(kv.value(), vars);
      c.setEnv(key, value);
      comment.append(' ').append(key).append('=').append(value);
    }
    return new Change(c.build(), comment.toString());
  }

  Change label(Instruction.Label label, BuildState state) {
    Map<String, String> vars = state.vars();
    Map<String, String> labels = new LinkedHashMap<>();
    for (Instruction.KeyValue kv : label.pairs()) labels.put(words.expand(kv.key(), vars), words.expand(kv.value(), vars));
    return labels(labels, state);
  }

  /** LABEL with values taken as they are (the request's {@code --label}s). */
  Change labels(Map<String, String> labels, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    StringBuilder comment = new StringBuilder("LABEL");
    labels.forEach((k, v) -> {
      c.labels.put(k, v);
      comment.append(' ').append(k).append('=').append(v);
    });
    return new Change(c.build(), comment.toString());
  }

  /** WORKDIR: relative paths join the current one; the result is cleaned. */
  Change workdir(Instruction.Workdir workdir, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    String path = words.expand(workdir.path(), state.vars());
    String joined = path.startsWith("/") ? path : state.workdir() + "/" + path;
    c.workingDir = Paths.clean(joined);
    return new Change(c.build(), "WORKDIR " + c.workingDir);
  }

  Change user(Instruction.User user, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    c.user = words.expand(user.user(), state.vars());
    return new Change(c.build(), "USER " + c.user);
  }

  Change expose(Instruction.Expose expose, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    List<String> ports = new ArrayList<>();
    for (String word : expose.ports()) {
      for (String p : words.expandWords(word, state.vars())) {
        String port = p.contains("/") ? p.toLowerCase(Locale.ROOT) : p + "/tcp";
        c.exposedPorts.put(port, Map.of());
        ports.add(port);
      }
    }
    return new Change(c.build(), "EXPOSE " + String.join(" ", ports));
  }

  Change volume(Instruction.Volume volume, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    List<String> paths = new ArrayList<>();
    for (String p : volume.paths()) {
      String path = words.expand(p, state.vars());
      if (path.isBlank()) throw new dev.berth.errors.InvalidArgumentException("VOLUME specified can not be an empty string");
      c.volumes.put(path, Map.of());
      paths.add(path);
    }
    return new Change(c.build(), "VOLUME " + GoText.list(paths));
  }

  Change cmd(Instruction.Cmd cmd, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    c.cmd = command(cmd.command(), state);
    if (cmd.command().shellForm()) c.argsEscaped = null;
    return new Change(c.build(), "CMD " + GoText.quoteList(c.cmd));
  }

  /** ENTRYPOINT; it resets a CMD inherited from the base, as Docker does (a CMD of this stage stays). */
  Change entrypoint(Instruction.Entrypoint entrypoint, BuildState state, boolean cmdSetInStage) {
    ConfigEditor c = new ConfigEditor(state.config());
    c.entrypoint = command(entrypoint.command(), state);
    if (!cmdSetInStage) c.cmd = null;
    return new Change(c.build(), "ENTRYPOINT " + GoText.quoteList(c.entrypoint));
  }

  Change shell(Instruction.Shell shell, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    c.shell = shell.shell();
    return new Change(c.build(), "SHELL " + GoText.list(shell.shell()));
  }

  Change stopSignal(Instruction.StopSignal stop, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    c.stopSignal = words.expand(stop.signal(), state.vars());
    return new Change(c.build(), "STOPSIGNAL " + c.stopSignal);
  }

  Change healthcheck(Instruction.Healthcheck h, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    Map<String, Object> hc = new LinkedHashMap<>();
    hc.put("Test", h.test());
    putDuration(hc, "Interval", h.interval());
    putDuration(hc, "Timeout", h.timeout());
    putDuration(hc, "StartPeriod", h.startPeriod());
    putDuration(hc, "StartInterval", h.startInterval());
    if (h.retries() != null && h.retries() != 0) hc.put("Retries", h.retries());
    c.healthcheck = hc;
    String text = "&{" + GoText.quoteList(h.test()) + " " + GoText.quote(GoText.duration(h.interval())) + " "
        + GoText.quote(GoText.duration(h.timeout())) + " " + GoText.quote(GoText.duration(h.startPeriod())) + " "
        + GoText.quote(GoText.duration(h.startInterval())) + " '" + String.format("\\x%02x", h.retries() == null ? 0 : h.retries()) + "'}";
    return new Change(c.build(), "HEALTHCHECK " + text);
  }

  Change onbuild(Instruction.Onbuild onbuild, BuildState state) {
    ConfigEditor c = new ConfigEditor(state.config());
    c.onBuild.add(onbuild.expression());
    return new Change(c.build(), "ONBUILD " + onbuild.expression());
  }

  Change maintainer(Instruction.Maintainer m, BuildState state) {
    return new Change(state.config(), "MAINTAINER " + m.name());
  }

  /** ARG: declares each name in the stage with its value; the history shows the declaration, not the value given. */
  Change arg(Instruction.Arg arg, BuildState state) {
    List<String> parts = new ArrayList<>();
    for (Instruction.ArgDecl decl : arg.args()) {
      state.declareArg(decl.name(), buildArgs.declare(decl, words, state.vars()));
      parts.add(decl.defaultValue() == null ? decl.name() : decl.name() + "=" + decl.defaultValue());
    }
    return new Change(state.config(), "ARG " + String.join(" ", parts));
  }

  /** A CMD or ENTRYPOINT as the config stores it: the exec form's words, or SHELL plus the shell form's line. */
  static List<String> command(Instruction.Command command, BuildState state) {
    if (!command.shellForm()) return command.args();
    List<String> cmd = new ArrayList<>(state.shell());
    cmd.add(String.join(" ", command.args()));
    return List.copyOf(cmd);
  }

  private static void putDuration(Map<String, Object> hc, String key, Duration d) {
    if (d != null && !d.isZero()) hc.put(key, d.toNanos());
  }
}
