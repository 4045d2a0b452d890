package dev.berth.cli.registry;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth push [-q] [-a] NAME[:TAG]}: the daemon pushes the image ({@code POST /images/{name}/push?tag=}) with
 * the registry's credentials from the client config, as for {@code pull}; the CLI prints docker's lines, one per
 * layer step ("Pushed", "Layer already exists", "Mounted from library/busybox"), and last
 * {@code v1: digest: sha256:… size: 527}. An error the daemon sends in the middle of the stream is printed as is,
 * as docker prints it, and the exit status is 1. {@code berth push ssh://HOST IMAGE…} sends to another Berth host
 * instead ({@link SshPush}). With {@code --all-tags} the name must have no tag; the request then carries an empty
 * {@code tag}, as the docker CLI's does, and the daemon pushes every local tag of the repository.
 */
@Command(description = "Upload an image to a registry, or send images to a Berth host over ssh")
public final class PushCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(arity = "1..*", paramLabel = "NAME[:TAG] | ssh://HOST IMAGE...",
      description = "The image to push to its registry, e.g. 127.0.0.1:5000/app:v1; or ssh://[user@]host[:port] and the images to send to that Berth host (only the blobs it lacks)")
  List<String> args;

  @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
  boolean quiet;

  @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository (give NAME without a tag)")
  boolean allTags;

  public PushCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    return switch (PushTarget.parse(args)) {
      case PushTarget.Registry registry -> pushToRegistry(registry.reference());
      case PushTarget.Ssh ssh -> {
        if (allTags) throw new CliException("push " + ssh.host() + ": --all-tags is for a registry; name the images to send");
        yield new SshPush(ctx, quiet).push(ssh.host(), ssh.images());
      }
    };
  }

  private int pushToRegistry(String reference) throws IOException {
    ImagePull.NameAndTag ref = ImagePull.NameAndTag.of(reference);
    // docker's words and check: with -a the name alone says which repository, and every tag of it goes
    if (allTags && !ref.defaulted()) throw new CliException("tag can't be used with --all-tags/-a");
    if (ref.tag().startsWith("sha256:")) throw new CliException("push " + reference + ": push a tag, not a digest");
    if (ref.defaulted() && !allTags && !quiet) ctx.out().println("Using default tag: latest");
    ApiRequest.Builder request = ApiRequest.post("/images/" + ref.name() + "/push").query("tag", allTags ? "" : ref.tag());
    ClientConfig config = ClientConfig.read(ClientConfig.defaultFile(ctx.env()));
    RegistryAuth.lookup(config, RegistryAuth.registryOf(ref.name())).ifPresent(l -> request.header(RegistryAuth.HEADER, RegistryAuth.header(l)));
    PullOutput output = new PullOutput(ctx.out(), ctx.terminals().stdout());
    boolean[] started = {false};
    try {
      ctx.client().stream(request.build(), m -> {
        started[0] = true;
        if (!quiet) output.print(m);
      });
    } catch (DaemonException e) {
      // Once the stream has begun, docker prints the daemon's error as it came, without "Error response from daemon".
      if (started[0]) throw new CliException(e.getMessage(), e);
      throw e;
    }
    if (quiet) ctx.out().println(PullCommand.fullName(allTags ? ref.name() : ref.full()));
    ctx.out().flush();
    return 0;
  }
}
