package dev.berth.runtime.container;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.ImageConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges an image's defaults ({@code config} of its image config) into a create request, by Docker's rules:
 *
 * <ul>
 *   <li><b>Entrypoint, Cmd</b>: without an entrypoint in the request, the image's entrypoint is kept and the
 *       request's cmd, if any, replaces the image's. A request entrypoint replaces the image's and drops the
 *       image's cmd (only the request's cmd remains). An entrypoint of {@code [""]} or {@code []} clears the
 *       image's entrypoint but keeps its cmd unless the request gives one. Shell form is already
 *       {@code /bin/sh -c …} in the image, so nothing is re-parsed. With neither left: "No command specified".
 *   <li><b>Env</b>: the request's variables, then each image variable whose name the request does not set.
 *   <li><b>Labels</b>: the image's, overridden by the request's.
 *   <li><b>WorkingDir, User, StopSignal</b>: the request's if given, else the image's. A working directory
 *       must be absolute and is cleaned ({@code /a/./b/} → {@code /a/b}); none means {@code /}.
 *   <li><b>ExposedPorts, Volumes</b>: the union of both.
 *   <li><b>Healthcheck</b>: field by field, each unset request field taken from the image.
 * </ul>
 */
public final class ImageConfigMerger {
  private ImageConfigMerger() {}

  /** The effective configuration of a container created from {@code request} on an image with {@code image}. */
  public static ContainerConfig merge(ImageConfig.ContainerConfig image, ContainerConfig request) {
    ImageConfig.ContainerConfig img = image == null ? ImageConfig.ContainerConfig.EMPTY : image;
    BasicConfig user = request.basic();
    BasicConfig basic = mergeCommand(img, user)
        .withEnv(mergeEnv(img.env(), user.env()))
        .withLabels(mergeLabels(img.labels(), user.labels()))
        .withWorkingDir(workingDir(user.workingDir().isEmpty() ? img.workingDir() : user.workingDir()))
        .withUser(user.user().isEmpty() ? img.user() : user.user())
        .withStopSignal(user.stopSignal() == null ? imageStopSignal(img.stopSignal()) : user.stopSignal())
        .withExposedPorts(union(user.exposedPorts(), keys(img.exposedPorts())))
        .withHealthcheck(mergeHealthcheck(img.healthcheck(), user.healthcheck()));
    StorageConfig storage = request.storage().withVolumes(union(request.storage().volumes(), keys(img.volumes())));
    return request.withBasic(basic).withStorage(storage);
  }

  private static BasicConfig mergeCommand(ImageConfig.ContainerConfig img, BasicConfig user) {
    List<String> userEntrypoint = user.entrypoint();
    boolean cleared = userEntrypoint != null && (userEntrypoint.isEmpty() || userEntrypoint.equals(List.of("")));
    boolean userCmd = user.cmd() != null && !user.cmd().isEmpty();
    List<String> entrypoint;
    List<String> cmd;
    if (userEntrypoint == null || cleared) {
      entrypoint = cleared ? List.of() : orEmpty(img.entrypoint());
      cmd = userCmd ? user.cmd() : orEmpty(img.cmd());
    } else {
      entrypoint = userEntrypoint;
      cmd = orEmpty(user.cmd());
    }
    if (entrypoint.isEmpty() && cmd.isEmpty()) {
      throw new InvalidArgumentException("No command specified: neither the request nor the image " + user.image() + " gives an entrypoint or a command");
    }
    return user.withEntrypoint(entrypoint).withCmd(cmd);
  }

  private static List<String> mergeEnv(List<String> image, List<String> user) {
    List<String> env = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String e : user) {
      String name = envName(e);
      if (name.isEmpty()) throw new InvalidArgumentException("invalid environment variable '" + e + "': the name is empty");
      names.add(name);
      env.add(e);
    }
    if (image != null) {
      for (String e : image) {
        if (!names.contains(envName(e))) env.add(e);
      }
    }
    return env;
  }

  private static String envName(String entry) {
    int eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.substring(0, eq);
  }

  private static Map<String, String> mergeLabels(Map<String, String> image, Map<String, String> user) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (image != null) labels.putAll(image);
    labels.putAll(user);
    return labels;
  }

  private static String workingDir(String dir) {
    if (dir == null || dir.isEmpty()) return "";
    if (!dir.startsWith("/")) {
      throw new InvalidArgumentException("the working directory '" + dir + "' is invalid, it needs to be an absolute path");
    }
    return Path.of(dir).normalize().toString();
  }

  private static String imageStopSignal(String signal) {
    if (signal == null || signal.isEmpty()) return null;
    Signal.parse(signal);
    return signal;
  }

  private static Healthcheck mergeHealthcheck(Map<String, Object> image, Healthcheck user) {
    Healthcheck fromImage = Healthcheck.fromImage(image);
    if (user == null) return fromImage;
    return user.inheriting(fromImage);
  }

  private static List<String> keys(Map<String, Map<String, Object>> map) {
    return map == null ? List.of() : List.copyOf(map.keySet());
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<String> orEmpty(List<String> list) {
    return list == null ? List.of() : list;
  }
}
