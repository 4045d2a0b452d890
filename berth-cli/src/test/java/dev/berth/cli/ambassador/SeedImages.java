package dev.berth.cli.ambassador;

import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.testing.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The seed walkthrough's "redis" image: Debian bookworm (bootstrapped here) with Debian's redis-server and
 * redis-tools, built by {@code berth build} on a daemon in the host's own network namespace (its RUN steps use
 * the host network to reach the Debian mirror; the walkthrough's hosts have no route out). The saved image is
 * cached under /var/cache/berth/test-images by the Dockerfile's digest, like the bootstrap's debootstrap tar.
 */
final class SeedImages {
  static final String REDIS_DOCKERFILE = """
      FROM debian:bookworm
      RUN apt-get update && apt-get install -y --no-install-recommends redis-server redis-tools && rm -rf /var/lib/apt/lists/*
      EXPOSE 6379
      CMD ["redis-server", "--protected-mode", "no", "--bind", "0.0.0.0", "--save", ""]
      """;
  private static final Path CACHE = Path.of("/var/cache/berth/test-images");

  private SeedImages() {}

  /** The saved {@code redis:latest}, built now if the cache does not hold it. */
  static Path redisTar(Path work) throws IOException {
    Path cached = CACHE.resolve("seed-redis-" + digest(REDIS_DOCKERFILE) + ".tar");
    if (Files.exists(cached)) return cached;
    Path root = Files.createDirectories(work.resolve("builder"));
    RunningDaemon d = Berthd.start(DaemonConfig.forTest(root).withStorageDriver("overlay"));
    try {
      String host = d.dockerHost();
      check(CliRun.run(host, "image", "bootstrap", "debian:bookworm"), "bootstrap debian:bookworm");
      Path context = Files.createDirectories(work.resolve("redis-context"));
      Files.writeString(context.resolve("Dockerfile"), REDIS_DOCKERFILE);
      check(CliRun.run(host, "build", "-t", "redis", context.toString()), "build redis");
      Files.createDirectories(CACHE);
      Path tmp = CACHE.resolve(".seed-redis.tmp");
      check(CliRun.run(host, "save", "-o", tmp.toString(), "redis"), "save redis");
      Files.move(tmp, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return cached;
    } finally {
      d.close();
    }
  }

  static CliRun check(CliRun r, String what) {
    if (r.status() != 0) throw new IllegalStateException(what + " failed (" + r.status() + "): " + r.err() + r.out());
    return r;
  }

  private static String digest(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
