package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

class ApiVersionTest {
  @Test
  void split_unversionedPath_usesCurrentVersion() {
    ApiVersion.Split s = ApiVersion.split("/images/json");
    assertThat(s.version()).isEqualTo(ApiVersion.CURRENT);
    assertThat(s.path()).isEqualTo("/images/json");
  }

  @Test
  void split_supportedPrefixes_stripTheVersion() {
    assertThat(ApiVersion.split("/v1.24/info")).isEqualTo(new ApiVersion.Split(new ApiVersion(1, 24), "/info"));
    assertThat(ApiVersion.split("/v1.47/_ping")).isEqualTo(new ApiVersion.Split(new ApiVersion(1, 47), "/_ping"));
  }

  @Test
  void split_newerVersion_isRejectedWithDockersMessage() {
    assertThatThrownBy(() -> ApiVersion.split("/v1.50/version"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("client version 1.50 is too new. Maximum supported API version is 1.47");
  }

  @Test
  void split_olderVersion_isRejectedWithDockersMessage() {
    assertThatThrownBy(() -> ApiVersion.split("/v1.23/version"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageStartingWith("client version 1.23 is too old. Minimum supported API version is 1.24");
  }

  @Test
  void compareTo_minorVersions_compareNumerically() {
    assertThat(new ApiVersion(1, 9)).isLessThan(new ApiVersion(1, 10));
    assertThat(new ApiVersion(1, 47).atLeast(new ApiVersion(1, 44))).isTrue();
  }
}
