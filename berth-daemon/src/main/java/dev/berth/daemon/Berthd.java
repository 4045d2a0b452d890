package dev.berth.daemon;

import dev.berth.api.ApiContext;
import dev.berth.api.ApiServer;
import dev.berth.api.Router;
import dev.berth.api.dom0.Dom0Routes;
import dev.berth.daemon.boot.BootSequence;
import dev.berth.engine.Dom0Service;
import dev.berth.engine.Engine;
import java.nio.file.Files;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a daemon: pidfile, engine, API server, sockets. Used by {@link BerthdMain} and by tests that want a
 * real daemon in-process:
 * <pre>try (RunningDaemon d = Berthd.start(DaemonConfig.forTest(tmp))) { … DOCKER_HOST=unix://d.socket() … }</pre>
 * A failure part-way undoes what was done: no socket, pidfile or open engine is left behind.
 */
public final class Berthd {
  private static final Logger LOG = LoggerFactory.getLogger(Berthd.class);

  private Berthd() {}

  /**
   * Boots: the host settings and the bootsync hook, then opens the engine under the config's data root and serves it,
   * then starts bootlocal and the dom0 converge in the background ({@link BootSequence}).
   */
  public static RunningDaemon start(DaemonConfig config) {
    return start(config, false);
  }

  /**
   * As {@link #start(DaemonConfig)}; with {@code warmUp}, once the API is open a background thread runs a pull's code
   * on made-up data ({@link dev.berth.engine.ImageService#warmUp}), so that the first pull a user asks for runs as fast
   * as later ones. berthd itself warms up; daemons inside tests do not, unless they ask.
   */
  public static RunningDaemon start(DaemonConfig config, boolean warmUp) {
    // SHA-256 from libcrypto for every digest a pull computes; linked off the start path, and pulls that begin
    // before it is ready use the JDK's digest
    Thread sha256 = Thread.ofVirtual().name("berthd-sha256").start(dev.berth.sys.NativeSha256::install);
    Engine[] opened = new Engine[1];
    RunningDaemon daemon = start(config, c -> {
      BootSequence boot = new BootSequence(c.dataRoot(), c.sockets().getFirst(), c.dom0Image());
      try {
        boot.beforeApi();
        Engine engine = Engine.open(c.engineConfig());
        opened[0] = engine;
        Dom0Service dom0 = boot.dom0(engine);
        UploadSweeper sweeper = UploadSweeper.start(engine.images().receiver(), c.uploadExpiry());
        AutoCloseable both = () -> {
          try (engine; sweeper) {
            // the sweeper stops first, then the engine closes
          }
        };
        return new Served(ApiContext.of(engine, EngineId.of(c.dataRoot()), c.debug()), both,
            routes -> new Dom0Routes(dom0).register(routes), boot);
      } catch (RuntimeException e) {
        boot.close();
        throw e;
      }
    });
    if (warmUp) startWarmUp(opened[0], sha256);
    return daemon;
  }

  /**
   * The pull warm-up on one platform thread of the lowest priority, after libcrypto is in place (so that it warms the
   * digest the pulls will use). Its work is bounded (about 100 MB, once; Linux ignores the
   * priority) and a failure only costs the speed.
   */
  private static void startWarmUp(Engine engine, Thread sha256) {
    Thread.ofPlatform().name("berthd-warmup").daemon(true).priority(Thread.MIN_PRIORITY).start(() -> {
      try {
        sha256.join();
        engine.images().warmUp();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.warn("pull warm-up failed: {}", e.toString());
      }
    });
  }

  /** Serves the given context (for example over a fake image service); the caller keeps ownership of it. */
  public static RunningDaemon start(DaemonConfig config, ApiContext context) {
    return start(config, c -> new Served(context, () -> {}, routes -> {}, null));
  }

  /**
   * What is served and what to close when the daemon stops; {@code extraRoutes} adds Berth's own resources beyond the
   * context's; {@code boot} runs its after-API steps once the sockets are published (null: none).
   */
  private record Served(ApiContext context, AutoCloseable resource, Consumer<Router.Builder> extraRoutes, BootSequence boot) {}

  private static RunningDaemon start(DaemonConfig config, Function<DaemonConfig, Served> open) {
    List<AutoCloseable> undo = new ArrayList<>();
    try {
      PidFile pid = new PidFile(config.pidFile());
      List<SocketFile> sockets = config.sockets().stream().map(SocketFile::new).toList();
      for (SocketFile s : sockets) s.prepare();
      Files.createDirectories(config.dataRoot());
      pid.write();
      undo.add(pid::remove);
      Served served = open.apply(config);
      undo.add(served.resource());
      if (served.boot() != null) undo.add(served.boot());
      ApiServer server = ApiServer.forContext(served.context(), served.extraRoutes());
      undo.add(server);
      for (SocketFile s : sockets) {
        var tmp = s.temporary();
        server.listen(tmp);
        undo.add(s::remove);
        s.publish(tmp, config.group());
        LOG.info("berthd listening on {} (data root {}, storage driver {})", s.path(), config.dataRoot(), config.storageDriver());
      }
      if (served.boot() != null) served.boot().afterApi();
      return new RunningDaemon(config, sockets.stream().map(SocketFile::path).toList(), undo);
    } catch (RuntimeException | IOException e) {
      RunningDaemon.closeAll(undo);
      if (e instanceof RuntimeException r) throw r;
      throw new dev.berth.errors.SystemException("starting berthd", e);
    }
  }
}
