package dev.berth.engine;

import dev.berth.oci.Digest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds images from Dockerfiles, Docker's classic builder semantics: one cached step per instruction, RUN in
 * a container of the image built so far, COPY/ADD from the context, multi-stage with {@code --target}.
 *
 * <p>Errors: a DockerfileException (InvalidArgumentException) for a Dockerfile that cannot be read;
 * {@link BuildFailedException} when a step fails (its message names the step, the location and, for RUN, the
 * command's exit code). A failed build leaves no half-made image, no container and no mount.
 */
public interface BuildService {
  /**
   * Runs a build. Progress goes to {@code progress} as Docker's classic builder prints it
   * ({@code Step 2/6 : RUN echo hi}, {@code  ---> Using cache}, {@code  ---> 1a2b3c4d5e6f}, the RUN's output,
   * {@code Successfully built …}, {@code Successfully tagged …}); the image ID goes to
   * {@link BuildProgress#aux} before the "Successfully built" line.
   */
  BuildResult build(BuildRequest request, BuildProgress progress);

  /** {@code builder prune}: forgets the build cache and removes the intermediate images only it kept. */
  PruneReport prune(Map<String, List<String>> filters);

  /**
   * What to build.
   *
   * @param context the unpacked build context (the caller owns and removes it)
   * @param dockerfile the Dockerfile's path relative to the context ({@code Dockerfile} when null)
   * @param tags references to tag the result with (may be empty)
   * @param buildArgs {@code --build-arg}s; a null value means "take it from the environment", which the
   *     daemon does not have, so it counts as unset
   * @param target the stage to stop at (null: the last)
   * @param noCache ignore the cache (the new steps still fill it)
   * @param labels labels added to the final image
   * @param removeIntermediate remove each step's container after a successful step ({@code rm}, default true)
   * @param forceRemove remove them after a failed step too ({@code forcerm})
   * @param pull always look for a newer base (accepted; there is no registry yet, so local images are used)
   * @param platform {@code --platform} of the build, null for the host's (only linux/amd64 is accepted)
   * @param networkMode the RUN containers' network ({@code host} until networking lands; null: host)
   */
  record BuildRequest(
      Path context,
      String dockerfile,
      List<String> tags,
      Map<String, String> buildArgs,
      String target,
      boolean noCache,
      Map<String, String> labels,
      boolean removeIntermediate,
      boolean forceRemove,
      boolean pull,
      String platform,
      String networkMode) {
    public BuildRequest {
      dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
      tags = tags == null ? List.of() : List.copyOf(tags);
      buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A build of {@code context} with Docker's defaults. */
    public static BuildRequest of(Path context) {
      return new BuildRequest(context, null, null, null, null, false, null, true, false, false, null, null);
    }
  }

  /** Where progress goes; called from the building thread, in order. */
  interface BuildProgress {
    /** A piece of build output (Docker's {@code stream}); lines end in a newline. */
    void stream(String text);

    /** The built image's ID (Docker's {@code aux} message {@code {"ID": "sha256:…"}}). */
    void aux(Digest imageId);

    BuildProgress NONE = new BuildProgress() {
      @Override
      public void stream(String text) {}

      @Override
      public void aux(Digest imageId) {}
    };
  }

  /** The built image, the tags it got, and how many steps ran versus came from the cache. */
  record BuildResult(Digest imageId, List<String> tags, int stepsRun, int stepsCached) {
    public BuildResult {
      tags = List.copyOf(tags);
    }
  }

  /** What {@code builder prune} removed: cache entries, and the space of the images it deleted. */
  record PruneReport(List<String> deleted, long spaceReclaimed) {
    public PruneReport {
      deleted = List.copyOf(deleted);
    }
  }

  /**
   * A step failed (a SystemException, so the API answers 500 outside a build stream; inside one it is an
   * inline {@code errorDetail}). The message says which ({@code Step 3/6 : RUN exit 3}), where, and why. */
  final class BuildFailedException extends dev.berth.errors.SystemException {
    private final int exitCode;

    public BuildFailedException(String message, int exitCode, Throwable cause) {
      super(message, cause);
      this.exitCode = exitCode;
    }

    /** The failed RUN's exit code, or -1 when the step was not a RUN. */
    public int exitCode() {
      return exitCode;
    }
  }
}
