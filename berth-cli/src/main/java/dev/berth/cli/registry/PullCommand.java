package dev.berth.cli.registry;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth pull [--platform P] [-q] NAME[:TAG|@DIGEST]}: the daemon pulls; the CLI shows docker's progress lines. */
@Command(description = "Download an image from a registry")
public final class PullCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]", description = "The image to pull")
  String reference;

  @Option(names = "--platform", paramLabel = "PLATFORM", description = "Set platform if server is multi-platform capable (os/arch[/variant])")
  String platform;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
  boolean quiet;

  @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository (not supported)")
  boolean allTags;

  public PullCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (allTags) throw new dev.berth.cli.CliException("pull --all-tags is not supported: name one tag or digest");
    String pulled = ImagePull.pull(ctx, reference, platform, quiet, ctx.out());
    ctx.out().println(fullName(pulled));
    ctx.out().flush();
    return 0;
  }

  /** What the docker CLI prints last: the fully qualified name, {@code docker.io/library/busybox:latest}. */
  static String fullName(String reference) {
    if (!RegistryAuth.registryOf(reference).equals("docker.io")) return reference;
    if (reference.startsWith("docker.io/")) return reference;
    String name = reference.contains("/") ? reference : "library/" + reference;
    return "docker.io/" + name;
  }
}
