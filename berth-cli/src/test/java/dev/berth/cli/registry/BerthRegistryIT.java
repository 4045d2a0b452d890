package dev.berth.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import dev.berth.registry.RegistryOptions;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestRegistry;
import dev.berth.registry.testing.TokenServer;
import dev.berth.testing.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * berth pull, login and logout, run in this process against a real berthd (vfs) and Debian's docker-registry: plain,
 * and htpasswd basic auth over TLS whose test CA berthd trusts through its certs.d directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BerthRegistryIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "pw-for-alice";

  private Path work;
  private TestRegistry plain;
  private TestRegistry secure;
  private RunningDaemon daemon;
  private TestImages.Image image;
  private Map<String, String> env;

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory("berth-cli-reg-");
    plain = TestRegistry.start();
    secure = TestRegistry.withBasicAuth(USER, PASSWORD);
    Path certsDir = work.resolve("certs.d");
    Files.createDirectories(certsDir.resolve(secure.host()));
    Files.copy(secure.caCertificate(), certsDir.resolve(secure.host()).resolve("ca.crt"));
    image = TestImages.ociLayout(work.resolve("layout"), TestImages.Layer.random(200_000), TestImages.Layer.random(4096, TestImages.Compression.ZSTD));
    Skopeo.of(plain).push(image, "cli/app:v1");
    Skopeo.of(secure).withCredentials(USER, PASSWORD).push(image, "team/app:v1");
    daemon = Berthd.start(DaemonConfig.forTest(work.resolve("berthd")).withRegistry(new RegistryOptions(Set.of(), List.of(), certsDir)));
    env = Map.of("BERTH_HOST", daemon.dockerHost(), "DOCKER_CONFIG", work.resolve("docker").toString(), "HOME", work.toString());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (daemon != null) daemon.close();
    } finally {
      try {
        if (plain != null) plain.close();
      } finally {
        if (secure != null) secure.close();
        dev.berth.sys.FileTrees.delete(work);
      }
    }
  }

  private CliRun berth(byte[] stdin, String... args) {
    return CliRun.run(env, stdin, false, Clock.systemUTC(), args);
  }

  private CliRun ok(String... args) {
    CliRun run = berth(new byte[0], args);
    assertThat(run.status()).as("berth %s\nout: %s\nerr: %s", String.join(" ", args), run.out(), run.err()).isZero();
    return run;
  }

  @Test
  void pull_plainRegistry_printsDockersLinesAndTheName() {
    String ref = plain.host() + "/cli/app:v1";
    CliRun run = ok("pull", ref);
    String layer = image.layers().getFirst().blob().digest().substring(7, 19);
    assertThat(run.out()).startsWith("v1: Pulling from cli/app\n").contains(layer + ": Pulling fs layer\n", layer + ": Pull complete\n",
        "Digest: " + image.manifest().digest() + "\n", "Status: Downloaded newer image for " + ref + "\n").endsWith(ref + "\n");
    assertThat(run.out()).doesNotContain("[=");
    assertThat(ok("images", "-q", "--no-trunc", ref).out().strip()).isEqualTo(image.config().digest());
    assertThat(ok("pull", "-q", ref).out()).isEqualTo(ref + "\n");
    ok("rmi", ref);
  }

  @Test
  void pull_noTag_usesLatestAndSaysSo() {
    CliRun run = berth(new byte[0], "pull", plain.host() + "/cli/app");
    assertThat(run.status()).isNotZero();
    assertThat(run.out()).startsWith("Using default tag: latest\n");
    assertThat(run.err()).contains("Error response from daemon:", "manifest unknown");
  }

  @Test
  void login_passwordStdin_storesAuthsThenPullAndLogout() throws Exception {
    String ref = secure.host() + "/team/app:v1";
    Path config = work.resolve("docker/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "{\"psFormat\":\"table {{.ID}}\"}");
    assertThat(berth(new byte[0], "pull", ref).status()).isNotZero();

    CliRun login = berth((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), "login", "-u", USER, "--password-stdin", secure.host());
    assertThat(login.status()).as(login.err()).isZero();
    assertThat(login.out()).isEqualTo("Login Succeeded\n");
    String written = Files.readString(config);
    assertThat(written).contains("psFormat", secure.host(),
        java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-------");

    assertThat(ok("pull", ref).out()).contains("Status: Downloaded newer image for " + ref);
    ok("rmi", ref);

    assertThat(ok("logout", secure.host()).out()).isEqualTo("Removing login credentials for " + secure.host() + "\n");
    assertThat(Files.readString(config)).doesNotContain(secure.host()).contains("psFormat");
    assertThat(ok("logout", secure.host()).out()).isEqualTo("Not logged in to " + secure.host() + "\n");
  }

  @Test
  void push_sameRegistryOtherRepository_mountsFromTheSourceAndPrintsTheDigest() throws Exception {
    String source = plain.host() + "/cli/app:v1";
    String target = plain.host() + "/cli/copy:v2";
    ok("pull", source);
    ok("tag", source, target);
    try {
      CliRun run = ok("push", target);

      String layer = image.layers().getFirst().blob().digest().substring(7, 19);
      assertThat(run.out()).startsWith("The push refers to repository [" + plain.host() + "/cli/copy]\n")
          .contains(layer + ": Preparing\n", layer + ": Mounted from cli/app\n")
          .endsWith("v2: digest: " + image.manifest().digest() + " size: " + image.manifest().size() + "\n");
      assertThat(skopeoDigest(Skopeo.of(plain), "cli/copy:v2")).isEqualTo(image.manifest().digest());
      assertThat(ok("push", target).out()).contains(layer + ": Layer already exists\n");
      assertThat(ok("push", "-q", target).out()).isEqualTo(target + "\n");
    } finally {
      berth(new byte[0], "rmi", source, target);
    }
  }

  @Test
  void push_basicAuthRegistryAfterLogin_uploadsEveryLayer() throws Exception {
    String source = plain.host() + "/cli/app:v1";
    String target = secure.host() + "/team/pushed";
    ok("pull", source);
    ok("tag", source, target);
    try {
      CliRun refused = berth(new byte[0], "push", target);
      assertThat(refused.status()).isEqualTo(1);
      assertThat(refused.err()).doesNotContain("Error response from daemon").contains("unauthorized: the registry asks for basic auth", "berth login " + secure.host());

      CliRun login = berth((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), "login", "-u", USER, "--password-stdin", secure.host());
      assertThat(login.status()).as(login.err()).isZero();
      CliRun run = ok("push", target);

      String layer = image.layers().getLast().blob().digest().substring(7, 19);
      assertThat(run.out()).startsWith("Using default tag: latest\nThe push refers to repository [" + secure.host() + "/team/pushed]\n")
          .contains(layer + ": Pushed\n").doesNotContain("[=")
          .endsWith("latest: digest: " + image.manifest().digest() + " size: " + image.manifest().size() + "\n");
      assertThat(skopeoDigest(Skopeo.of(secure).withCredentials(USER, PASSWORD), "team/pushed:latest")).isEqualTo(image.manifest().digest());
    } finally {
      berth(new byte[0], "logout", secure.host());
      berth(new byte[0], "rmi", source, target);
    }
  }

  @Test
  void pushAllTags_twoImagesThreeTags_pushesEachTagWithItsDigestAndSkopeoListsThem() throws Exception {
    String source = plain.host() + "/cli/app:v1";
    String other = plain.host() + "/cli/other:v1";
    String repo = plain.host() + "/cli/every";
    TestImages.Image second = TestImages.ociLayout(work.resolve("layout-other"), TestImages.Layer.random(50_000));
    Skopeo.of(plain).push(second, "cli/other:v1");
    ok("pull", source);
    ok("pull", other);
    ok("tag", source, repo + ":a");
    ok("tag", source, repo + ":b");
    ok("tag", other, repo + ":c");
    try {
      CliRun run = ok("push", "--all-tags", repo);

      assertThat(run.out()).startsWith("The push refers to repository [" + repo + "]\n")
          .contains("a: digest: " + image.manifest().digest() + " size: " + image.manifest().size() + "\n",
              "b: digest: " + image.manifest().digest() + " size: " + image.manifest().size() + "\n",
              "c: digest: " + second.manifest().digest() + " size: " + second.manifest().size() + "\n")
          .doesNotContain("Using default tag");
      assertThat(run.out().indexOf("a: digest:")).isLessThan(run.out().indexOf("b: digest:"));
      assertThat(run.out().indexOf("b: digest:")).isLessThan(run.out().indexOf("c: digest:"));
      Skopeo skopeo = Skopeo.of(plain);
      assertThat(skopeo.listTags("cli/every")).containsExactlyInAnyOrder("a", "b", "c");
      assertThat(skopeo.digest("cli/every:a")).isEqualTo(image.manifest().digest());
      assertThat(skopeo.digest("cli/every:b")).isEqualTo(image.manifest().digest());
      assertThat(skopeo.digest("cli/every:c")).isEqualTo(second.manifest().digest());
      assertThat(ok("push", "-a", "-q", repo).out()).isEqualTo(repo + "\n");

      CliRun tagged = berth(new byte[0], "push", "--all-tags", repo + ":a");
      assertThat(tagged.status()).isEqualTo(1);
      assertThat(tagged.err()).contains("tag can't be used with --all-tags/-a");
      CliRun none = berth(new byte[0], "push", "-a", plain.host() + "/cli/nothing");
      assertThat(none.status()).isEqualTo(1);
      assertThat(none.err()).contains("An image does not exist locally with the tag: " + plain.host() + "/cli/nothing");
    } finally {
      berth(new byte[0], "rmi", source, other, repo + ":a", repo + ":b", repo + ":c");
    }
  }

  @Test
  void push_noSuchImage_printsTheDaemonsMessageAndExits1() {
    CliRun run = berth(new byte[0], "push", plain.host() + "/cli/absent:v1");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("An image does not exist locally with the tag: " + plain.host() + "/cli/absent");
  }

  @Test
  void push_otherSchemeOrSeveralImagesToARegistry_refused() {
    CliRun scheme = berth(new byte[0], "push", "tcp://host", "app:v1");
    assertThat(scheme.status()).isEqualTo(1);
    assertThat(scheme.err()).contains("push tcp://host: invalid reference format");
    CliRun two = berth(new byte[0], "push", plain.host() + "/cli/a:v1", plain.host() + "/cli/b:v1");
    assertThat(two.status()).isEqualTo(1);
    assertThat(two.err()).contains("to a registry takes exactly 1 image");
    CliRun none = berth(new byte[0], "push", "ssh://root@127.0.0.1:1");
    assertThat(none.status()).isEqualTo(1);
    assertThat(none.err()).contains("name at least one image to send");
  }

  @Test
  void login_tokenRegistryWithRefreshTokens_keepsTheIdentityTokenAndPullsAndPushesWithIt() throws Exception {
    try (TokenServer tokens = TokenServer.builder().credentials(USER, PASSWORD).start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens)) {
      CliRun login = berth((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), "login", "-u", USER, "--password-stdin", registry.host());
      assertThat(login.status()).as(login.err()).isZero();
      String config = Files.readString(work.resolve("docker/config.json"));
      assertThat(config).contains("\"identitytoken\"")
          .doesNotContain(java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));

      String source = plain.host() + "/cli/app:v1";
      String target = registry.host() + "/team/app:v1";
      ok("pull", source);
      ok("tag", source, target);
      int before = tokens.requests().size();
      try {
        assertThat(ok("push", target).out()).contains("v1: digest: " + image.manifest().digest());
        ok("rmi", target);
        assertThat(ok("pull", target).out()).contains("Status: Downloaded newer image for " + target);
        assertThat(tokens.requests().subList(before, tokens.requests().size()))
            .as("the push and the pull spend the identity token on the refresh grant").isNotEmpty()
            .allMatch(r -> r.refresh() && r.status() == 200);
      } finally {
        berth(new byte[0], "rmi", source, target);
        berth(new byte[0], "logout", registry.host());
      }
    }
  }

  @Test
  void daemonListingTheRegistryInsecure_trustsNoCaAndStillLogsInAndPulls() throws Exception {
    Path home = work.resolve("insecure-daemon");
    try (RunningDaemon insecure = Berthd.start(DaemonConfig.forTest(home.resolve("berthd"))
        .withRegistry(new RegistryOptions(Set.of(secure.host()), List.of(), null)))) {
      Map<String, String> env2 = Map.of("BERTH_HOST", insecure.dockerHost(), "DOCKER_CONFIG", home.resolve("docker").toString(), "HOME", home.toString());
      String ref = secure.host() + "/team/app:v1";

      CliRun login = CliRun.run(env2, (PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), false, Clock.systemUTC(),
          "login", "-u", USER, "--password-stdin", secure.host());
      assertThat(login.status()).as(login.err()).isZero();
      CliRun pull = CliRun.run(env2, new byte[0], false, Clock.systemUTC(), "pull", ref);
      assertThat(pull.status()).as(pull.err()).isZero();
      assertThat(pull.out()).contains("Status: Downloaded newer image for " + ref);
    }
  }

  @Test
  void manifestInspect_singleManifest_printsItAsTheRegistryHoldsIt() throws Exception {
    String ref = plain.host() + "/cli/app:v1";
    CliRun run = ok("manifest", "inspect", ref);

    byte[] stored = Files.readAllBytes(image.blobPath(image.manifest().digest()));
    assertThat(run.out()).startsWith("{\n\t\"schemaVersion\": 2,\n");
    assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(stored));

    var verbose = JSON.readTree(ok("manifest", "inspect", "-v", ref).out());
    assertThat(verbose.path("Ref").asText()).isEqualTo(ref);
    assertThat(verbose.path("Descriptor").path("digest").asText()).isEqualTo(image.manifest().digest());
    assertThat(verbose.path("Descriptor").path("platform").path("architecture").asText()).isEqualTo("amd64");
    assertThat(java.util.Base64.getDecoder().decode(verbose.path("Raw").asText())).isEqualTo(stored);
    assertThat(verbose.path("OCIManifest").path("layers")).hasSize(2);
  }

  @Test
  void manifestInspect_indexPushedBySkopeo_printsTheIndexAndVerboseEachPlatform() throws Exception {
    var index = dev.berth.registry.testing.TestIndexes.ociIndex(work.resolve("multi"), "v1",
        List.of(TestImages.Platform.LINUX_AMD64, TestImages.Platform.LINUX_ARM64), List.of(TestImages.Layer.random(1000)));
    Skopeo.of(plain).pushAll(index, "cli/multi:v1", Skopeo.Format.OCI);
    String ref = plain.host() + "/cli/multi:v1";

    var plainOut = JSON.readTree(ok("manifest", "inspect", ref).out());
    assertThat(plainOut.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(plainOut.path("manifests").findValuesAsText("architecture")).containsExactly("amd64", "arm64");

    var verbose = JSON.readTree(ok("manifest", "inspect", "--verbose", ref).out());
    assertThat(verbose.isArray()).isTrue();
    assertThat(verbose).hasSize(2);
    String arm = index.image(TestImages.Platform.LINUX_ARM64).manifest().digest();
    assertThat(verbose.get(1).path("Ref").asText()).isEqualTo(ref + "@" + arm);
    assertThat(verbose.get(1).path("Descriptor").path("digest").asText()).isEqualTo(arm);
    assertThat(verbose.get(1).path("Descriptor").path("platform").path("variant").asText()).isEqualTo("v8");
    assertThat(verbose.get(1).path("OCIManifest").path("config").path("digest").asText())
        .isEqualTo(index.image(TestImages.Platform.LINUX_ARM64).config().digest());
  }

  @Test
  void manifestInspect_unknownTag_saysNoSuchManifest() {
    CliRun run = berth(new byte[0], "manifest", "inspect", plain.host() + "/cli/app:nope");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("no such manifest: " + plain.host() + "/cli/app:nope\n");
  }

  @Test
  void manifestInspect_basicAuthRegistry_usesTheLoginAndInsecureSkipsTheCertificateCheck() throws Exception {
    String ref = secure.host() + "/team/app:v1";
    CliRun untrusted = berth(new byte[0], "manifest", "inspect", ref);
    assertThat(untrusted.status()).isEqualTo(1);
    assertThat(untrusted.err()).contains("not trusted");
    CliRun anonymous = berth(new byte[0], "manifest", "inspect", "--insecure", ref);
    assertThat(anonymous.status()).isEqualTo(1);
    assertThat(anonymous.err()).contains("basic auth");

    CliRun login = berth((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8), "login", "-u", USER, "--password-stdin", secure.host());
    assertThat(login.status()).as(login.err()).isZero();
    try {
      var manifest = JSON.readTree(ok("manifest", "inspect", "--insecure", ref).out());
      assertThat(manifest.path("config").path("digest").asText()).isEqualTo(image.config().digest());
    } finally {
      berth(new byte[0], "logout", secure.host());
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  private static String skopeoDigest(Skopeo skopeo, String reference) throws Exception {
    return dev.berth.oci.Json.MAPPER.readTree(skopeo.inspect(reference)).get("Digest").asText();
  }

  @Test
  void login_wrongPassword_failsAndStoresNothing() throws Exception {
    CliRun run = berth("nope\n".getBytes(StandardCharsets.UTF_8), "login", "-u", USER, "--password-stdin", secure.host());
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains("Error response from daemon: login attempt to https://" + secure.host()
        + "/v2/ failed with status: 401 Unauthorized");
    Path config = work.resolve("docker/config.json");
    assertThat(Files.exists(config) ? Files.readString(config) : "").doesNotContain(secure.host());
  }
}
