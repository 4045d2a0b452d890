package dev.berth.engine.build;

import dev.berth.build.dockerfile.Dockerfile;
import dev.berth.build.dockerfile.Instruction;
import dev.berth.build.dockerfile.Stage;
import dev.berth.build.dockerfile.ShellWords;
import dev.berth.engine.BuildService.BuildFailedException;
import dev.berth.engine.BuildService.BuildProgress;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.errors.BerthException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the stages of a build one instruction at a time, as Docker's classic builder: prints the step, plans it
 * ({@link StepPlan}), takes its image from the cache when the key matches and the image is still there, else
 * runs it and records the result. ONBUILD triggers of a base image run right after its FROM. Owned by the
 * building thread.
 */
final class StageRunner {
  private final ImageService images;
  private final BuildCache cache;
  private final BuildProgress progress;
  private final boolean noCache;
  private final ConfigSteps configSteps;
  private final RunStep runStep;
  private final ImageCommits commits;
  private final ShellWords words;
  private final BuildArgs args;
  private final List<Stage> allStages;
  private final Map<Integer, Digest> stageImages = new HashMap<>();
  private final int total;
  private CopyStep copyStep;
  private int step;
  private int run;
  private int cached;

  StageRunner(ImageService images, BuildCache cache, BuildProgress progress, boolean noCache, ConfigSteps configSteps,
      RunStep runStep, ShellWords words, BuildArgs args, List<Stage> allStages, int total) {
    this.images = images;
    this.cache = cache;
    this.progress = progress;
    this.noCache = noCache;
    this.configSteps = configSteps;
    this.runStep = runStep;
    this.commits = new ImageCommits(images);
    this.words = words;
    this.args = args;
    this.allStages = allStages;
    this.total = total;
  }

  void copySteps(CopyStep copyStep) {
    this.copyStep = copyStep;
  }

  /** The image of an earlier stage that {@code ref} (name or number) names, or null. */
  Digest stageImage(String ref, int before) {
    Stage s = BuildPlan.reference(allStages, ref, before);
    return s == null ? null : stageImages.get(s.index());
  }

  int stepsRun() {
    return run;
  }

  int stepsCached() {
    return cached;
  }

  /** Runs {@code stage}; the request's labels (non-empty for the target only) make one more step at the end. */
  Digest run(Stage stage, Map<String, String> labels) {
    StageContext ctx = new StageContext(stage);
    header(stage.from().original());
    BuildState state = from(stage.from(), stage.index());
    triggers(state, ctx);
    for (Instruction i : stage.instructions()) {
      header(i.original());
      step(i, state, ctx);
    }
    if (!labels.isEmpty()) {
      StringBuilder text = new StringBuilder("LABEL");
      labels.forEach((k, v) -> text.append(' ').append(k).append('=').append(quoteIfNeeded(v)));
      header(text.toString());
      configStep(configSteps.labels(labels, state), state, ctx);
    }
    if (state.imageId() == null) {
      throw new BuildFailedException("No image was generated. Is your Dockerfile empty?", -1, null);
    }
    stageImages.put(stage.index(), state.imageId());
    return state.imageId();
  }

  /** Per-stage facts the steps need: whether a CMD was given in it (ENTRYPOINT then keeps it), and the author. */
  private static final class StageContext {
    final Stage stage;
    boolean cmdSet;
    String author;

    StageContext(Stage stage) {
      this.stage = stage;
    }
  }

  private void header(String text) {
    step++;
    progress.stream("Step " + step + "/" + total + " : " + text + "\n");
  }

  private BuildState from(Instruction.From from, int index) {
    String image = words.expand(from.image(), args.metaScope());
    if (from.platform() != null && !from.platform().isEmpty()) {
      Platforms.check(words.expand(from.platform(), args.metaScope()), "FROM --platform at " + from.location());
    }
    if (image.equals("scratch")) {
      progress.stream(" ---> \n");
      return new BuildState(null, ImageConfig.ContainerConfig.EMPTY);
    }
    Digest stage = stageImage(image, index);
    Image base;
    try {
      base = images.inspect(stage != null ? stage.toString() : image);
    } catch (NotFoundException e) {
      throw failed(e, -1, from);
    }
    progress.stream(" ---> " + base.id().shortId() + "\n");
    return new BuildState(base.id(), base.config().config());
  }

