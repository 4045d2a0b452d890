package dev.berth.api;

import dev.berth.engine.BuildService;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A BuildService that builds nothing: it records each request with the files its context held while the
 * build ran, then plays a script (by default a one-step build that succeeds). Prune returns a set report.
 */
public final class FakeBuildService implements BuildService {
  public static final Digest IMAGE_ID = Digest.sha256("built".getBytes(StandardCharsets.UTF_8));

  /** What a build does with its request and progress. */
  @FunctionalInterface
  public interface Script {
    BuildResult run(BuildRequest request, BuildProgress progress);
  }

  /** One build as the fake saw it: the request and the context's files (relative path to content). */
  public record Seen(BuildRequest request, Map<String, String> files) {}

  public final List<Seen> builds = new CopyOnWriteArrayList<>();
  public final List<Map<String, List<String>>> prunes = new CopyOnWriteArrayList<>();
  public volatile Script script = FakeBuildService::succeed;
  public volatile PruneReport pruneReport = new PruneReport(List.of(), 0);

  /** The default script: Docker's lines for a one-step build, the aux ID, and the tags. */
  public static BuildResult succeed(BuildRequest request, BuildProgress progress) {
    progress.stream("Step 1/1 : FROM busybox\n");
    progress.stream(" ---> " + IMAGE_ID.encoded().substring(0, 12) + "\n");
    progress.aux(IMAGE_ID);
    progress.stream("Successfully built " + IMAGE_ID.encoded().substring(0, 12) + "\n");
    for (String tag : request.tags()) progress.stream("Successfully tagged " + tag + "\n");
    return new BuildResult(IMAGE_ID, request.tags(), 1, 0);
  }

  @Override
  public BuildResult build(BuildRequest request, BuildProgress progress) {
    builds.add(new Seen(request, files(request.context())));
    return script.run(request, progress);
  }

  @Override
  public PruneReport prune(Map<String, List<String>> filters) {
    prunes.add(filters);
    return pruneReport;
  }

  public Seen last() {
    return builds.getLast();
  }

  private static Map<String, String> files(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readString(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
