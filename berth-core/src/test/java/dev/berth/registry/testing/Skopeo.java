package dev.berth.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * skopeo pointed at one registry: pushes test images from OCI layouts, copies images back out, reads manifests. It
 * speaks to the registry over TLS with the test CA when the registry has one, with credentials when given, and over
 * plain HTTP otherwise.
 */
public final class Skopeo {
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final String host;
  private final Optional<Path> certDir;
  private final Optional<String> credentials;

  private Skopeo(String host, Optional<Path> certDir, Optional<String> credentials) {
    this.host = host;
    this.certDir = certDir;
    this.credentials = credentials;
  }

  /** skopeo for this registry, anonymous. */
  public static Skopeo of(TestRegistry registry) {
    return new Skopeo(registry.host(), registry.isTls() ? Optional.of(registry.certDir()) : Optional.empty(),
        Optional.empty());
  }

  /** skopeo for a plain-HTTP endpoint such as a {@link FaultProxy}'s "127.0.0.1:PORT". */
  public static Skopeo ofPlainHttp(String host) {
    return new Skopeo(host, Optional.empty(), Optional.empty());
  }

  /** The same skopeo, logging in as {@code user}. */
  public Skopeo withCredentials(String user, String password) {
    return new Skopeo(host, certDir, Optional.of(user + ":" + password));
  }

  /** Docker's schema2 or OCI manifests on the registry side of a copy. */
  public enum Format {
    /** Keep the layout's OCI manifest as it is (its digest is unchanged). */
    OCI,
    /** Convert to Docker's schema2 (skopeo's --format v2s2; not possible for zstd layers). */
    DOCKER
  }

  /** Pushes {@code image} as REPO:TAG unchanged and returns the manifest digest the registry holds. */
  public String push(TestImages.Image image, String repoAndTag) {
    return push(image.layout(), image.tag(), repoAndTag, Format.OCI);
  }

  /** Pushes the layout's {@code tag} to REPO:TAG in {@code format} and returns the pushed manifest's digest. */
  public String push(Path layout, String tag, String repoAndTag, Format format) {
    List<String> command = base("copy");
    command.add("--dest-tls-verify=" + certDir.isPresent());
    certDir.ifPresent(dir -> command.addAll(List.of("--dest-cert-dir", dir.toString())));
    credentials.ifPresent(creds -> command.addAll(List.of("--dest-creds", creds)));
    if (format == Format.DOCKER) {
      command.addAll(List.of("--format", "v2s2"));
    }
    return copyWithDigest(command, "oci:" + layout + ":" + tag, "docker://" + host + "/" + repoAndTag);
  }

  /**
   * Pushes a multi-platform layout's index and every image in it ({@code --all}) as REPO:TAG; returns the digest of
   * the index the registry holds (the layout's own for {@link Format#OCI}; a Docker manifest list for DOCKER).
   */
  public String pushAll(TestIndexes.MultiPlatformImage index, String repoAndTag, Format format) {
    List<String> command = base("copy");
    command.add("--all");
    command.add("--dest-tls-verify=" + certDir.isPresent());
    certDir.ifPresent(dir -> command.addAll(List.of("--dest-cert-dir", dir.toString())));
    credentials.ifPresent(creds -> command.addAll(List.of("--dest-creds", creds)));
    if (format == Format.DOCKER) {
      command.addAll(List.of("--format", "v2s2"));
    }
    return copyWithDigest(command, "oci:" + index.layout() + ":" + index.tag(), "docker://" + host + "/" + repoAndTag);
  }

  /** Copies REPO:TAG out of the registry into the OCI layout {@code layout} as {@code tag}; returns its digest. */
  public String pull(String repoAndTag, Path layout, String tag) {
    List<String> command = base("copy");
    command.add("--src-tls-verify=" + certDir.isPresent());
    certDir.ifPresent(dir -> command.addAll(List.of("--src-cert-dir", dir.toString())));
    credentials.ifPresent(creds -> command.addAll(List.of("--src-creds", creds)));
    return copyWithDigest(command, "docker://" + host + "/" + repoAndTag, "oci:" + layout + ":" + tag);
  }

  /** The manifest (or index) REPO:TAG (or REPO@DIGEST) names, byte for byte as the registry serves it. */
  public String inspectRaw(String reference) {
    List<String> command = base("inspect");
    command.add("--raw");
    command.addAll(sourceOptions());
    command.add("docker://" + host + "/" + reference);
    return Commands.run(command, env(), TIMEOUT);
  }

  /** The tags the registry lists for REPO ({@code skopeo list-tags}), in the registry's order. */
  public List<String> listTags(String repository) {
    List<String> command = base("list-tags");
    command.addAll(sourceOptions());
    command.add("docker://" + host + "/" + repository);
    Map<?, ?> answer = dev.berth.oci.Json.read(Commands.run(command, env(), TIMEOUT), Map.class);
    return answer.get("Tags") instanceof List<?> tags ? tags.stream().map(String::valueOf).toList() : List.of();
  }

  /** The manifest digest the registry holds for REPO:TAG, from {@code skopeo inspect}. */
  public String digest(String reference) {
    return String.valueOf(dev.berth.oci.Json.read(inspect(reference), Map.class).get("Digest"));
  }

  /** {@code skopeo inspect}'s JSON summary (Digest, Layers, ...) of REPO:TAG or REPO@DIGEST. */
  public String inspect(String reference) {
    List<String> command = base("inspect");
    command.addAll(sourceOptions());
    command.add("docker://" + host + "/" + reference);
    return Commands.run(command, env(), TIMEOUT);
  }

  private List<String> sourceOptions() {
    List<String> options = new ArrayList<>();
    options.add("--tls-verify=" + certDir.isPresent());
    certDir.ifPresent(dir -> options.addAll(List.of("--cert-dir", dir.toString())));
    credentials.ifPresent(creds -> options.addAll(List.of("--creds", creds)));
    return options;
  }

  private String copyWithDigest(List<String> command, String source, String destination) {
    try {
      Path digestFile = Files.createTempFile("berth-skopeo-", ".digest");
      try {
        command.addAll(List.of("--digestfile", digestFile.toString(), source, destination));
        Commands.run(command, env(), TIMEOUT);
        return Files.readString(digestFile).strip();
      } finally {
        Files.deleteIfExists(digestFile);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("skopeo copy " + source + " " + destination + ": " + e.getMessage(), e);
    }
  }

  private static List<String> base(String verb) {
    List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy", verb));
    return command;
  }

  /** No stored logins: a test's credentials are only what it passes, never the machine's auth files. */
  private static Map<String, String> env() {
    return Map.of("REGISTRY_AUTH_FILE", "/nonexistent/berth-test-auth.json");
  }
}
