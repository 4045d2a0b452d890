package dev.berth.api.build;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.api.Request;
import dev.berth.engine.BuildService.BuildRequest;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code POST /build}, read and checked before the body is: a bad value is a 400 while the
 * client is still sending the context. Parameters the classic builder takes but Berth has no use for
 * ({@code cachefrom}, {@code memory}, {@code cpushares}, {@code shmsize}, {@code extrahosts}, …) are ignored,
 * as dockerd ignores what does not apply to it.
 *
 * @param quiet {@code q}: only the image ID is streamed
 */
record BuildQuery(
    String dockerfile,
    List<String> tags,
    Map<String, String> buildArgs,
    String target,
    boolean noCache,
    Map<String, String> labels,
    boolean remove,
    boolean forceRemove,
    boolean pull,
    String platform,
    String networkMode,
    boolean quiet) {

  private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};

  BuildQuery {
    tags = List.copyOf(tags);
  }

  /** Reads the query; InvalidArgumentException (400) naming the parameter when a value is malformed. */
  static BuildQuery parse(Request req) {
    String version = req.param("version", "1");
    if (!version.isEmpty() && !version.equals("1")) {
      throw new InvalidArgumentException("build: builder version " + version + " (BuildKit) is not supported by Berth;"
          + " use the classic builder (DOCKER_BUILDKIT=0)");
    }
    String remote = req.param("remote", "");
    if (!remote.isEmpty()) {
      throw new InvalidArgumentException("build: remote contexts (" + remote + ") are not supported; send the context as a tar");
    }
    List<String> tags = req.params("t").stream().filter(t -> !t.isEmpty()).toList();
    tags.forEach(BuildQuery::checkTag);
    boolean forceRemove = req.flag("forcerm");
    // dockerd: rm defaults to true when absent, and forcerm implies it
    boolean remove = forceRemove || req.param("rm") == null || req.param("rm").isEmpty() || req.flag("rm");
    return new BuildQuery(
        emptyToNull(req.param("dockerfile")),
        tags,
        jsonMap(req, "buildargs"),
        emptyToNull(req.param("target")),
        req.flag("nocache"),
        withoutNulls(jsonMap(req, "labels")),
        remove,
        forceRemove,
        req.flag("pull"),
        emptyToNull(req.param("platform")),
        networkMode(req.param("networkmode")),
        req.flag("q"));
  }

  /** The engine's request for the context unpacked at {@code context}. */
  BuildRequest request(Path context) {
    return new BuildRequest(context, dockerfile, tags, buildArgs, target, noCache, labels, remove, forceRemove, pull,
        platform, networkMode);
  }

  private static void checkTag(String tag) {
    try {
      ImageReference.parse(tag);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("build: invalid tag " + tag + ": " + e.getMessage(), e);
    }
  }

  /** A JSON object of strings ({@code {"A":"1","B":null}}); null values kept (buildargs: "from the environment"). */
  private static Map<String, String> jsonMap(Request req, String name) {
    String text = req.param(name, "");
    if (text.isBlank()) return Map.of();
    try {
      Map<String, String> map = Json.MAPPER.readValue(text, STRING_MAP);
      return map == null ? Map.of() : map;
    } catch (Exception e) {
      throw new InvalidArgumentException("build: the " + name + " parameter must be a JSON object of strings, got " + text, e);
    }
  }

  /** A label given as {@code null} is an empty label, as in dockerd. */
  private static Map<String, String> withoutNulls(Map<String, String> map) {
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, v == null ? "" : v));
    return out;
  }

  /** The docker CLI sends {@code default} when no {@code --network} was given. */
  private static String networkMode(String mode) {
    if (mode == null || mode.isEmpty() || mode.equals("default")) return null;
    return mode;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
