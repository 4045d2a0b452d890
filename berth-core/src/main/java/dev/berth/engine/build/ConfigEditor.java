package dev.berth.engine.build;

import dev.berth.oci.ImageConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A mutable copy of an image's {@code config} for one step to change, turned back into the immutable record
 * with {@link #build}; empty collections become absent fields, as Docker leaves them out.
 */
final class ConfigEditor {
  String user;
  final Map<String, Map<String, Object>> exposedPorts;
  final List<String> env;
  List<String> entrypoint;
  List<String> cmd;
  final Map<String, Map<String, Object>> volumes;
  String workingDir;
  final Map<String, String> labels;
  String stopSignal;
  List<String> shell;
  Map<String, Object> healthcheck;
  final List<String> onBuild;
  Boolean argsEscaped;

  ConfigEditor(ImageConfig.ContainerConfig c) {
    ImageConfig.ContainerConfig src = c == null ? ImageConfig.ContainerConfig.EMPTY : c;
    user = src.user();
    exposedPorts = src.exposedPorts() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(src.exposedPorts());
    env = src.env() == null ? new ArrayList<>() : new ArrayList<>(src.env());
    entrypoint = src.entrypoint();
    cmd = src.cmd();
    volumes = src.volumes() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(src.volumes());
    workingDir = src.workingDir();
    labels = src.labels() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(src.labels());
    stopSignal = src.stopSignal();
    shell = src.shell();
    healthcheck = src.healthcheck();
    onBuild = src.onBuild() == null ? new ArrayList<>() : new ArrayList<>(src.onBuild());
    argsEscaped = src.argsEscaped();
  }

  /** Sets {@code name=value}, replacing an earlier value in place as Docker does. */
  void setEnv(String name, String value) {
    String entry = name + "=" + value;
    for (int i = 0; i < env.size(); i++) {
      String e = env.get(i);
      int eq = e.indexOf('=');
      if ((eq < 0 ? e : e.substring(0, eq)).equals(name)) {
        env.set(i, entry);
        return;
      }
    }
    env.add(entry);
  }

  ImageConfig.ContainerConfig build() {
    return new ImageConfig.ContainerConfig(emptyToNull(user), exposedPorts.isEmpty() ? null : sorted(exposedPorts),
        env.isEmpty() ? null : List.copyOf(env), entrypoint, cmd, volumes.isEmpty() ? null : sorted(volumes),
        emptyToNull(workingDir), labels.isEmpty() ? null : sorted(labels),
        emptyToNull(stopSignal), shell, healthcheck, onBuild.isEmpty() ? null : List.copyOf(onBuild), argsEscaped);
  }

  private static <V> Map<String, V> sorted(Map<String, V> map) {
    return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(map));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
