package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The htpasswd registry over TLS: its CA is the only way in, and only the right user and password get through. */
class BasicAuthRegistryIT {
  private static TestRegistry registry;

  @TempDir Path work;

  @BeforeAll
  static void start() {
    registry = TestRegistry.withBasicAuth("alice", "s3cret pass");
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  @Test
  void get_rightCredentialsOverTrustedTls_200() throws Exception {
    HttpResponse<String> answer = get(registry.httpClient(), "alice", "s3cret pass");

    assertThat(registry.url().getScheme()).isEqualTo("https");
    assertThat(answer.statusCode()).isEqualTo(200);
  }

  @Test
  void get_noOrWrongCredentials_401WithBasicChallenge() throws Exception {
    HttpResponse<String> anonymous = get(registry.httpClient(), null, null);
    HttpResponse<String> wrong = get(registry.httpClient(), "alice", "wrong");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"berth-test\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
  }

  @Test
  void get_clientNotTrustingTheTestCa_failsTheHandshake() {
    HttpClient untrusting = HttpClient.newHttpClient();

    assertThatThrownBy(() -> get(untrusting, "alice", "s3cret pass")).isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void caCertificate_isAPemCertificateInTheCertDir() throws Exception {
    assertThat(Files.readString(registry.caCertificate())).startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(registry.certDir().resolve("ca.crt")).isEqualTo(registry.caCertificate());
  }

  @Test
  void skopeoPush_withCredentialsAndTheCa_succeedsAndWithoutCredentialsFails() {
    TestImages.Image image = TestImages.ociLayout(work, TestImages.Layer.random(2048));

    String digest = Skopeo.of(registry).withCredentials("alice", "s3cret pass").push(image, "secure/app:v1");

    assertThat(digest).isEqualTo(image.manifest().digest());
    assertThatThrownBy(() -> Skopeo.of(registry).push(image, "secure/app:v2"))
        .hasMessageContaining("unauthorized");
  }

  @Test
  void builder_basicAuthWithoutTls_plainHttpAsksForTheUser() throws Exception {
    try (TestRegistry plain = TestRegistry.builder().basicAuth("dave", "pw").start()) {
      HttpRequest v2 = HttpRequest.newBuilder(plain.url().resolve("/v2/")).build();
      String basic = "Basic " + Base64.getEncoder().encodeToString("dave:pw".getBytes(StandardCharsets.UTF_8));

      int anonymous = plain.httpClient().send(v2, HttpResponse.BodyHandlers.discarding()).statusCode();
      int authorized = plain.httpClient().send(HttpRequest.newBuilder(v2.uri()).header("Authorization", basic).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();

      assertThat(plain.url().getScheme()).isEqualTo("http");
      assertThat(anonymous).isEqualTo(401);
      assertThat(authorized).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(HttpClient client, String user, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(registry.url().resolve("/v2/"));
    if (user != null) {
      String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      request.header("Authorization", "Basic " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
