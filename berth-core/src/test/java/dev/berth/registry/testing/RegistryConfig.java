package dev.berth.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The config.yml of one test registry: listen on 127.0.0.1:PORT, filesystem storage in the registry's temp dir,
 * deletes allowed, no background upload purging, optional TLS and one auth set-up. Written by hand as YAML: the
 * shape is small and fixed, and this keeps the fixture free of a YAML library.
 */
record RegistryConfig(int port, Path storage, Optional<TestPki.Server> tls, Auth auth) {

  /** How the registry authenticates clients. */
  sealed interface Auth {
    /** Anyone may pull and push. */
    record None() implements Auth {}

    /** One user in an htpasswd file (bcrypt). */
    record Basic(String user, String password) implements Auth {
      public Basic {
        if (user.isEmpty() || user.contains(":") || user.contains("\n")) {
          throw new IllegalArgumentException("htpasswd user " + user + ": must be non-empty, without ':' or newline");
        }
      }
    }

    /** Bearer tokens signed by this token server's key; the challenge sends clients to {@code realm}. */
    record Token(TokenServer server, URI realm) implements Auth {}
  }

  /** Writes config.yml (and the htpasswd file, if any) into {@code dir} and returns the config's path. */
  Path write(Path dir) {
    try {
      Path config = dir.resolve("config.yml");
      Files.writeString(config, yaml(dir), StandardCharsets.UTF_8);
      return config;
    } catch (IOException e) {
      throw new UncheckedIOException("write the test registry's config in " + dir + ": " + e.getMessage(), e);
    }
  }

  private String yaml(Path dir) throws IOException {
    StringBuilder out = new StringBuilder();
    out.append("version: 0.1\n");
    out.append("log:\n  level: info\n  formatter: text\n");
    out.append("storage:\n  filesystem:\n    rootdirectory: ").append(quote(storage.toString())).append('\n');
    out.append("  delete:\n    enabled: true\n");
    out.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
    out.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
    out.append("  secret: ").append(HexFormat.of().formatHex(randomBytes(16))).append('\n');
    if (tls.isPresent()) {
      out.append("  tls:\n    certificate: ").append(quote(tls.get().certificatePem().toString())).append('\n');
      out.append("    key: ").append(quote(tls.get().keyPem().toString())).append('\n');
    }
    out.append("health:\n  storagedriver:\n    enabled: false\n");
    out.append(authYaml(dir));
    return out.toString();
  }

  private String authYaml(Path dir) throws IOException {
    return switch (auth) {
      case Auth.None none -> "";
      case Auth.Basic basic -> {
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, basic.user() + ":" + Bcrypt.hash(basic.password()) + "\n", StandardCharsets.UTF_8);
        yield "auth:\n  htpasswd:\n    realm: berth-test\n    path: " + quote(htpasswd.toString()) + "\n";
      }
      case Auth.Token token -> "auth:\n  token:\n"
          + "    realm: " + quote(token.realm().toString()) + "\n"
          + "    service: " + quote(token.server().service()) + "\n"
          + "    issuer: " + quote(token.server().issuer()) + "\n"
          + "    rootcertbundle: " + quote(token.server().rootCertificate().toString()) + "\n";
    };
  }

  /** A YAML double-quoted scalar: temp paths hold no quotes or backslashes, but say so loudly if one ever does. */
  private static String quote(String value) {
    if (value.contains("\"") || value.contains("\\")) {
      throw new IllegalArgumentException("registry config value " + value + ": contains a quote or backslash");
    }
    return "\"" + value + "\"";
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
