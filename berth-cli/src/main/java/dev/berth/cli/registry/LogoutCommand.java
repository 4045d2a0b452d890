package dev.berth.cli.registry;

import dev.berth.cli.CliContext;
import dev.berth.cli.HelpOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code berth logout [SERVER]}: forgets the registry's credentials, in its credential helper and in config.json. */
@Command(description = "Log out from a registry (Docker Hub when no server is given)")
public final class LogoutCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "The registry, e.g. 127.0.0.1:5000")
  String server;

  public LogoutCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    String key = RegistryAuth.serverKey(server);
    ClientConfig config = ClientConfig.read(ClientConfig.defaultFile(ctx.env()));
    Optional<String> helper = config.helperFor(key);
    boolean inFile = config.stored(key).isPresent();
    if (helper.isEmpty() && !inFile) {
      ctx.out().println("Not logged in to " + key);
      ctx.out().flush();
      return 0;
    }
    ctx.out().println("Removing login credentials for " + key);
    ctx.out().flush();
    helper.ifPresent(h -> new CredentialHelper(h).erase(key));
    config.removeAuth(key);
    config.write();
    return 0;
  }
}
