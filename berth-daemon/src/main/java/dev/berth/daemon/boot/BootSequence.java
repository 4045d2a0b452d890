package dev.berth.daemon.boot;

import dev.berth.engine.Dom0Service;
import dev.berth.engine.Dom0Service.Step;
import dev.berth.engine.Engine;
import dev.berth.engine.dom0.BootLog;
import dev.berth.engine.dom0.Dom0Settings;
import dev.berth.engine.dom0.LocalDom0Service;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot of one berthd, in order: (1) the host name from {@code host/etc/hostname}; (2) {@code bootsync.sh}, waited
 * for (at most {@link #BOOTSYNC_TIMEOUT}), all before the API opens; then, once it is open, on a thread of its own:
 * (3) {@code bootlocal.sh} started in the background and (4) the dom0 converge. So a slow or broken dom0 never keeps
 * berthd from serving. The boot record is finished when the converge and bootlocal have both ended. {@link #close}
 * (berthd stopping) kills a bootlocal still running and waits a while for a converge in progress.
 */
public final class BootSequence implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BootSequence.class);
  public static final Duration BOOTSYNC_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);

  private final HostFiles files;
  private final Path socket;
  private final Dom0Settings settings;
  private final BootLog log;
  private final int number;
  private LocalDom0Service dom0;
  private Thread thread;
  private volatile Process bootlocal;

  /**
   * Opens the boot log and starts this boot's record. {@code dom0Image} null means {@code dom0:latest}; the absence
   * of that default image is no failure (a host without dom0), the absence of any other named image is.
   */
  public BootSequence(Path dataRoot, Path socket, String dom0Image) {
    this.files = new HostFiles(dataRoot);
    this.socket = socket;
    boolean named = dom0Image != null && !dom0Image.equals(Dom0Settings.DEFAULT_IMAGE);
    this.settings = new Dom0Settings(dom0Image, named, socket, files.dom0Dir(), System.getenv(), null);
    this.log = BootLog.open(files.dom0Dir());
    this.number = log.begin("boot", settings.imageName());
  }

  /** Steps 1 and 2: the host name, then bootsync (waited for). */
  public void beforeApi() {
    record(new HostSettings(files).applyHostname());
    Step sync = hook("bootsync", files.bootsync()).runAndWait(BOOTSYNC_TIMEOUT);
    record(sync);
  }

  /** The dom0 service over the engine's services, for the API and for step 4. */
  public Dom0Service dom0(Engine engine) {
    dom0 = new LocalDom0Service(log, engine.images(), engine::containers, engine.stacks(), settings);
    return dom0;
  }

  /** Steps 3 and 4, in the background. */
  public synchronized void afterApi() {
    thread = Thread.ofVirtual().name("berthd-boot").start(this::background);
  }

  private void background() {
    BootHook local = hook("bootlocal", files.bootlocal());
    BootHook.Background running = local.startInBackground();
    bootlocal = running.process();
    record(running.step());
    try {
      if (dom0 != null) dom0.converge(number);
    } catch (RuntimeException e) {
      LOG.error("dom0: the converge failed unexpectedly", e);
    }
    try {
      record(local.await(running));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      log.finish(number);
      LOG.info("boot {} finished{}", number, log.boot(number).failed() ? " with failures (berth dom0 status)" : "");
    }
  }

  /** The number of this boot in the log. */
  public int number() {
    return number;
  }

  private BootHook hook(String name, Path script) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("DOCKER_HOST", "unix://" + socket);
    env.put("BERTH_DATA_ROOT", files.dataRoot().toString());
    return new BootHook(name, script, files.log(name), files.hostDir(), env);
  }

  private void record(Step step) {
    log.step(number, step);
    if (step.outcome() == Dom0Service.Outcome.FAILED) LOG.warn("boot step {} failed: {}", step.name(), step.error());
  }

  @Override
  public synchronized void close() {
    Process p = bootlocal;
    if (p != null && p.isAlive()) BootHook.kill(p);
    if (thread == null) {
      log.finish(number);
      return;
    }
    try {
      if (!thread.join(STOP_WAIT)) LOG.warn("the dom0 converge still runs after {} s; stopping anyway", STOP_WAIT.toSeconds());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
