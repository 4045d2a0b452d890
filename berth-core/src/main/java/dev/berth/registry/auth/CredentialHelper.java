package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A docker credential helper, the program {@code docker-credential-<name>} on the PATH, spoken to as docker
 * does: {@code get} with the server URL on stdin answers {@code {"ServerURL", "Username", "Secret"}}; a
 * user name of {@code <token>} marks the secret as an identity token. A helper that knows no credentials
 * exits non-zero saying "credentials not found", which is not an error.
 */
public final class CredentialHelper {
  private static final long TIMEOUT_SECONDS = 30;

  private final String program;

  /** @param name the helper's suffix, e.g. {@code pass} for {@code docker-credential-pass} */
  public CredentialHelper(String name) {
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new IllegalArgumentException("invalid credential helper name \"" + name + "\"");
    }
    this.program = "docker-credential-" + name;
  }

  record HelperAnswer(@JsonProperty("Username") String username, @JsonProperty("Secret") String secret) {}

  /** The credentials the helper holds for {@code serverUrl}, or empty when it holds none. */
  public Optional<Credential> get(String serverUrl) {
    Process process;
    try {
      process = new ProcessBuilder(program, "get").redirectError(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new AuthenticationException("reading credentials for " + serverUrl + ": cannot run " + program + ": " + e.getMessage(), e);
    }
    try {
      try (OutputStream in = process.getOutputStream()) {
        in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
      }
      byte[] out = process.getInputStream().readAllBytes();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AuthenticationException("reading credentials for " + serverUrl + ": " + program + " did not finish in "
            + TIMEOUT_SECONDS + " s");
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        if ((text + err).toLowerCase().contains("credentials not found")) return Optional.empty();
        throw new AuthenticationException("reading credentials for " + serverUrl + ": " + program + " get failed: " + (text + " " + err).strip());
      }
      return Optional.of(credential(Json.read(out, HelperAnswer.class)));
    } catch (IOException e) {
      throw new AuthenticationException("reading credentials for " + serverUrl + " from " + program + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthenticationException("reading credentials for " + serverUrl + ": interrupted", e);
    } finally {
      process.destroy();
    }
  }

  private static Credential credential(HelperAnswer answer) {
    if (answer.secret() == null || answer.secret().isEmpty()) return Credential.ANONYMOUS;
    if ("<token>".equals(answer.username())) return new Credential.IdentityToken(answer.secret());
    return new Credential.UserPassword(answer.username() == null ? "" : answer.username(), answer.secret());
  }
}
