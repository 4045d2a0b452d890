package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigTest {
  @TempDir Path dir;

  private DockerConfig config(String json) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return DockerConfig.read(file);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes());
  }

  @Test
  void lookup_authsEntryWithScheme_decodesUserAndPassword() throws IOException {
    DockerConfig c = config("{\"auths\":{\"https://localhost:5000\":{\"auth\":\"" + b64("alice:s3:cret") + "\"}}}");

    assertThat(c.lookup("localhost:5000")).isEqualTo(new Credential.UserPassword("alice", "s3:cret"));
    assertThat(c.lookup("localhost:5001")).isEqualTo(Credential.ANONYMOUS);
  }

  @Test
  void lookup_dockerHubLegacyKey_answersDockerIo() throws IOException {
    DockerConfig c = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("bob:pw") + "\"}}}");

    assertThat(c.lookup("docker.io")).isEqualTo(new Credential.UserPassword("bob", "pw"));
  }

  @Test
  void lookup_identityToken_isAnIdentityToken() throws IOException {
    DockerConfig c = config("{\"auths\":{\"reg.example\":{\"identitytoken\":\"refresh-me\"}}}");

    assertThat(c.lookup("reg.example")).isEqualTo(new Credential.IdentityToken("refresh-me"));
  }

  @Test
  void read_missingFile_isEmpty() {
    assertThat(DockerConfig.read(dir.resolve("nope.json")).lookup("docker.io")).isEqualTo(Credential.ANONYMOUS);
  }

  @Test
  void read_malformedFile_namesTheFile() throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, "{not json");

    assertThatThrownBy(() -> DockerConfig.read(file)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining(file.toString());
  }

  @Test
  void lookup_badBase64_namesTheRegistry() throws IOException {
    DockerConfig c = config("{\"auths\":{\"r.example\":{\"auth\":\"%%%\"}}}");

    assertThatThrownBy(() -> c.lookup("r.example")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("r.example");
  }

  @Test
  void lookup_credHelperForTheRegistry_runsTheHelper() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    String name = "berthtest" + ProcessHandle.current().pid();
    Path helper = bin.resolve("docker-credential-" + name);
    Files.writeString(helper, """
        #!/bin/sh
        read url
        if [ "$1" = get ] && [ "$url" = "helped.example:5000" ]; then
          printf '{"ServerURL":"%s","Username":"carol","Secret":"from-helper"}' "$url"
        else
          echo "credentials not found in native keychain"; exit 1
        fi
        """);
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path link = Path.of("/usr/local/bin/docker-credential-" + name);
    Files.createSymbolicLink(link, helper);
    try {
      DockerConfig c = config("{\"credHelpers\":{\"helped.example:5000\":\"" + name + "\"},\"credsStore\":\"" + name + "\","
          + "\"auths\":{\"other.example\":{\"auth\":\"" + b64("dave:file") + "\"}}}");

      assertThat(c.lookup("helped.example:5000")).isEqualTo(new Credential.UserPassword("carol", "from-helper"));
      assertThat(c.lookup("other.example")).isEqualTo(new Credential.UserPassword("dave", "file"));
      assertThat(c.lookup("none.example")).isEqualTo(Credential.ANONYMOUS);
    } finally {
      Files.deleteIfExists(link);
    }
  }
}
