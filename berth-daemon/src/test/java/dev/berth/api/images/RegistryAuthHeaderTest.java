package dev.berth.api.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.registry.auth.Credential;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryAuthHeaderTest {
  private static String url(String json) {
    return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void decode_absentOrEmpty_isNullSoTheEngineUsesConfigJson() {
    assertThat(RegistryAuthHeader.decode(null)).isNull();
    assertThat(RegistryAuthHeader.decode("")).isNull();
    assertThat(RegistryAuthHeader.decode(url("{}"))).isNull();
    assertThat(RegistryAuthHeader.decode(url("{\"serveraddress\":\"127.0.0.1:5000\"}"))).isNull();
  }

  @Test
  void decode_dockerCliUserAndPassword_givesUserPassword() {
    // the docker CLI's encoding: URL-safe base64, padded; '?' and '>' make '_' and '-' appear
    String header = url("{\"username\":\"bob\",\"password\":\"p?>w~~\",\"serveraddress\":\"127.0.0.1:5000\"}");
    assertThat(header).containsAnyOf("_", "-");
    assertThat(RegistryAuthHeader.decode(header)).isEqualTo(new Credential.UserPassword("bob", "p?>w~~"));
  }

  @Test
  void decode_standardAlphabetUnpadded_isReadToo() {
    String header = Base64.getEncoder().withoutPadding().encodeToString("{\"username\":\"al\",\"password\":\"x\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(RegistryAuthHeader.decode(header)).isEqualTo(new Credential.UserPassword("al", "x"));
  }

  @Test
  void decode_identityToken_winsOverUsername() {
    assertThat(RegistryAuthHeader.decode(url("{\"username\":\"bob\",\"identitytoken\":\"refresh-1\"}")))
        .isEqualTo(new Credential.IdentityToken("refresh-1"));
  }

  @Test
  void decode_authMember_isSplitIntoUserAndPassword() {
    String auth = Base64.getEncoder().encodeToString("bob:s3:cret".getBytes(StandardCharsets.UTF_8));
    assertThat(RegistryAuthHeader.decode(url("{\"auth\":\"" + auth + "\"}"))).isEqualTo(new Credential.UserPassword("bob", "s3:cret"));
  }

  @Test
  void decode_notBase64OrNotJson_isInvalidArgumentNamingTheHeader() {
    assertThatThrownBy(() -> RegistryAuthHeader.decode("%%%not base64%%%"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageStartingWith("invalid X-Registry-Auth header: it is not base64");
    assertThatThrownBy(() -> RegistryAuthHeader.decode(url("bob:pw")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("X-Registry-Auth").hasMessageContaining("JSON object");
    assertThatThrownBy(() -> RegistryAuthHeader.decode(url("{\"username\":")))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("X-Registry-Auth header: its JSON is malformed");
  }
}
