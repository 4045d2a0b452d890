package dev.berth.cli.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth image bootstrap busybox|debian:bookworm}: builds a base image's root filesystem on this
 * machine from Debian packages and imports it through the API, so a fresh daemon has images without a
 * registry. Running it again when the tag already names the image it would make (same single layer, CMD and
 * ENV) imports nothing: the daemon stamps the import time into the config, so a re-import would only leave
 * the old image dangling.
 */
@Command(
    description = "Create a base image (busybox, debian:bookworm or the ambassador) from this machine's Debian packages, without a registry.",
    footerHeading = "%nImages:%n",
    footer = {
      "  busybox:latest   /bin/busybox from busybox-static, with one link per applet in /bin;",
      "                   the same busybox always gives the same layer. CMD [\"/bin/sh\"].",
      "  debian:bookworm  'debootstrap --variant=minbase bookworm'; the root filesystem tar is",
      "                   cached under /var/cache/berth/bootstrap/ for later runs. CMD [\"bash\"].",
      "  berth/ambassador busybox with a script that shows what berthd forwards for it: each",
      "                   NAME_PORT_<n>_TCP=tcp://host:port variable (from --link or -e) becomes a",
      "                   listener on port n. See 'berth ambassador --help'."})
public final class BootstrapCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(paramLabel = "IMAGE", description = "busybox, debian:bookworm or ambassador (berth/ambassador)")
  String image;

  @Option(names = "--busybox", paramLabel = "PATH", description = "The busybox binary to use (default: /bin/busybox)")
  Path busybox = BusyboxRootfs.DEFAULT_BUSYBOX;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where debootstrap results are cached (default: /var/cache/berth/bootstrap)")
  Path cacheDir = DebianRootfs.DEFAULT_CACHE;

  @Option(names = "--mirror", paramLabel = "URL", description = "The Debian mirror for debootstrap (default: debootstrap's own)")
  String mirror;

  public BootstrapCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    switch (image) {
      case "busybox", "busybox:latest" -> {
        byte[] tar = busyboxTar();
        bootstrap(BaseImage.BUSYBOX, LayerDigest.of(tar), () -> new ByteArrayInputStream(tar));
      }
      case "debian:bookworm" -> {
        Path tar = new DebianRootfs(cacheDir, DebianRootfs::runProcess, ctx.err()).tar("bookworm", mirror);
        bootstrap(BaseImage.DEBIAN_BOOKWORM, LayerDigest.of(tar), () -> Files.newInputStream(tar));
      }
      case "ambassador", "berth/ambassador", "berth/ambassador:latest" -> {
        byte[] tar = tar(AmbassadorRootfs.entries(busyboxBinary()));
        bootstrap(BaseImage.AMBASSADOR, LayerDigest.of(tar), () -> new ByteArrayInputStream(tar));
      }
      default -> throw new CliException("cannot bootstrap \"" + image + "\": choose busybox, debian:bookworm or ambassador");
    }
    return 0;
  }

  /** Where the layer tar comes from; opened only when an import is needed. */
  private interface TarSource {
    InputStream open() throws IOException;
  }

  /** Imports the tar unless the tag already names the image it would make. */
  private void bootstrap(BaseImage base, String diffId, TarSource tar) throws IOException {
    String current = upToDateId(base, diffId);
    if (current != null) {
      ctx.out().println(base.reference() + " is up to date (" + current + ")");
      return;
    }
    try (InputStream in = tar.open()) {
      importTar(in, base);
    }
  }

  /** The ID of the image the tag names when it has exactly this layer, CMD and ENV; else null. */
  private String upToDateId(BaseImage base, String diffId) throws IOException {
    JsonNode inspect;
    try {
      inspect = ctx.client().json(ApiRequest.get("/images/" + ApiRequest.encode(base.reference()) + "/json").build());
    } catch (DaemonException e) {
      if (e.status() == 404) return null;
      throw e;
    }
    return base.isSatisfiedBy(inspect, diffId) ? inspect.path("Id").asText() : null;
  }

  private byte[] busyboxTar() throws IOException {
    return tar(BusyboxRootfs.fromBinary(busybox));
  }

  private byte[] busyboxBinary() throws IOException {
    if (!Files.isRegularFile(busybox)) {
      throw new CliException("busybox not found at " + busybox + ": install the Debian package busybox-static (apt-get install busybox-static)");
    }
    return Files.readAllBytes(busybox);
  }

  private static byte[] tar(java.util.List<RootfsEntry> entries) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    RootfsTar.write(entries, tar);
    return tar.toByteArray();
  }

  /** {@code POST /images/create?fromSrc=-&repo=…&tag=…&changes=…}: prints the new image's ID. */
  private void importTar(InputStream tar, BaseImage base) throws IOException {
    ApiRequest.Builder request = ApiRequest.post("/images/create").query("fromSrc", "-").query("repo", base.repo()).query("tag", base.tag());
    base.changes().forEach(c -> request.query("changes", c));
    ctx.client().stream(request.body(tar, "application/x-tar").build(), message -> {
      if (message.hasNonNull("status")) ctx.out().println(message.get("status").asText());
    });
  }
}
