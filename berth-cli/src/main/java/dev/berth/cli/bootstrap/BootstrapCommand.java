package dev.berth.cli.bootstrap;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth image bootstrap busybox|debian:bookworm}: builds a base image's root filesystem on this
 * machine from Debian packages and imports it through the API, so a fresh daemon has images without a
 * registry.
 */
@Command(
    description = "Create a base image (busybox or debian:bookworm) from this machine's Debian packages, without a registry.",
    footerHeading = "%nImages:%n",
    footer = {
      "  busybox:latest   /bin/busybox from busybox-static, with one link per applet in /bin;",
      "                   the same busybox always gives the same layer. CMD [\"/bin/sh\"].",
      "  debian:bookworm  'debootstrap --variant=minbase bookworm'; the root filesystem tar is",
      "                   cached under /var/cache/berth/bootstrap/ for later runs. CMD [\"bash\"]."})
public final class BootstrapCommand implements Callable<Integer> {
  static final List<String> BUSYBOX_CHANGES = List.of("CMD [\"/bin/sh\"]", "ENV PATH=/bin");
  static final List<String> DEBIAN_CHANGES = List.of(
      "CMD [\"bash\"]", "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(paramLabel = "IMAGE", description = "busybox or debian:bookworm")
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
      case "busybox", "busybox:latest" -> importTar(busyboxTar(), "busybox", "latest", BUSYBOX_CHANGES);
      case "debian:bookworm" -> {
        Path tar = new DebianRootfs(cacheDir, DebianRootfs::runProcess, ctx.err()).tar("bookworm", mirror);
        importTar(Files.newInputStream(tar), "debian", "bookworm", DEBIAN_CHANGES);
      }
      default -> throw new CliException("cannot bootstrap \"" + image + "\": choose busybox or debian:bookworm");
    }
    return 0;
  }

  private InputStream busyboxTar() throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    RootfsTar.write(BusyboxRootfs.fromBinary(busybox), tar);
    return new ByteArrayInputStream(tar.toByteArray());
  }

  /** {@code POST /images/create?fromSrc=-&repo=…&tag=…&changes=…}: prints the new image's ID. */
  private void importTar(InputStream tar, String repo, String tag, List<String> changes) throws IOException {
    ApiRequest.Builder request = ApiRequest.post("/images/create").query("fromSrc", "-").query("repo", repo).query("tag", tag);
    changes.forEach(c -> request.query("changes", c));
    ctx.client().stream(request.body(tar, "application/x-tar").build(), message -> {
      if (message.hasNonNull("status")) ctx.out().println(message.get("status").asText());
    });
  }
}
