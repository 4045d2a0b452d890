package dev.berth.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.cli.HelpOption;
import dev.berth.client.ApiRequest;
import dev.berth.client.DaemonClient;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth login [-u USER] [-p PASS | --password-stdin] [SERVER]}: the daemon checks the credentials against the
 * registry ({@code POST /auth}); the CLI then keeps them as docker does, in the registry's credential helper or in
 * config.json's {@code auths}.
 */
@Command(description = "Log in to a registry (Docker Hub when no server is given)")
public final class LoginCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin HelpOption help;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER", description = "The registry, e.g. 127.0.0.1:5000")
  String server;

  @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "Username")
  String username;

  @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD", description = "Password or personal access token")
  String password;

  @Option(names = "--password-stdin", description = "Take the password from stdin")
  boolean passwordStdin;

  public LoginCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String key = RegistryAuth.serverKey(server);
    ClientConfig config = ClientConfig.read(ClientConfig.defaultFile(ctx.env()));
    Login login = credentials(key, config);
    String token = authenticate(login);
    Login kept = new Login(key, login.username(), token.isEmpty() ? login.password() : "", token);
    store(config, kept);
    ctx.out().println("Login Succeeded");
    ctx.out().flush();
    return 0;
  }

  private Login credentials(String key, ClientConfig config) throws IOException {
    if (password != null && passwordStdin) throw new CliException("--password and --password-stdin are mutually exclusive");
    if (passwordStdin) {
      if (username == null || username.isEmpty()) throw new CliException("Must provide --username with --password-stdin");
      return new Login(key, username, readStdin(), "");
    }
    if (password != null) {
      ctx.err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
      if (username == null || username.isEmpty()) username = ask("Username: ");
      return new Login(key, username, password, "");
    }
    if (username == null) {
      Optional<Login> stored = RegistryAuth.lookup(config, key);
      if (stored.isPresent()) {
        ctx.out().println("Authenticating with existing credentials...");
        return stored.get();
      }
      username = ask("Username: ");
    }
    return new Login(key, username, ask("Password: "), "");
  }

  private String ask(String prompt) throws IOException {
    if (!ctx.terminals().stdin()) {
      throw new CliException("Cannot perform an interactive login from a non TTY device: give -u and --password-stdin");
    }
    ctx.out().print(prompt);
    ctx.out().flush();
    String line = new BufferedReader(new InputStreamReader(ctx.stdin(), StandardCharsets.UTF_8)).readLine();
    if (line == null || line.isBlank()) throw new CliException("Error: Non-null " + prompt.replace(": ", "") + " Required");
    return line.strip();
  }

  private String readStdin() throws IOException {
    String text = new String(ctx.stdin().readAllBytes(), StandardCharsets.UTF_8);
    String stripped = text.replaceAll("[\r\n]+$", "");
    if (stripped.isEmpty()) throw new CliException("Error: Password Required");
    return stripped;
  }

  /** {@code POST /auth}; returns the identity token the registry gave, or "". */
  private String authenticate(Login login) throws IOException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("username", login.username());
    body.put("password", login.password());
    body.put("serveraddress", login.server());
    if (!login.identityToken().isEmpty()) body.put("identitytoken", login.identityToken());
    byte[] json = DaemonClient.mapper().writeValueAsBytes(body);
    JsonNode answer = ctx.client().json(ApiRequest.post("/auth").body(new ByteArrayInputStream(json), "application/json").build());
    return answer.path("IdentityToken").asText("");
  }

  private void store(ClientConfig config, Login login) {
    Optional<String> helper = config.helperFor(login.server());
    if (helper.isPresent()) {
      new CredentialHelper(helper.get()).store(login);
      return;
    }
    config.putAuth(login);
    config.write();
    ctx.err().println("WARNING! Your password is stored unencrypted in " + config.file() + ".\n"
        + "Configure a credential helper (credsStore in that file) to keep it elsewhere.");
  }
}