  /** The base image's ONBUILD triggers, run in order, then cleared from the image being built. */
  private void triggers(BuildState state, StageContext ctx) {
    List<String> onBuild = state.config().onBuild();
    if (onBuild == null || onBuild.isEmpty()) return;
    progress.stream(" # Executing " + onBuild.size() + " build trigger" + (onBuild.size() == 1 ? "" : "s") + "\n");
    ConfigEditor cleared = new ConfigEditor(state.config());
    cleared.onBuild.clear();
    state.advance(state.imageId(), cleared.build());
    for (String trigger : onBuild) {
      step(Dockerfile.parseInstruction(trigger), state, ctx);
    }
  }

  private void step(Instruction instruction, BuildState state, StageContext ctx) {
    try {
      dispatch(instruction, state, ctx);
    } catch (BuildFailedException e) {
      throw new BuildFailedException(e.getMessage() + where(instruction), e.exitCode(), e);
    } catch (BerthException e) {
      throw failed(e, -1, instruction);
    }
  }

  private BuildFailedException failed(BerthException e, int exit, Instruction instruction) {
    return new BuildFailedException(e.getMessage() + where(instruction), exit, e);
  }

  private String where(Instruction instruction) {
    return " (Step " + step + "/" + total + " : " + instruction.original() + ", at " + instruction.location() + ")";
  }

  private void dispatch(Instruction instruction, BuildState state, StageContext ctx) {
    switch (instruction) {
      case Instruction.From f -> throw new dev.berth.errors.InvalidArgumentException("FROM inside a stage at " + f.location());
      case Instruction.Run r -> execute(runStep.plan(r, state, ctx.author), state);
      case Instruction.Copy c -> execute(copyStep.copy(c, state, ctx.author), state);
      case Instruction.Add a -> execute(copyStep.add(a, state, ctx.author), state);
      case Instruction.Env e -> configStep(configSteps.env(e, state), state, ctx);
      case Instruction.Arg a -> configStep(configSteps.arg(a, state), state, ctx);
      case Instruction.Workdir w -> configStep(configSteps.workdir(w, state), state, ctx);
      case Instruction.User u -> configStep(configSteps.user(u, state), state, ctx);
      case Instruction.Label l -> configStep(configSteps.label(l, state), state, ctx);
      case Instruction.Expose e -> configStep(configSteps.expose(e, state), state, ctx);
      case Instruction.Volume v -> configStep(configSteps.volume(v, state), state, ctx);
      case Instruction.Cmd c -> {
        configStep(configSteps.cmd(c, state), state, ctx);
        ctx.cmdSet = true;
      }
      case Instruction.Entrypoint e -> configStep(configSteps.entrypoint(e, state, ctx.cmdSet), state, ctx);
      case Instruction.Shell s -> configStep(configSteps.shell(s, state), state, ctx);
      case Instruction.StopSignal s -> configStep(configSteps.stopSignal(s, state), state, ctx);
      case Instruction.Healthcheck h -> configStep(configSteps.healthcheck(h, state), state, ctx);
      case Instruction.Onbuild o -> configStep(configSteps.onbuild(o, state), state, ctx);
      case Instruction.Maintainer m -> {
        ctx.author = m.name();
        configStep(configSteps.maintainer(m, state), state, ctx);
      }
    }
  }

  private void configStep(ConfigSteps.Change change, BuildState state, StageContext ctx) {
    String createdBy = state.nop(change.comment());
    Digest parent = state.imageId();
    String author = ctx.author;
    execute(new StepPlan(createdBy, "", change.config(), () -> commits.configOnly(parent, change.config(), createdBy, author)), state);
  }

  /** The cache or the work, then the new image. */
  private void execute(StepPlan plan, BuildState state) {
    try (plan) {
      String key = BuildCache.key(state.imageId(), plan.createdBy(), plan.keyExtra());
      Optional<Digest> hit = noCache ? Optional.empty() : cache.lookup(key).filter(this::exists);
      Digest image;
      if (hit.isPresent()) {
        image = hit.get();
        progress.stream(" ---> Using cache\n");
        cached++;
      } else {
        image = plan.work().run();
        cache.record(key, image);
        run++;
      }
      state.advance(image, plan.config());
      progress.stream(" ---> " + image.shortId() + "\n");
    }
  }

  private boolean exists(Digest image) {
    try {
      images.inspect(image.toString());
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }

  private static String quoteIfNeeded(String v) {
    return v.isEmpty() || v.chars().anyMatch(c -> c == ' ' || c == '"' || c == '\'') ? GoText.quote(v) : v;
  }
}
