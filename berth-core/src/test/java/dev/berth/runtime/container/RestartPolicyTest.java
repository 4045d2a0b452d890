package dev.berth.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Json;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  @Test
  void parse_eachPolicy_givesItsRecord() {
    assertThat(RestartPolicy.parse("no")).isEqualTo(new RestartPolicy.No());
    assertThat(RestartPolicy.parse("")).isEqualTo(RestartPolicy.NO);
    assertThat(RestartPolicy.parse(null)).isEqualTo(RestartPolicy.NO);
    assertThat(RestartPolicy.parse("always")).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(RestartPolicy.parse("unless-stopped")).isEqualTo(RestartPolicy.UNLESS_STOPPED);
    assertThat(RestartPolicy.parse("on-failure")).isEqualTo(new RestartPolicy.OnFailure(0));
    assertThat(RestartPolicy.parse("on-failure:5")).isEqualTo(new RestartPolicy.OnFailure(5));
  }

  @Test
  void parse_retryCountOnOtherPolicy_throws() {
    assertThatThrownBy(() -> RestartPolicy.parse("always:3"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'always:3'").hasMessageContaining("only be used with 'on-failure'");
  }

  @Test
  void parse_negativeOrNonNumericCount_throws() {
    assertThatThrownBy(() -> RestartPolicy.parse("on-failure:-1"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> RestartPolicy.parse("on-failure:x"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("must be an integer, got 'x'");
  }

  @Test
  void parse_unknownName_throwsListingChoices() {
    assertThatThrownBy(() -> RestartPolicy.parse("sometimes"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'sometimes'").hasMessageContaining("unless-stopped");
  }

  @Test
  void of_apiForm_validatesRetryCount() {
    assertThat(RestartPolicy.of("on-failure", 3)).isEqualTo(new RestartPolicy.OnFailure(3));
    assertThat(RestartPolicy.of("", 0)).isEqualTo(RestartPolicy.NO);
    assertThatThrownBy(() -> RestartPolicy.of("unless-stopped", 2)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void nameAndCount_matchDockerApiFields() {
    RestartPolicy p = RestartPolicy.parse("on-failure:4");
    assertThat(p.name()).isEqualTo("on-failure");
    assertThat(p.maximumRetryCount()).isEqualTo(4);
    assertThat(RestartPolicy.ALWAYS.maximumRetryCount()).isZero();
  }

  @Test
  void json_roundTrip_usesCliForm() {
    assertThat(Json.writeString(new RestartPolicy.OnFailure(2))).isEqualTo("\"on-failure:2\"");
    assertThat(Json.read("\"unless-stopped\"", RestartPolicy.class)).isEqualTo(RestartPolicy.UNLESS_STOPPED);
    assertThat(Json.read("\"on-failure:2\"", RestartPolicy.class)).isEqualTo(new RestartPolicy.OnFailure(2));
  }
}
