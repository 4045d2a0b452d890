package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Platform;
import dev.berth.registry.auth.AuthenticationException;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.pull.ImagePuller;
import dev.berth.registry.pull.PullResult;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestImages.Layer;
import dev.berth.registry.testing.TestRegistry;
import dev.berth.registry.testing.TokenServer;
import dev.berth.oci.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker's bearer token flow against docker-registry's token auth and the test's token server. */
class RegistryTokenIT {
  @TempDir Path dir;

  private TestImages.Image image(String name) {
    return TestImages.ociLayout(dir.resolve("layout-" + name), Layer.random(25_000), Layer.random(15_000));
  }

  private PullResult pull(RegistryClient client, String tag) {
    return new ImagePuller(client, LocalContentStore.open(dir.resolve("content")), 3).pull(tag, Platform.LINUX_AMD64, e -> {});
  }

  @Test
  void pull_anonymousToken_asksForThePullScope() {
    try (TokenServer tokens = TokenServer.start(); TestRegistry registry = TestRegistry.withTokenAuth(tokens);
        RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      TestImages.Image image = image("anon");
      String pushed = Skopeo.of(registry).push(image, "berth/tok:v1");
      int before = tokens.requests().size();

      PullResult result = pull(RegistryClient.forPull(transport, registry.host(), "berth/tok", Credential.ANONYMOUS), "v1");

      assertThat(result.repoDigest()).hasToString(pushed);
      var mine = tokens.requests().subList(before, tokens.requests().size());
      assertThat(mine).hasSize(1);
      assertThat(mine.getFirst().user()).isEmpty();
      assertThat(mine.getFirst().scopes()).containsExactly("repository:berth/tok:pull");
      assertThat(mine.getFirst().service()).isEqualTo(tokens.service());
    }
  }

  @Test
  void pull_privateRepository_needsCredentialsAtTheTokenEndpoint() {
    try (TokenServer tokens = TokenServer.builder().credentials("bob", "pw").start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens);
        RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      TestImages.Image image = image("priv");
      String pushed = Skopeo.of(registry).withCredentials("bob", "pw").push(image, "berth/priv:v1");

      assertThatThrownBy(() -> pull(RegistryClient.forPull(transport, registry.host(), "berth/priv", Credential.ANONYMOUS), "v1"))
          .isInstanceOf(AuthenticationException.class).hasMessageContaining("unauthorized");
      assertThatThrownBy(() -> pull(RegistryClient.forPull(transport, registry.host(), "berth/priv",
          new Credential.UserPassword("bob", "wrong")), "v1")).isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("incorrect username or password");
      PullResult result = pull(RegistryClient.forPull(transport, registry.host(), "berth/priv", new Credential.UserPassword("bob", "pw")), "v1");

      assertThat(result.repoDigest()).hasToString(pushed);
      assertThat(tokens.requests().getLast().user()).contains("bob");
    }
  }

  @Test
  void pull_tokenExpiredBetweenCalls_isFetchedAgainAfterThe401() throws Exception {
    try (TokenServer tokens = TokenServer.builder().lifetime(Duration.ofSeconds(2)).start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens);
        RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      Skopeo.of(registry).push(image("one"), "berth/exp:v1");
      String second = Skopeo.of(registry).push(image("two"), "berth/exp:v2");
      RegistryClient client = RegistryClient.forPull(transport, registry.host(), "berth/exp", Credential.ANONYMOUS);
      pull(client, "v1");
      int before = tokens.requests().size();
      Thread.sleep(3_000);

      PullResult result = pull(client, "v2");

      assertThat(result.repoDigest()).hasToString(second);
      assertThat(tokens.requests().size() - before).as("tokens fetched after the first expired").isEqualTo(1);
      assertThat(tokens.requests().getLast().user()).isEqualTo(Optional.empty());
    }
  }

  @Test
  void pull_identityToken_usesTheOauth2RefreshGrant() throws Exception {
    try (TokenServer tokens = TokenServer.builder().credentials("bob", "pw").start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens);
        RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      String pushed = Skopeo.of(registry).withCredentials("bob", "pw").push(image("idt"), "berth/idt:v1");
      HttpRequest login = HttpRequest.newBuilder(URI.create(tokens.realm() + "?service=" + tokens.service()
              + "&offline_token=true&client_id=berth"))
          .header("Authorization", new Credential.UserPassword("bob", "pw").basicHeader()).build();
      String refresh = Json.MAPPER.readTree(HttpClient.newHttpClient().send(login, HttpResponse.BodyHandlers.ofString()).body())
          .get("refresh_token").asText();

      PullResult result = pull(RegistryClient.forPull(transport, registry.host(), "berth/idt", new Credential.IdentityToken(refresh)), "v1");

      assertThat(result.repoDigest()).hasToString(pushed);
      assertThat(tokens.requests().getLast().method()).isEqualTo("POST");
      assertThat(tokens.requests().getLast().refresh()).isTrue();
      assertThat(tokens.requests().getLast().scopes()).contains("repository:berth/idt:pull");
    }
  }
}
