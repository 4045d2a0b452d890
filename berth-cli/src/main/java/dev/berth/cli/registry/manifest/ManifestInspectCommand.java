package dev.berth.cli.registry.manifest;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.cli.registry.ClientConfig;
import dev.berth.cli.registry.Login;
import dev.berth.cli.registry.RegistryAuth;
import dev.berth.errors.BerthException;
import dev.berth.oci.ImageReference;
import dev.berth.registry.RegistryClient;
import dev.berth.registry.RegistryOptions;
import dev.berth.registry.RegistryTransport;
import dev.berth.registry.auth.Credential;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth manifest inspect [--insecure] [-v] REF}: the manifest or index (manifest list) a registry holds,
 * as JSON. The CLI asks the registry itself, with the credentials of config.json, as docker's CLI does; the
 * daemon is not involved, so its insecure-registries do not apply: {@code --insecure} allows plain HTTP and an
 * unverified certificate for this registry. CAs are trusted from {@code /etc/docker/certs.d/HOST/}, as docker.
 */
@Command(description = "Display an image manifest, or manifest list, that a registry holds")
public final class ManifestInspectCommand implements Callable<Integer> {
  /** Where docker's CLI and dockerd look for a registry's CA certificates. */
  static final Path CERTS_D = Path.of("/etc/docker/certs.d");

  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", paramLabel = "[MANIFEST_LIST] MANIFEST", description = "The reference, e.g. 127.0.0.1:5000/app:v1")
  String reference;

  @Option(names = "--insecure", description = "Allow communication with an insecure registry (plain HTTP, or a certificate that does not verify)")
  boolean insecure;

  @Option(names = {"-v", "--verbose"}, description = "Output additional info including layers and platform")
  boolean verbose;

  public ManifestInspectCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ImageReference ref = parse(reference);
    RegistryOptions options = new RegistryOptions(insecure ? Set.of(ref.domain()) : Set.of(), List.of(),
        Files.isDirectory(CERTS_D) ? CERTS_D : null);
    try (RegistryTransport transport = new RegistryTransport(options)) {
      RegistryClient client = RegistryClient.forPull(transport, ref.domain(), ref.path(), credential(ref));
      ManifestInspector inspector = new ManifestInspector(client, ref);
      ctx.out().println(GoJson.indent(verbose ? inspector.verbose() : inspector.plain()));
      ctx.out().flush();
      return 0;
    } catch (BerthException | UncheckedIOException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static ImageReference parse(String text) {
    try {
      return ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException("manifest inspect " + text + ": " + e.getMessage());
    }
  }

  private Credential credential(ImageReference ref) {
    ClientConfig config = ClientConfig.read(ClientConfig.defaultFile(ctx.env()));
    Login login = RegistryAuth.lookup(config, ref.domain()).orElse(null);
    if (login == null) return Credential.ANONYMOUS;
    if (!login.identityToken().isEmpty()) return new Credential.IdentityToken(login.identityToken());
    if (!login.username().isEmpty()) return new Credential.UserPassword(login.username(), login.password());
    return Credential.ANONYMOUS;
  }
}
