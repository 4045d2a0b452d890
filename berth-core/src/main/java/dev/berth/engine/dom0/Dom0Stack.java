package dev.berth.engine.dom0;

import dev.berth.engine.Dom0Service.Step;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.StackService;
import dev.berth.engine.StackService.Action;
import dev.berth.engine.StackService.ApplyReport;
import dev.berth.engine.StackService.Outcome;
import dev.berth.engine.StackService.StepResult;
import dev.berth.oci.Digest;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException;
import dev.berth.stack.StackFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stack a dom0 image carries: the file named by its label {@value #LABEL}, else {@value #DEFAULT_PATH}, read
 * from the image's layers (no container runs for it), applied as project {@value #PROJECT} with orphans removed,
 * so services the new image dropped go away. An image without a stack takes down what an earlier one applied.
 */
final class Dom0Stack {
  static final String LABEL = "dev.berth.stack";
  static final String DEFAULT_PATH = "/etc/berth/stack.yml";
  static final String PROJECT = "dom0";
  static final int MAX_BYTES = 1 << 20;

  private final ImageService images;
  private final StackService stacks;
  private final Map<String, String> environment;

  Dom0Stack(ImageService images, StackService stacks, Map<String, String> environment) {
    this.images = images;
    this.stacks = stacks;
    this.environment = environment;
  }

  /** The stack file's bytes and where they came from; empty when the image carries none. */
  record Found(String path, byte[] bytes) {
    String digest() {
      return Digest.sha256(bytes).toString();
    }
  }

  /** Reads the stack; a label naming a file the image lacks is an error (the image is broken, not stackless). */
  Optional<Found> find(Image image) {
    String labelled = image.config().config() == null || image.config().config().labels() == null ? null
        : image.config().config().labels().get(LABEL);
    String path = labelled == null || labelled.isBlank() ? DEFAULT_PATH : labelled;
    Optional<byte[]> bytes = images.readFile(image.id().toString(), path, MAX_BYTES);
    if (bytes.isEmpty() && labelled != null && !labelled.isBlank()) {
      throw new StackFileException(new dev.berth.stack.StackLocation(path, 0),
          "the image's label " + LABEL + " names " + path + ", which the image does not have");
    }
    return bytes.map(b -> new Found(path, b));
  }

  /** Applies the found stack; the step says what changed, or every service that failed. */
  Step apply(String imageName, Found found, Step started) {
    StackFile stack;
    try {
      stack = StackFileReader.read(new String(found.bytes(), StandardCharsets.UTF_8), imageName + ":" + found.path(), Path.of("/"),
          environment, false);
    } catch (StackFileException e) {
      return Steps.failed(started, "the stack " + found.path() + " in " + imageName + " cannot be applied", e.getMessage());
    }
    ApplyReport report = stacks.apply(PROJECT, stack, new StackService.ApplyOptions(true, Duration.ofMinutes(2)), r -> {});
    String detail = summary(report, stack.services().size());
    if (!report.failed()) return Steps.done(started, detail);
    String errors = report.results().stream().filter(r -> r.outcome() == Outcome.FAILED)
        .map(r -> r.step().name() + ": " + r.error()).collect(Collectors.joining("; "));
    return Steps.failed(started, detail, errors);
  }

  /** No stack in the image: takes down the project an earlier dom0 image applied, if any. */
  Step noStack(String imageName, Step started) {
    boolean present = stacks.list().stream().anyMatch(s -> s.project().equals(PROJECT));
    if (!present) return Steps.skipped(started, imageName + " carries no stack (" + DEFAULT_PATH + " or label " + LABEL + ")");
    StackService.DownReport down = stacks.down(PROJECT, false);
    return Steps.done(started, imageName + " carries no stack: removed project " + PROJECT + "'s containers " + down.containers());
  }

  /** "3 services: 1 created, 1 recreated, 1 kept, 1 removed" or "3 services, unchanged". */
  static String summary(ApplyReport report, int services) {
    if (report.unchanged()) return services + " services, unchanged";
    Map<Action, Integer> counts = new EnumMap<>(Action.class);
    for (StepResult r : report.results()) {
      if (r.step().kind() == StackService.Kind.SERVICE) counts.merge(r.step().action(), 1, Integer::sum);
    }
    List<String> parts = counts.entrySet().stream()
        .map(e -> e.getValue() + " " + switch (e.getKey()) {
          case CREATE -> "created";
          case RECREATE -> "recreated";
          case START -> "started";
          case KEEP -> "kept";
          case REMOVE -> "removed";
        }).toList();
    return services + " services: " + (parts.isEmpty() ? "networks and volumes only" : String.join(", ", parts));
  }
}
