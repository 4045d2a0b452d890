package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChallengesTest {
  @Test
  void parse_bearerWithQuotedCommaInScope_keepsAllParameters() {
    List<Challenge> parsed = Challenges.parse(List.of(
        "Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\""));

    assertThat(parsed).containsExactly(
        new Challenge.Bearer("https://auth.example/token", "registry.example", "repository:a/b:pull,push"));
  }

  @Test
  void parse_basicAndBearerInOneHeader_putsBearerFirst() {
    List<Challenge> parsed = Challenges.parse(List.of("Basic realm=\"Registry Realm\", Bearer realm=\"http://127.0.0.1:1/t\""));

    assertThat(parsed).containsExactly(new Challenge.Bearer("http://127.0.0.1:1/t", null, null), new Challenge.Basic("Registry Realm"));
  }

  @Test
  void parse_unknownSchemeAndBearerWithoutRealm_giveNothing() {
    assertThat(Challenges.parse(List.of("Negotiate abc", "Bearer service=\"x\""))).isEmpty();
  }

  @Test
  void parse_lowercaseSchemeAndUnquotedValues_areUnderstood() {
    assertThat(Challenges.parse(List.of("bearer realm=http://h/token, service=reg")))
        .containsExactly(new Challenge.Bearer("http://h/token", "reg", null));
  }
}
