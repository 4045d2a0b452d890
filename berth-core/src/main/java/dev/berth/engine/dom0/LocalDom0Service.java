package dev.berth.engine.dom0;

import dev.berth.engine.ContainerService;
import dev.berth.engine.Dom0Service;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.engine.StackService;
import dev.berth.errors.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converges the host to the dom0 image, at boot and on rollback, one converge at a time. The steps: {@code image}
 * (find it), {@code stack} (apply what it carries as project {@code dom0}), {@code container} (run its CMD as the
 * container {@code dom0}). A step that fails is recorded and the next one still runs: a broken stack does not keep
 * the dom0 container from starting. No exception escapes {@link #converge}: whatever happens ends up in the log.
 */
public final class LocalDom0Service implements Dom0Service {
  private static final Logger LOG = LoggerFactory.getLogger(LocalDom0Service.class);

  private final BootLog log;
  private final ImageService images;
  private final Supplier<ContainerService> containers;
  private final StackService stacks;
  private final Dom0Settings settings;
  private final ReentrantLock converging = new ReentrantLock();

  public LocalDom0Service(BootLog log, ImageService images, Supplier<ContainerService> containers, StackService stacks,
      Dom0Settings settings) {
    this.log = log;
    this.images = images;
    this.containers = containers;
    this.stacks = stacks;
    this.settings = settings;
  }

  public BootLog log() {
    return log;
  }

  @Override
  public Status status() {
    return log.status(settings.imageName());
  }

  /** Runs the dom0 steps of boot {@code number}; the caller finishes the boot. */
  public void converge(int number) {
    converging.lock();
    try {
      Optional<Image> image = findImage(number);
      if (image.isEmpty()) return;
      String stackDigest = stack(number, image.get());
      container(number, image.get());
      Boot boot = log.boot(number);
      log.applied(new AppliedImage(image.get().id().toString(), settings.imageName(), stackDigest, Times.now(), !boot.failed()));
    } finally {
      converging.unlock();
    }
  }

  private Optional<Image> findImage(int number) {
    Step started = Steps.running("image", "looking for " + settings.imageName());
    log.step(number, started);
    try {
      Image image = images.inspect(settings.imageName());
      log.update(number, b -> new Boot(b.number(), b.trigger(), b.started(), b.finished(), settings.imageName(), image.id().toString(),
          b.stackDigest(), b.steps()));
      log.step(number, Steps.done(started, settings.imageName() + " is " + image.id()));
      return Optional.of(image);
    } catch (NotFoundException e) {
      log.step(number, settings.imageNamed()
          ? Steps.failed(started, "no dom0 image", "the dom0-image " + settings.imageName() + " named in daemon.json does not exist: " + e.getMessage())
          : Steps.skipped(started, "no image " + settings.imageName() + ": nothing to converge"));
    } catch (RuntimeException e) {
      log.step(number, Steps.failed(started, "no dom0 image", describe(e)));
    }
    return Optional.empty();
  }

  /** Applies the image's stack; returns its digest (null when it has none or it could not be read). */
  private String stack(int number, Image image) {
    Step started = Steps.running("stack", "reading the stack of " + settings.imageName());
    log.step(number, started);
    Dom0Stack stack = new Dom0Stack(images, stacks, settings.environment());
    try {
      Optional<Dom0Stack.Found> found = stack.find(image);
      if (found.isEmpty()) {
        log.step(number, stack.noStack(settings.imageName(), started));
        return null;
      }
      String digest = found.get().digest();
      log.update(number, b -> new Boot(b.number(), b.trigger(), b.started(), b.finished(), b.imageName(), b.imageId(), digest, b.steps()));
      log.step(number, Steps.running("stack", "applying " + found.get().path() + " (" + digest + ") as project " + Dom0Stack.PROJECT));
      log.step(number, stack.apply(settings.imageName(), found.get(), started));
      return digest;
    } catch (RuntimeException e) {
      LOG.warn("dom0: the stack step failed", e);
      log.step(number, Steps.failed(started, "stack not applied", describe(e)));
      return log.boot(number).stackDigest();
    }
  }

  private void container(int number, Image image) {
    Step started = Steps.running("container", "running the CMD of " + settings.imageName() + " as container " + Dom0Container.NAME);
    log.step(number, started);
    try {
      Dom0Container c = new Dom0Container(containers.get(), settings.socket(), settings.exitWatch());
      log.step(number, Dom0Container.hasCommand(image) ? c.ensure(settings.imageName(), image, started) : c.absent(settings.imageName(), started));
    } catch (RuntimeException e) {
      LOG.warn("dom0: the container step failed", e);
      log.step(number, Steps.failed(started, "container not running", describe(e)));
    }
  }

  @Override
  public Boot rollback() {
    converging.lock();
    try {
      AppliedImage target = previous();
      try {
        images.inspect(target.imageId());
      } catch (NotFoundException e) {
        throw new NotFoundException("rolling back dom0: the earlier image " + target.imageId() + " (" + target.imageName()
            + ", applied " + target.applied() + ") no longer exists");
      }
      int number = log.begin("rollback", settings.imageName());
      Step tag = Steps.running("tag", "tagging " + target.imageId() + " as " + settings.imageName());
      log.step(number, tag);
      try {
        images.tag(target.imageId(), settings.imageName());
        log.step(number, Steps.done(tag, "tagged " + target.imageId() + " (applied " + target.applied() + ") as " + settings.imageName()));
        converge(number);
      } catch (RuntimeException e) {
        log.step(number, Steps.failed(tag, "not tagged", describe(e)));
      } finally {
        log.finish(number);
      }
      return log.boot(number);
    } finally {
      converging.unlock();
    }
  }

  /** The newest applied image other than the current one, preferring one whose boot went well. */
  private AppliedImage previous() {
    List<AppliedImage> applied = log.status(settings.imageName()).applied();
    if (applied.isEmpty()) throw new NotFoundException("rolling back dom0: no dom0 image was ever applied on this host");
    String current = applied.getFirst().imageId();
    List<AppliedImage> earlier = applied.stream().filter(a -> !a.imageId().equals(current)).toList();
    if (earlier.isEmpty()) throw new NotFoundException("rolling back dom0: no dom0 image was applied before " + current);
    return earlier.stream().filter(AppliedImage::ok).findFirst().orElse(earlier.getFirst());
  }

  static String describe(RuntimeException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
