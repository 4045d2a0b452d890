package dev.berth.engine.build;

import dev.berth.build.context.DockerIgnore;
import dev.berth.build.context.SourceTree;
import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.build.dockerfile.Stage;
import dev.berth.engine.BuildService;
import dev.berth.engine.ContainerService;
import dev.berth.engine.ImageService;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.sys.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The builder of this host; its cache lives under {@code <dataRoot>/builder/cache}, its scratch files under
 * {@code <dataRoot>/builder/tmp}. A build reads the Dockerfile, plans the stages ({@link BuildPlan}), runs them
 * ({@link StageRunner}), and tags the result only when every step worked.
 */
public final class LocalBuildService implements BuildService {
  private final ImageService images;
  private final Supplier<ContainerService> containers;
  private final Path root;
  private final EventBus events;
  private final BuildCache cache;

  /**
   * @param containers the container service, asked for at the first RUN (a SystemException when this host has
   *     no runtime)
   * @param root the builder's directory ({@code <dataRoot>/builder}): the cache and scratch files
   */
  public LocalBuildService(ImageService images, Supplier<ContainerService> containers, Path root, EventBus events) {
    this.images = images;
    this.containers = containers;
    this.root = root;
    this.events = events;
    this.cache = new BuildCache(root.resolve("cache"));
    try {
      FileTrees.delete(root.resolve("tmp"));
    } catch (IOException | RuntimeException e) {
      // a build's leftovers from a crash; the next build uses a fresh directory anyway
    }
  }

  @Override
  public BuildResult build(BuildRequest request, BuildProgress progress) {
    Platforms.check(request.platform(), "--platform");
    List<ImageReference> tags = request.tags().stream().map(LocalBuildService::reference).toList();
    Dockerfile dockerfile = Dockerfile.parse(readDockerfile(request), request.dockerfile());
    ShellWords words = new ShellWords(dockerfile.tree().escape());
    BuildArgs args = new BuildArgs(request.buildArgs(), dockerfile.metaArgs(), words);
    BuildPlan plan = BuildPlan.of(dockerfile, request.target(), image -> words.expand(image, args.metaScope()),
        !request.labels().isEmpty());
    BuildContainers buildContainers = new BuildContainers(containers, request.networkMode(), request.removeIntermediate());
    try (BuildScratch scratch = new BuildScratch(root.resolve("tmp"), buildContainers)) {
      StageRunner runner = new StageRunner(images, cache, progress, request.noCache(), new ConfigSteps(words, args),
          new RunStep(buildContainers, progress, args.proxies()), words, args, dockerfile.stages(), plan.steps());
      Digest image = null;
      SourceTree context = new SourceTree(request.context(), DockerIgnore.read(request.context()));
      for (Stage stage : plan.stages()) {
        runner.copySteps(new CopyStep(context, scratch, buildContainers, images, words, ref -> runner.stageImage(ref, stage.index())));
        boolean last = stage == plan.stages().getLast();
        image = runner.run(stage, last ? new java.util.TreeMap<>(request.labels()) : Map.of());
      }
      buildContainers.awaitRemovals();
      return finish(image, tags, args.unconsumed(), runner, progress);
    } finally {
      awaitQuietly(buildContainers);
    }
  }

  /** After a failure the step's own error is what the caller sees; the removals still end before the build answers. */
  private static void awaitQuietly(BuildContainers containers) {
    try {
      containers.awaitRemovals();
    } catch (RuntimeException e) {
      // already reported when the build succeeded; after a failure the step's error wins
    }
  }

  private BuildResult finish(Digest image, List<ImageReference> tags, Set<String> unconsumed, StageRunner runner,
      BuildProgress progress) {
    if (!unconsumed.isEmpty()) {
      progress.stream("[Warning] One or more build-args [" + String.join(" ", unconsumed) + "] were not consumed\n");
    }
    progress.aux(image);
    progress.stream("Successfully built " + image.shortId() + "\n");
    List<String> tagged = new ArrayList<>();
    for (ImageReference ref : tags) {
      if (!taggedAlready(ref, image)) images.tag(image.toString(), ref.toString());
      tagged.add(ref.familiar());
      progress.stream("Successfully tagged " + ref.familiar() + "\n");
    }
    return new BuildResult(image, tagged, runner.stepsRun(), runner.stepsCached());
  }

  /** A rebuild that changed nothing finds its tag in place: no store write (it would cost an fsync). */
  private boolean taggedAlready(ImageReference ref, Digest image) {
    try {
      return images.inspect(ref.toString()).id().equals(image);
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static ImageReference reference(String tag) {
    try {
      ImageReference ref = ImageReference.parse(tag);
      if (ref.digest() != null) throw new InvalidArgumentException("invalid tag " + tag + ": a build cannot tag with a digest");
      return ref.tag() == null ? ref.withTag(ImageReference.DEFAULT_TAG) : ref;
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("invalid tag " + tag + ": " + e.getMessage(), e);
    }
  }

  private static String readDockerfile(BuildRequest request) {
    Path file = request.context().resolve(request.dockerfile()).normalize();
    if (!file.startsWith(request.context().normalize()) || !Files.isRegularFile(file)) {
      throw new NotFoundException("Cannot locate specified Dockerfile: " + request.dockerfile());
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SystemException("reading the Dockerfile " + request.dockerfile() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public PruneReport prune(Map<String, List<String>> filters) {
    return new CachePrune(images, containers, cache).prune(filters);
  }
}
