package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScopesTest {
  @Test
  void grant_pullOnlyGrantable_dropsPushAndKeepsTheRepository() {
    List<Scopes.Access> access = Scopes.grant(List.of("repository:team/app:pull,push"), List.of("pull"));

    assertThat(access).containsExactly(new Scopes.Access("repository", "team/app", List.of("pull")));
  }

  @Test
  void grant_nameWithAPortAndAMalformedScope_splitsAtFirstAndLastColonAndSkipsTheBadOne() {
    List<Scopes.Access> access = Scopes.grant(List.of("repository:host:5000/app:push", "nonsense"),
        List.of("pull", "push"));

    assertThat(access).containsExactly(new Scopes.Access("repository", "host:5000/app", List.of("push")));
  }
}
