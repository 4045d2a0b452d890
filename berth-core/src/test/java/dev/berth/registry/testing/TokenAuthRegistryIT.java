package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker-registry with token auth accepts the TokenServer's tokens, and refuses them once they expire. */
class TokenAuthRegistryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  @TempDir Path work;

  @Test
  void bearerFlow_challengeThenTokenThenRetry_200AndTheScopeIsRecorded() throws Exception {
    try (TokenServer tokens = TokenServer.start(); TestRegistry registry = TestRegistry.withTokenAuth(tokens)) {
      TestImages.Image image = TestImages.ociLayout(work, TestImages.Layer.random(1000));
      Skopeo.of(registry).push(image, "tok/app:v1");
      HttpClient client = registry.httpClient();
      URI manifest = registry.url().resolve("/v2/tok/app/manifests/v1");

      HttpResponse<String> challenged = client.send(HttpRequest.newBuilder(manifest).build(), ofString());
      Map<String, String> challenge = parse(challenged.headers().firstValue("WWW-Authenticate").orElseThrow());
      String token = fetchToken(client, challenge, Optional.empty()).get("token").asText();
      HttpResponse<String> retried = client.send(HttpRequest.newBuilder(manifest)
          .header("Authorization", "Bearer " + token).header("Accept", TestImages.OCI_MANIFEST).build(), ofString());

      assertThat(challenged.statusCode()).isEqualTo(401);
      assertThat(challenge).containsEntry("realm", tokens.realm().toString())
          .containsEntry("service", tokens.service()).containsEntry("scope", "repository:tok/app:pull");
      assertThat(retried.statusCode()).isEqualTo(200);
      assertThat(retried.headers().firstValue("Docker-Content-Digest")).hasValue(image.manifest().digest());
      assertThat(tokens.scopesRequested()).contains("repository:tok/app:pull,push", "repository:tok/app:pull");
    }
  }

  @Test
  void tlsAndTokenAuth_skopeoPushWithTheCa_getsTokensAndLandsTheImage() {
    try (TokenServer tokens = TokenServer.start();
         TestRegistry registry = TestRegistry.builder().tls().tokenAuth(tokens).start()) {
      TestImages.Image image = TestImages.ociLayout(work, TestImages.Layer.random(500));

      String digest = Skopeo.of(registry).push(image, "tls/tok:v1");

      assertThat(registry.url().getScheme()).isEqualTo("https");
      assertThat(digest).isEqualTo(image.manifest().digest());
      assertThat(tokens.requests()).isNotEmpty().allSatisfy(request -> assertThat(request.status()).isEqualTo(200));
    }
  }

  @Test
  void tokenAuth_realmBehindAFaultProxy_challengeNamesTheProxyAndItsFaultReachesTheClient() throws Exception {
    try (TokenServer tokens = TokenServer.start();
         FaultProxy proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + tokens.realm().getPort()),
             SSLContext.getDefault());
         TestRegistry registry = TestRegistry.builder().tokenAuth(tokens, proxy.url().resolve("/token")).start()) {
      FaultRule flaky = proxy.on("GET", "/token").nth(1).respond(503);
      HttpClient client = registry.httpClient();
      HttpResponse<String> challenged = client.send(
          HttpRequest.newBuilder(registry.url().resolve("/v2/_catalog")).build(), ofString());
      Map<String, String> challenge = parse(challenged.headers().firstValue("WWW-Authenticate").orElseThrow());

      int first = tokenStatus(client, challenge, Optional.empty());
      String token = fetchToken(client, challenge, Optional.empty()).get("token").asText();
      HttpResponse<String> catalog = client.send(HttpRequest.newBuilder(registry.url().resolve("/v2/_catalog"))
          .header("Authorization", "Bearer " + token).build(), ofString());

      assertThat(challenge.get("realm")).isEqualTo(proxy.url() + "/token");
      assertThat(first).isEqualTo(503);
      assertThat(catalog.statusCode()).isEqualTo(200);
      assertThat(flaky.fired()).isEqualTo(1);
      assertThat(tokens.requests()).hasSize(1);
    }
  }

  @Test
  void token_afterItsLifetime_registryRefusesItAsInvalid() throws Exception {
    try (TokenServer tokens = TokenServer.builder().lifetime(Duration.ofSeconds(2)).start();
         TestRegistry registry = TestRegistry.withTokenAuth(tokens)) {
      String token = tokens.issue(Optional.empty(), List.of("registry:catalog:*"));
      HttpRequest catalog = HttpRequest.newBuilder(registry.url().resolve("/v2/_catalog"))
          .header("Authorization", "Bearer " + token).build();

      HttpResponse<String> fresh = registry.httpClient().send(catalog, ofString());
      TestRegistry.sleep(Duration.ofSeconds(3));
      HttpResponse<String> expired = registry.httpClient().send(catalog, ofString());

      assertThat(fresh.statusCode()).isEqualTo(200);
      assertThat(expired.statusCode()).isEqualTo(401);
      assertThat(expired.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_token\"");
    }
  }

  @Test
  void tokenEndpoint_credentialsRequired_refusesAnonymousAndWrongPasswordAndServesTheUser() throws Exception {
    try (TokenServer tokens = TokenServer.builder().credentials("bob", "pw").start();
         TestRegistry registry = TestRegistry.withTokenAuth(tokens)) {
      HttpClient client = HttpClient.newHttpClient();
      Map<String, String> challenge = Map.of("realm", tokens.realm().toString(), "service", tokens.service(),
          "scope", "repository:priv/app:pull,push");

      assertThat(tokenStatus(client, challenge, Optional.empty())).isEqualTo(401);
      assertThat(tokenStatus(client, challenge, Optional.of("bob:wrong"))).isEqualTo(401);
      assertThat(tokenStatus(client, challenge, Optional.of("bob:pw"))).isEqualTo(200);
      assertThat(tokens.requests()).extracting(TokenServer.TokenRequest::status).containsExactly(401, 401, 200);
      TestImages.Image image = TestImages.ociLayout(work, TestImages.Layer.random(100));
      assertThatThrownBy(() -> Skopeo.of(registry).push(image, "priv/app:v1"))
          .hasMessageContaining("unable to retrieve auth token");
      assertThat(Skopeo.of(registry).withCredentials("bob", "pw").push(image, "priv/app:v1"))
          .isEqualTo(image.manifest().digest());
    }
  }

  @Test
  void refreshToken_postGrant_issuesAWorkingToken() throws Exception {
    try (TokenServer tokens = TokenServer.builder().credentials("bob", "pw").start();
         TestRegistry registry = TestRegistry.withTokenAuth(tokens)) {
      HttpClient client = registry.httpClient();
      Map<String, String> challenge = new LinkedHashMap<>(Map.of("realm", tokens.realm().toString(),
          "service", tokens.service(), "scope", "registry:catalog:*"));
      challenge.put("offline_token", "true");
      String refresh = fetchToken(client, challenge, Optional.of("bob:pw")).get("refresh_token").asText();

      String form = "grant_type=refresh_token&refresh_token=" + refresh + "&service=" + tokens.service()
          + "&scope=registry%3Acatalog%3A*&client_id=berth-test";
      HttpResponse<String> refreshed = client.send(HttpRequest.newBuilder(tokens.realm())
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), ofString());
      String token = JSON.readTree(refreshed.body()).get("access_token").asText();
      HttpResponse<String> catalog = client.send(HttpRequest.newBuilder(registry.url().resolve("/v2/_catalog"))
          .header("Authorization", "Bearer " + token).build(), ofString());

      assertThat(refreshed.statusCode()).isEqualTo(200);
      assertThat(catalog.statusCode()).isEqualTo(200);
      assertThat(tokens.requests().getLast().refresh()).isTrue();
      assertThat(tokens.requests().getLast().user()).hasValue("bob");
    }
  }

  private static JsonNode fetchToken(HttpClient client, Map<String, String> challenge, Optional<String> basic)
      throws Exception {
    HttpResponse<String> answer = client.send(tokenRequest(challenge, basic), ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private static int tokenStatus(HttpClient client, Map<String, String> challenge, Optional<String> basic)
      throws Exception {
    return client.send(tokenRequest(challenge, basic), ofString()).statusCode();
  }

  private static HttpRequest tokenRequest(Map<String, String> challenge, Optional<String> basic) {
    StringBuilder query = new StringBuilder("?service=" + encode(challenge.get("service")));
    query.append("&scope=").append(encode(challenge.get("scope")));
    if (challenge.containsKey("offline_token")) {
      query.append("&offline_token=true");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(challenge.get("realm") + query));
    basic.ifPresent(creds -> request.header("Authorization",
        "Basic " + Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8))));
    return request.build();
  }

  private static Map<String, String> parse(String challenge) {
    assertThat(challenge).startsWith("Bearer ");
    Map<String, String> params = new LinkedHashMap<>();
    Matcher matcher = PARAM.matcher(challenge);
    while (matcher.find()) {
      params.put(matcher.group(1), matcher.group(2));
    }
    return params;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }
}
