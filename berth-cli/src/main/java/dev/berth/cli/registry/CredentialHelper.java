package dev.berth.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliException;
import dev.berth.client.DaemonClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A docker credential helper, {@code docker-credential-<name>} on the PATH, spoken to as docker's CLI does: the
 * action is the argument ({@code get}, {@code store}, {@code erase}); the input is the server URL or the JSON
 * {@code {"ServerURL","Username","Secret"}}; {@code get} answers that JSON ({@code Username "<token>"} means the
 * secret is an identity token).
 */
final class CredentialHelper {
  private static final String TOKEN_USER = "<token>";
  private final String program;

  CredentialHelper(String name) {
    this.program = "docker-credential-" + name;
  }

  Optional<Login> get(String server) {
    Result r = run("get", server);
    if (r.exit() != 0) {
      if (r.out().contains("credentials not found")) return Optional.empty();
      throw new CliException(program + " get " + server + ": " + r.out().strip());
    }
    try {
      JsonNode json = DaemonClient.mapper().readTree(r.out());
      String user = json.path("Username").asText("");
      String secret = json.path("Secret").asText("");
      return Optional.of(TOKEN_USER.equals(user) ? new Login(server, "", "", secret) : new Login(server, user, secret, ""));
    } catch (IOException e) {
      throw new CliException(program + " get " + server + ": malformed answer: " + e.getMessage());
    }
  }

  void store(Login login) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("ServerURL", login.server());
    body.put("Username", login.identityToken().isEmpty() ? login.username() : TOKEN_USER);
    body.put("Secret", login.identityToken().isEmpty() ? login.password() : login.identityToken());
    String json;
    try {
      json = DaemonClient.mapper().writeValueAsString(body);
    } catch (IOException e) {
      throw new CliException("encoding credentials: " + e.getMessage());
    }
    Result r = run("store", json);
    if (r.exit() != 0) throw new CliException("error storing credentials - err: " + program + " store: " + r.out().strip());
  }

  /** Erases; false when the helper had nothing for the server. */
  boolean erase(String server) {
    Result r = run("erase", server);
    if (r.exit() != 0 && !r.out().contains("credentials not found")) {
      throw new CliException(program + " erase " + server + ": " + r.out().strip());
    }
    return r.exit() == 0;
  }

  private record Result(int exit, String out) {}

  private Result run(String action, String input) {
    try {
      Process p = new ProcessBuilder(program, action).redirectErrorStream(true).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new CliException(program + " " + action + " did not answer in 60 s");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new CliException("running " + program + " " + action + ": " + e.getMessage()
          + " (is the credential helper installed and on the PATH?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(program + " " + action + ": interrupted");
    }
  }
}
