package dev.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Images of incompressible bytes for transfer tests: one layer, the same bytes for the same name. */
public final class RandomImage {
  private RandomImage() {}

  /**
   * Imports into the daemon at {@code host} a one-layer image named {@code name} holding {@code bytes} random
   * bytes (seeded by the name), working under {@code scratch}; returns the image ID `berth import` printed.
   */
  public static String importInto(String host, Path scratch, String name, int bytes) throws Exception {
    String file = name.replace(':', '-').replace('/', '-');
    Path dir = Files.createDirectories(scratch.resolve("rootfs-" + file));
    byte[] data = new byte[bytes];
    new Random(name.hashCode()).nextBytes(data);
    Files.write(dir.resolve("payload.bin"), data);
    Path tar = scratch.resolve(file + ".tar");
    Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", tar.toString(), ".").inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("tar of " + dir).isTrue();
    CliRun run = CliRun.run(host, Files.readAllBytes(tar), false, Clock.systemUTC(), "import", "-", name);
    assertThat(run.status()).as(run.err()).isZero();
    return run.out().strip();
  }
}
