package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The {@code debian:bookworm} base image for end-to-end tests: the root filesystem tar of {@code debootstrap
 * --variant=minbase bookworm}, made by {@code scripts/debian-image.sh} and cached under
 * {@code /var/cache/berth/bootstrap/} (the cache {@code berth image bootstrap debian:bookworm} shares), then
 * imported into a test daemon through the docker CLI with the config Docker's image has ({@code CMD ["bash"]}
 * and Debian's PATH). The first run on a machine debootstraps from the Debian mirror apt uses (a few
 * minutes); every later one only imports. The cached tar stays on purpose: it is the cache.
 */
final class DebianImage {
  static final String REFERENCE = "debian:bookworm";
  static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** debootstrap downloads about 40 MB and unpacks 90 packages: minutes on a slow mirror. */
  private static final long DEBOOTSTRAP_MINUTES = 20;

  private DebianImage() {}

  /** Imports debian:bookworm into the daemon (making the cached tar first when absent); returns its image ID. */
  static String importInto(ContainerDaemon d) throws Exception {
    Path tar = rootfsTar();
    d.ok("import", "-c", "CMD [\"bash\"]", "-c", "ENV " + PATH_ENV, tar.toString(), REFERENCE);
    return d.ok("image", "inspect", "-f", "{{.Id}}", REFERENCE).out().strip();
  }

  /** The cached root filesystem tar, made by scripts/debian-image.sh when absent. */
  static Path rootfsTar() throws Exception {
    Path script = checkoutRoot().resolve("scripts/debian-image.sh");
    Path tar;
    Path out = Files.createTempFile("debian-image-", ".out");
    try {
      Process p = new ProcessBuilder(script.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .redirectOutput(out.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
      if (!p.waitFor(DEBOOTSTRAP_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(script + " did not finish in " + DEBOOTSTRAP_MINUTES + " minutes");
      }
      assertThat(p.exitValue()).as("%s (its errors are above)", script).isZero();
      tar = Path.of(Files.readString(out).strip());
    } finally {
      Files.deleteIfExists(out);
    }
    assertThat(tar).as("the tar %s printed", script).isRegularFile();
    return tar;
  }

  /** The checkout this test runs from: the nearest directory up from the working directory with the script. */
  private static Path checkoutRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isExecutable(dir.resolve("scripts/debian-image.sh"))) return dir;
    }
    throw new AssertionError("scripts/debian-image.sh not found above " + Path.of("").toAbsolutePath());
  }
}
