package dev.berth.cli.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.CliException;
import dev.berth.client.DaemonClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * docker's client config file, {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}, read and
 * written as a JSON tree so that keys Berth does not know (proxies, aliases, plugins) survive a login. The file
 * is written whole to a temporary file and renamed into place, with mode 0600 since it may hold passwords.
 * Credentials go to the registry's {@code credHelpers} entry, else {@code credsStore}, else {@code auths}
 * (base64 of {@code user:password}), as docker decides.
 */
public final class ClientConfig {
  private final Path file;
  private final ObjectNode root;

  private ClientConfig(Path file, ObjectNode root) {
    this.file = file;
    this.root = root;
  }

  /** The file docker's CLI uses in this environment. */
  public static Path defaultFile(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) return Path.of(dir, "config.json");
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".docker", "config.json");
  }

  /** Reads the file; a missing one is an empty config. */
  public static ClientConfig read(Path file) {
    try {
      JsonNode node = DaemonClient.mapper().readTree(Files.readString(file));
      if (node == null || node.isMissingNode()) return new ClientConfig(file, DaemonClient.mapper().createObjectNode());
      if (!(node instanceof ObjectNode object)) throw new CliException("read " + file + ": the file must hold a JSON object");
      return new ClientConfig(file, object);
    } catch (NoSuchFileException e) {
      return new ClientConfig(file, DaemonClient.mapper().createObjectNode());
    } catch (IOException e) {
      throw new CliException("read " + file + ": " + e.getMessage());
    }
  }

  public Path file() {
    return file;
  }

  /** The helper that keeps {@code server}'s credentials ({@code credHelpers}, then {@code credsStore}), if any. */
  public Optional<String> helperFor(String server) {
    String specific = root.path("credHelpers").path(server).asText("");
    if (!specific.isEmpty()) return Optional.of(specific);
    String store = root.path("credsStore").asText("");
    return store.isEmpty() ? Optional.empty() : Optional.of(store);
  }

  /** The credentials {@code auths} holds for {@code server} (also under {@code https://server}), if any. */
  public Optional<Login> stored(String server) {
    JsonNode auths = root.path("auths");
    for (String key : new String[] {server, "https://" + server, "http://" + server}) {
      JsonNode entry = auths.path(key);
      if (entry.isMissingNode()) continue;
      String token = entry.path("identitytoken").asText("");
      String auth = entry.path("auth").asText("");
      String user = "";
      String password = "";
      if (!auth.isEmpty()) {
        String pair = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon > 0) {
          user = pair.substring(0, colon);
          password = pair.substring(colon + 1);
        }
      }
      if (!token.isEmpty() || !user.isEmpty()) return Optional.of(new Login(server, user, password, token));
    }
    return Optional.empty();
  }

  /** Puts {@code login} under {@code auths} (password as base64 {@code user:password}, or the identity token). */
  public void putAuth(Login login) {
    ObjectNode auths = root.has("auths") && root.get("auths").isObject() ? (ObjectNode) root.get("auths") : root.putObject("auths");
    ObjectNode entry = auths.putObject(login.server());
    if (login.identityToken().isEmpty()) {
      entry.put("auth", Base64.getEncoder().encodeToString((login.username() + ":" + login.password()).getBytes(StandardCharsets.UTF_8)));
    } else {
      entry.put("auth", Base64.getEncoder().encodeToString((login.username() + ":").getBytes(StandardCharsets.UTF_8)));
      entry.put("identitytoken", login.identityToken());
    }
  }

  /** Removes {@code server}'s {@code auths} entry; false when there was none. */
  public boolean removeAuth(String server) {
    JsonNode auths = root.get("auths");
    return auths instanceof ObjectNode object && object.remove(server) != null;
  }

  /** Writes the file (creating its directory), mode 0600, replacing it atomically. */
  public void write() {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "config.json", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.write(tmp, DaemonClient.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new CliException("write " + file + ": " + e.getMessage());
    }
  }
}
