package dev.berth.engine.image;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The warm-up's made-up image ({@link PullWarmup}: four gzip layers of random data, 32 MiB) served by its stub registry
 * on 127.0.0.1, for a caller outside this package that needs a real pull without a network or a registry. berthd's
 * training run uses it: the build pulls it through berthd's API while the JVM records its AOT cache, so the cache
 * holds the classes and method profiles of a pull.
 *
 * <pre>try (WarmupImageServer s = WarmupImageServer.start()) { POST /images/create?fromImage=s.reference() … }</pre>
 */
public final class WarmupImageServer implements AutoCloseable {
  private final WarmupRegistry registry;

  private WarmupImageServer(WarmupRegistry registry) {
    this.registry = registry;
  }

  /** Makes the image (about 1 s in a cold JVM) and starts serving it on a free loopback port. */
  public static WarmupImageServer start() throws IOException {
    Map<String, WarmupRegistry.Answer> answers = new HashMap<>();
    PullWarmup.image(answers);
    return new WarmupImageServer(new WarmupRegistry(answers));
  }

  /** The image's reference with its tag: {@code 127.0.0.1:PORT/berth-warmup/pull:latest}. */
  public String reference() {
    return registry.host() + "/" + PullWarmup.REPOSITORY + ":latest";
  }

  /** Stops serving; connections in progress end with their request. */
  @Override
  public void close() throws IOException {
    registry.close();
  }
}
