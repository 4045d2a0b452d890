package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Platform;
import dev.berth.registry.auth.AuthenticationException;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.auth.DockerConfig;
import dev.berth.registry.pull.ImagePuller;
import dev.berth.registry.pull.PullResult;
import dev.berth.registry.testing.RawPusher;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Basic auth over TLS against docker-registry with htpasswd and a test CA; plain HTTP only where allowed. */
class RegistryAuthIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "wonder-land";
  private static TestRegistry registry;
  private static TestImages.Image image;
  private static String pushed;

  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.withBasicAuth(USER, PASSWORD);
    image = TestImages.ociLayout(shared.resolve("layout"), Layer.random(30_000), Layer.random(20_000));
    pushed = RawPusher.of(registry).withBasicAuth(USER, PASSWORD).push(image, "berth/secret:v1");
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) registry.close();
  }

  private PullResult pull(RegistryOptions options, Credential credential) {
    try (RegistryTransport transport = new RegistryTransport(options)) {
      RegistryClient client = RegistryClient.forPull(transport, registry.host(), "berth/secret", credential);
      return new ImagePuller(client, LocalContentStore.open(dir.resolve("content")), 3).pull("v1", Platform.LINUX_AMD64, e -> {});
    }
  }

  private static RegistryOptions trusting() {
    return RegistryOptions.defaults().withCaCertificates(List.of(registry.caCertificate()));
  }

  @Test
  void pull_basicAuthOverTlsWithTheTestCa_succeeds() {
    PullResult result = pull(trusting(), new Credential.UserPassword(USER, PASSWORD));

    assertThat(result.repoDigest()).hasToString(pushed);
    assertThat(result.configDigest()).hasToString(image.config().digest());
  }

  @Test
  void pull_withoutCredentials_saysBasicAuthIsNeeded() {
    assertThatThrownBy(() -> pull(trusting(), Credential.ANONYMOUS))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining(registry.host()).hasMessageContaining("basic auth");
  }

  @Test
  void pull_wrongPassword_isUnauthorized() {
    assertThatThrownBy(() -> pull(trusting(), new Credential.UserPassword(USER, "nope")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("unauthorized");
  }

  @Test
  void pull_caNotTrusted_saysTheCertificateIsNotTrusted() {
    assertThatThrownBy(() -> pull(RegistryOptions.defaults(), new Credential.UserPassword(USER, PASSWORD)))
        .isInstanceOf(RegistryException.class).hasMessageContaining(registry.host()).hasMessageContaining("not trusted");
  }

  @Test
  void pull_caNotTrustedButListedInsecure_usesHttpsWithoutVerifying() {
    for (String listed : List.of(registry.host(), "127.0.0.1")) {
      PullResult result = pull(RegistryOptions.defaults().withInsecureRegistries(Set.of(listed)), new Credential.UserPassword(USER, PASSWORD));

      assertThat(result.repoDigest()).as("listed as %s", listed).hasToString(pushed);
    }
  }

  @Test
  void pull_credentialsFromDockerConfigAndCaFromCertsDir_succeeds() throws Exception {
    Path config = dir.resolve("config.json");
    String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes());
    Files.writeString(config, "{\"auths\":{\"https://" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    Path certsD = dir.resolve("certs.d");
    Files.createDirectories(certsD.resolve(registry.host()));
    Files.copy(registry.caCertificate(), certsD.resolve(registry.host()).resolve("ca.crt"));

    PullResult result = pull(new RegistryOptions(Set.of(), List.of(), certsD), DockerConfig.read(config).lookup(registry.host()));

    assertThat(result.repoDigest()).hasToString(pushed);
  }

  @Test
  void plainHttp_onlyForLoopbackNamesOrListedInsecureRegistries() throws Exception {
    try (TestRegistry plain = TestRegistry.start(); LoopbackForwarder other = LoopbackForwarder.start("127.0.0.2", plain.host())) {
      RawPusher.of(plain).push(image, "berth/plain:v1");
      String host = other.host();
      try (RegistryTransport strict = new RegistryTransport(RegistryOptions.defaults());
          RegistryTransport insecure = new RegistryTransport(RegistryOptions.defaults().withInsecureRegistries(Set.of(host)))) {
        assertThatThrownBy(() -> RegistryClient.forPull(strict, host, "berth/plain", Credential.ANONYMOUS).pullManifest("v1"))
            .isInstanceOf(RegistryException.class).hasMessageContaining(host).hasMessageContaining("insecure-registries");

        assertThat(RegistryClient.forPull(insecure, host, "berth/plain", Credential.ANONYMOUS).pullManifest("v1").digest())
            .hasToString(image.manifest().digest());
        assertThat(RegistryClient.forPull(strict, plain.host(), "berth/plain", Credential.ANONYMOUS).pullManifest("v1").digest())
            .as("127.0.0.1 may be plain HTTP by default").hasToString(image.manifest().digest());
      }
    }
  }
}
