package dev.berth.cli.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A base image that bootstrap makes: its name and the config it must carry. The same record gives the
 * {@code --change} instructions sent with the import and decides whether an image already in the daemon is
 * the one an import would make, so that a second bootstrap imports nothing (the daemon stamps the creation
 * time into the config, so a re-import would always give a new image ID and leave the old one dangling).
 *
 * @param repo the repository, e.g. {@code busybox}
 * @param tag the tag, e.g. {@code latest}
 * @param entrypoint the image's ENTRYPOINT, exec form (empty: none)
 * @param cmd the image's CMD, exec form
 * @param env the image's environment, {@code NAME=value} each
 * @param labels the image's labels
 */
public record BaseImage(String repo, String tag, List<String> entrypoint, List<String> cmd, List<String> env,
    java.util.Map<String, String> labels) {
  public static final BaseImage BUSYBOX = new BaseImage("busybox", "latest", List.of("/bin/sh"), List.of("PATH=/bin"));
  public static final BaseImage DEBIAN_BOOKWORM = new BaseImage("debian", "bookworm", List.of("bash"),
      List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
  /**
   * The ambassador: berthd serves its listeners; the image only shows them and waits (see AmbassadorRootfs). The
   * label is the one berthd looks for (AmbassadorService.LABEL in the engine, which the CLI does not link).
   */
  public static final BaseImage AMBASSADOR = new BaseImage("berth/ambassador", "latest", List.of(AmbassadorRootfs.SCRIPT_PATH),
      List.of(), List.of("PATH=/bin"), java.util.Map.of("dev.berth.ambassador", "1"));

  /** An image with a CMD and no ENTRYPOINT or labels. */
  public BaseImage(String repo, String tag, List<String> cmd, List<String> env) {
    this(repo, tag, List.of(), cmd, env, java.util.Map.of());
  }

  public BaseImage {
    if (repo == null || repo.isBlank() || tag == null || tag.isBlank()) throw new IllegalArgumentException("base image: repo and tag are required");
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    env = List.copyOf(env);
    labels = java.util.Map.copyOf(labels);
    for (String e : env) {
      if (e.indexOf('=') <= 0) throw new IllegalArgumentException("base image " + repo + ": env entry \"" + e + "\" is not NAME=value");
    }
  }

  /** {@code repo:tag}. */
  public String reference() {
    return repo + ":" + tag;
  }

  /** The import's {@code changes}: ENTRYPOINT and CMD in JSON form, one ENV per variable, one LABEL per label. */
  public List<String> changes() {
    List<String> changes = new ArrayList<>();
    if (!entrypoint.isEmpty()) changes.add("ENTRYPOINT " + jsonArray(entrypoint));
    changes.add("CMD " + jsonArray(cmd));
    env.forEach(e -> changes.add("ENV " + e));
    new java.util.TreeMap<>(labels).forEach((k, v) -> changes.add("LABEL " + k + "=" + v));
    return changes;
  }

  /**
   * Whether {@code inspect} (one {@code GET /images/{name}/json} answer) is this image with exactly one layer
   * whose diff ID is {@code diffId}: then importing again would only change the creation time.
   */
  public boolean isSatisfiedBy(JsonNode inspect, String diffId) {
    JsonNode layers = inspect.path("RootFS").path("Layers");
    if (!layers.isArray() || layers.size() != 1 || !diffId.equals(layers.get(0).asText())) return false;
    JsonNode config = inspect.path("Config");
    java.util.Map<String, String> haveLabels = new java.util.HashMap<>();
    config.path("Labels").properties().forEach(e -> haveLabels.put(e.getKey(), e.getValue().asText()));
    return strings(config.path("Entrypoint")).equals(entrypoint) && strings(config.path("Cmd")).equals(cmd)
        && strings(config.path("Env")).equals(env) && haveLabels.equals(labels);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String jsonArray(List<String> words) {
    StringBuilder sb = new StringBuilder("[");
    for (String w : words) {
      if (sb.length() > 1) sb.append(", ");
      sb.append('"');
      w.chars().forEach(c -> {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          default -> sb.append((char) c);
        }
      });
      sb.append('"');
    }
    return sb.append(']').toString();
  }
}
