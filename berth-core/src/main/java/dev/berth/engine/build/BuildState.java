package dev.berth.engine.build;

import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a stage stands: the image built so far (its ID, null on {@code scratch} before the first commit) with
 * the config the next step starts from, and the build args declared in the stage so far. Owned by the
 * building thread; each step replaces the image and config when it is done.
 */
final class BuildState {
  private static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

  private Digest imageId;
  private ImageConfig.ContainerConfig config;
  private final Map<String, String> args = new LinkedHashMap<>();

  BuildState(Digest imageId, ImageConfig.ContainerConfig config) {
    this.imageId = imageId;
    this.config = config == null ? ImageConfig.ContainerConfig.EMPTY : config;
  }

  Digest imageId() {
    return imageId;
  }

  ImageConfig.ContainerConfig config() {
    return config;
  }

  /** The image a step made, and the config it has. */
  void advance(Digest image, ImageConfig.ContainerConfig newConfig) {
    this.imageId = image;
    this.config = newConfig == null ? ImageConfig.ContainerConfig.EMPTY : newConfig;
  }

  void declareArg(String name, String value) {
    if (value == null) {
      args.remove(name);
      args.put(name, null);
    } else {
      args.put(name, value);
    }
  }

  /** The variables words are expanded with: the declared build args, the image's ENV overriding them. */
  Map<String, String> vars() {
    Map<String, String> vars = new LinkedHashMap<>();
    args.forEach((k, v) -> {
      if (v != null) vars.put(k, v);
    });
    for (String e : env()) {
      int eq = e.indexOf('=');
      if (eq > 0) vars.put(e.substring(0, eq), e.substring(eq + 1));
    }
    return vars;
  }

  /**
   * The build args a RUN gets beyond the image's ENV, sorted ({@code A=1}): declared, with a value, and not
   * overridden by an ENV of the same name. They go in the RUN's environment, its cache key and its history
   * ({@code |1 A=1 /bin/sh -c …}).
   */
  List<String> runArgs() {
    Set<String> envNames = new HashSet<>();
    for (String e : env()) envNames.add(e.indexOf('=') < 0 ? e : e.substring(0, e.indexOf('=')));
    Map<String, String> sorted = new TreeMap<>();
    args.forEach((k, v) -> {
      if (v != null && !envNames.contains(k)) sorted.put(k, v);
    });
    List<String> out = new ArrayList<>();
    sorted.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  List<String> env() {
    return config.env() == null ? List.of() : config.env();
  }

  /** SHELL, or {@code /bin/sh -c}. */
  List<String> shell() {
    return config.shell() == null || config.shell().isEmpty() ? DEFAULT_SHELL : config.shell();
  }

  /** WORKDIR, or {@code /}. */
  String workdir() {
    return config.workingDir() == null || config.workingDir().isEmpty() ? "/" : config.workingDir();
  }

  /** The {@code created_by} of a step that changes only config: {@code /bin/sh -c #(nop)  ENV a=b}. */
  String nop(String comment) {
    return String.join(" ", shell()) + " #(nop)  " + comment;
  }
}
