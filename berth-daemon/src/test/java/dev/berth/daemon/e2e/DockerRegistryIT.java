package dev.berth.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.RegistryOptions;
import dev.berth.registry.testing.Skopeo;
import dev.berth.registry.testing.TestImages;
import dev.berth.registry.testing.TestRegistry;
import dev.berth.registry.testing.TokenServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The docker CLI 28 against berthd and real registries (Debian's docker-registry): docker pull from a plain
 * registry holding an image skopeo pushed, docker run of an image not in the store (the CLI pulls it), and docker
 * login then pull against htpasswd basic auth over TLS, whose test CA berthd trusts through its certs.d directory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerRegistryIT {
  private static final String USER = "bob";
  private static final String PASSWORD = "s3cret-pw";

  private Path work;
  private TestRegistry plain;
  private TestRegistry secure;
  private ContainerDaemon d;
  private TestImages.Image image;

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory("berth-regit-");
    plain = TestRegistry.start();
    secure = TestRegistry.withBasicAuth(USER, PASSWORD);
    Path certsDir = work.resolve("certs.d");
    Files.createDirectories(certsDir.resolve(secure.host()));
    Files.copy(secure.caCertificate(), certsDir.resolve(secure.host()).resolve("ca.crt"));
    image = TestImages.ociLayout(work.resolve("layout"), "latest", List.of("/bin/sh"),
        List.of(TestImages.Layer.tar(BusyboxTar.write(work), TestImages.Compression.GZIP), TestImages.Layer.random(300_000)));
    Skopeo.of(plain).push(image, "demo/app:v1");
    Skopeo.of(secure).withCredentials(USER, PASSWORD).push(image, "private/app:v1");
    d = ContainerDaemon.start(null, new RegistryOptions(Set.of(), List.of(), certsDir));
  }

  @AfterEach
  void clean() throws Exception {
    if (d != null) d.removeAll();
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (d != null) d.close();
    } finally {
      try {
        if (plain != null) plain.close();
      } finally {
        if (secure != null) secure.close();
        dev.berth.sys.FileTrees.delete(work);
      }
    }
  }

  @Test
  void dockerPull_plainRegistry_showsLayersThenDigestAndStatus() throws Exception {
    String ref = plain.host() + "/demo/app:v1";
    ContainerDaemon.Result r = d.ok("pull", ref);
    String first = image.layers().getFirst().blob().digest().substring(7, 19);
    assertThat(r.out()).contains("v1: Pulling from demo/app", first + ": Pull complete",
        "Digest: " + image.manifest().digest(), "Status: Downloaded newer image for " + ref, ref);
    assertThat(d.ok("image", "inspect", "-f", "{{.Id}} {{index .RepoDigests 0}}", ref).out().strip())
        .isEqualTo(image.config().digest() + " " + plain.host() + "/demo/app@" + image.manifest().digest());

    ContainerDaemon.Result again = d.ok("pull", ref);
    assertThat(again.out()).contains("Status: Image is up to date for " + ref).doesNotContain("Pull complete", "Already exists");
    d.ok("rmi", ref);
  }

  @Test
  void dockerPush_taggedBusybox_isStoredWithTheDigestDockerPrints() throws Exception {
    String ref = plain.host() + "/pushed/busybox:v1";
    d.ok("tag", "busybox:latest", ref);
    try {
      ContainerDaemon.Result r = d.ok("push", ref);
      assertThat(r.out()).contains("The push refers to repository [" + plain.host() + "/pushed/busybox]", ": Pushed");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("v1: digest: (sha256:[0-9a-f]{64}) size: \\d+").matcher(r.out());
      assertThat(m.find()).as(r.out()).isTrue();
      String inspected = Skopeo.of(plain).inspect("pushed/busybox:v1");
      assertThat(inspected).contains("\"Digest\": \"" + m.group(1) + "\"");
      assertThat(d.ok("push", ref).out()).contains(": Layer already exists");
    } finally {
      d.ok("rmi", ref);
    }
  }

  @Test
  void dockerPushAllTags_everyLocalTagOfTheRepository_isInTheRegistryWithTheDigestDockerPrints() throws Exception {
    String app = plain.host() + "/demo/app:v1";
    String repo = plain.host() + "/every/tag";
    d.ok("pull", app);
    d.ok("tag", "busybox:latest", repo + ":v1");
    d.ok("tag", "busybox:latest", repo + ":v2");
    d.ok("tag", app, repo + ":app");
    d.ok("tag", "busybox:latest", plain.host() + "/every/other:v1");
    try {
      ContainerDaemon.Result r = d.ok("push", "--all-tags", repo);

      assertThat(r.out()).contains("The push refers to repository [" + repo + "]").doesNotContain("Using default tag");
      java.util.Map<String, String> printed = new java.util.TreeMap<>();
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\S+): digest: (sha256:[0-9a-f]{64}) size: \\d+").matcher(r.out());
      while (m.find()) printed.put(m.group(1), m.group(2));
      assertThat(printed).as(r.out()).containsOnlyKeys("app", "v1", "v2");
      assertThat(printed.get("app")).isEqualTo(image.manifest().digest());
      assertThat(printed.get("v2")).isEqualTo(printed.get("v1")).isNotEqualTo(printed.get("app"));
      Skopeo skopeo = Skopeo.of(plain);
      assertThat(skopeo.listTags("every/tag")).containsExactlyInAnyOrder("app", "v1", "v2");
      printed.forEach((tag, digest) -> assertThat(skopeo.digest("every/tag:" + tag)).as(tag).isEqualTo(digest));

      ContainerDaemon.Result tagged = d.docker("push", "-a", repo + ":v1");
      assertThat(tagged.exit()).as(tagged.both()).isNotZero();
      assertThat(tagged.err()).contains("tag can't be used with --all-tags/-a");
    } finally {
      d.ok("rmi", app, repo + ":v1", repo + ":v2", repo + ":app", plain.host() + "/every/other:v1");
    }
  }

  @Test
  void dockerPull_unknownTag_failsWithTheRegistrysMessage() throws Exception {
    ContainerDaemon.Result r = d.docker("pull", plain.host() + "/demo/app:nope");
    assertThat(r.exit()).as(r.both()).isNotZero();
    assertThat(r.err()).contains("Error response from daemon").contains("manifest unknown");
  }

  @Test
  void dockerRun_imageNotInStore_isPulledThenRuns() throws Exception {
    String ref = plain.host() + "/demo/app:v1";
    ContainerDaemon.Result r = d.docker("run", "--rm", ref, "sh", "-c", "echo pulled-and-ran");
    assertThat(r.exit()).as(r.both()).isZero();
    assertThat(r.err()).contains("Unable to find image '" + ref + "' locally", "Status: Downloaded newer image for " + ref);
    assertThat(r.out()).contains("pulled-and-ran");
    d.ok("rmi", ref);
  }

  @Test
  void dockerLogin_tokenRegistryWithRefreshTokens_keepsTheIdentityTokenAndPushesWithIt() throws Exception {
    try (TokenServer tokens = TokenServer.builder().credentials(USER, PASSWORD).start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens)) {
      ContainerDaemon.Result login = d.ok("login", "-u", USER, "-p", PASSWORD, registry.host());
      assertThat(login.out()).contains("Login Succeeded");
      String config = Files.readString(d.root().resolve("docker-config/config.json"));
      String passwordAuth = java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertThat(config).contains(registry.host(), "\"identitytoken\"").doesNotContain(passwordAuth);

      String ref = registry.host() + "/team/busybox:v1";
      d.ok("tag", "busybox:latest", ref);
      int before = tokens.requests().size();
      try {
        ContainerDaemon.Result pushed = d.ok("push", ref);
        assertThat(pushed.out()).contains("v1: digest: sha256:");
        assertThat(tokens.requests().subList(before, tokens.requests().size()))
            .as("the push authenticates with the refresh token, not a password")
            .isNotEmpty().allMatch(r -> r.refresh() && r.status() == 200);
      } finally {
        d.ok("rmi", ref);
        d.ok("logout", registry.host());
      }
    }
  }

  @Test
  void dockerLoginThenPull_basicAuthOverTls_works() throws Exception {
    String ref = secure.host() + "/private/app:v1";
    ContainerDaemon.Result denied = d.docker("pull", ref);
    assertThat(denied.exit()).as(denied.both()).isNotZero();

    ContainerDaemon.Result login = d.ok("login", "-u", USER, "-p", PASSWORD, secure.host());
    assertThat(login.out()).contains("Login Succeeded");
    assertThat(Files.readString(d.root().resolve("docker-config/config.json"))).contains(secure.host());
    try {
      ContainerDaemon.Result pulled = d.ok("pull", ref);
      assertThat(pulled.out()).contains("Status: Downloaded newer image for " + ref);
      d.ok("rmi", ref);
    } finally {
      d.ok("logout", secure.host());
    }
  }

  @Test
  void dockerLogin_wrongPassword_failsWithDockersMessage() throws Exception {
    ContainerDaemon.Result r = d.docker("login", "-u", USER, "-p", "wrong", secure.host());
    assertThat(r.exit()).as(r.both()).isNotZero();
    assertThat(r.err()).contains("Error response from daemon: login attempt to https://" + secure.host()
        + "/v2/ failed with status: 401 Unauthorized");
  }
}
