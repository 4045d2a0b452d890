package dev.berth.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.DaemonClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryAuthTest {
  @TempDir Path tmp;

  @Test
  void registryOf_imageNames_byDockersRule() {
    assertThat(RegistryAuth.registryOf("busybox")).isEqualTo("docker.io");
    assertThat(RegistryAuth.registryOf("user/app")).isEqualTo("docker.io");
    assertThat(RegistryAuth.registryOf("127.0.0.1:5000/demo/app")).isEqualTo("127.0.0.1:5000");
    assertThat(RegistryAuth.registryOf("localhost/app")).isEqualTo("localhost");
    assertThat(RegistryAuth.registryOf("ghcr.io/o/r")).isEqualTo("ghcr.io");
  }

  @Test
  void serverKey_dockerHubNamesAndUrls_areDockersKeys() {
    assertThat(RegistryAuth.serverKey(null)).isEqualTo("https://index.docker.io/v1/");
    assertThat(RegistryAuth.serverKey("docker.io")).isEqualTo("https://index.docker.io/v1/");
    assertThat(RegistryAuth.serverKey("https://127.0.0.1:5000/v2/")).isEqualTo("127.0.0.1:5000");
    assertThat(RegistryAuth.serverKey("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
  }

  @Test
  void header_isUrlSafeBase64OfDockersAuthConfig() throws Exception {
    String header = RegistryAuth.header(new Login("127.0.0.1:5000", "bob", "p?>w", ""));
    JsonNode json = DaemonClient.mapper().readTree(Base64.getUrlDecoder().decode(header));
    assertThat(json.toString()).isEqualTo("{\"username\":\"bob\",\"password\":\"p?>w\",\"serveraddress\":\"127.0.0.1:5000\"}");
  }

  @Test
  void putAuthAndWrite_keepsOtherKeys_mode0600_readsBack() throws Exception {
    Path file = tmp.resolve("docker/config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"proxies\":{\"default\":{\"httpProxy\":\"http://p:3128\"}},\"auths\":{\"other:1\":{\"auth\":\"eDp5\"}}}");
    ClientConfig config = ClientConfig.read(file);
    config.putAuth(new Login("127.0.0.1:5000", "bob", "pw", ""));
    config.write();
    JsonNode written = DaemonClient.mapper().readTree(Files.readString(file));
    assertThat(written.path("proxies").path("default").path("httpProxy").asText()).isEqualTo("http://p:3128");
    assertThat(written.path("auths").path("other:1").path("auth").asText()).isEqualTo("eDp5");
    assertThat(written.path("auths").path("127.0.0.1:5000").path("auth").asText())
        .isEqualTo(Base64.getEncoder().encodeToString("bob:pw".getBytes(StandardCharsets.UTF_8)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(RegistryAuth.lookup(ClientConfig.read(file), "127.0.0.1:5000")).contains(new Login("127.0.0.1:5000", "bob", "pw", ""));

    ClientConfig again = ClientConfig.read(file);
    assertThat(again.removeAuth("127.0.0.1:5000")).isTrue();
    again.write();
    assertThat(RegistryAuth.lookup(ClientConfig.read(file), "127.0.0.1:5000")).isEmpty();
    assertThat(Files.readString(file)).contains("other:1", "httpProxy");
  }

  @Test
  void defaultFile_dockerConfigThenHome() {
    assertThat(ClientConfig.defaultFile(Map.of("DOCKER_CONFIG", "/x", "HOME", "/h"))).isEqualTo(Path.of("/x/config.json"));
    assertThat(ClientConfig.defaultFile(Map.of("HOME", "/h"))).isEqualTo(Path.of("/h/.docker/config.json"));
  }

  @Test
  void helperFor_credHelpersWinOverCredsStore() throws Exception {
    Path file = tmp.resolve("config.json");
    Files.writeString(file, "{\"credsStore\":\"pass\",\"credHelpers\":{\"ghcr.io\":\"gh\"}}");
    ClientConfig config = ClientConfig.read(file);
    assertThat(config.helperFor("ghcr.io")).contains("gh");
    assertThat(config.helperFor("127.0.0.1:5000")).contains("pass");
  }

  @Test
  void nameAndTag_splitAsTheDockerCliSendsThem() {
    assertThat(ImagePull.NameAndTag.of("busybox")).isEqualTo(new ImagePull.NameAndTag("busybox", "latest", true));
    assertThat(ImagePull.NameAndTag.of("127.0.0.1:5000/app:v1")).isEqualTo(new ImagePull.NameAndTag("127.0.0.1:5000/app", "v1", false));
    assertThat(ImagePull.NameAndTag.of("127.0.0.1:5000/app")).isEqualTo(new ImagePull.NameAndTag("127.0.0.1:5000/app", "latest", true));
    String digest = "sha256:" + "a".repeat(64);
    assertThat(ImagePull.NameAndTag.of("app@" + digest).full()).isEqualTo("app@" + digest);
    assertThat(PullCommand.fullName("busybox:latest")).isEqualTo("docker.io/library/busybox:latest");
    assertThat(PullCommand.fullName("127.0.0.1:5000/app:v1")).isEqualTo("127.0.0.1:5000/app:v1");
  }

  @Test
  void pullOutput_offTerminal_skipsProgressBars() throws Exception {
    java.io.StringWriter text = new java.io.StringWriter();
    PullOutput out = new PullOutput(new java.io.PrintWriter(text), false);
    out.print(DaemonClient.mapper().readTree("{\"status\":\"Pulling from app\",\"id\":\"v1\"}"));
    out.print(DaemonClient.mapper().readTree("{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"progress\":\"[>  ] 1B/2B\",\"id\":\"abc\"}"));
    out.print(DaemonClient.mapper().readTree("{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"abc\"}"));
    out.print(DaemonClient.mapper().readTree("{\"status\":\"Digest: sha256:1\"}"));
    assertThat(text.toString()).isEqualTo("v1: Pulling from app\nabc: Pull complete\nDigest: sha256:1\n");
  }
}
