package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.auth.AuthenticationException;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.testing.TestRegistry;
import dev.berth.registry.testing.TokenServer;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docker login's check against docker-registry: no auth, htpasswd basic auth over TLS, and the token flow. */
class RegistryLoginIT {
  @Test
  void check_basicAuthOverTls_acceptsTheRightPasswordAndRefusesAWrongOneAsDockerSays() {
    try (TestRegistry registry = TestRegistry.withBasicAuth("bob", "right");
        RegistryTransport transport = new RegistryTransport(new RegistryOptions(Set.of(), List.of(registry.caCertificate()), null))) {
      assertThatCode(() -> RegistryLogin.check(transport, registry.host(), new Credential.UserPassword("bob", "right")))
          .doesNotThrowAnyException();
      assertThatThrownBy(() -> RegistryLogin.check(transport, registry.host(), new Credential.UserPassword("bob", "wrong")))
          .isInstanceOf(AuthenticationException.class)
          .hasMessage("login attempt to https://" + registry.host() + "/v2/ failed with status: 401 Unauthorized");
    }
  }

  @Test
  void check_tokenAuth_fetchesATokenWithTheCredentials() {
    try (TokenServer tokens = TokenServer.builder().credentials("alice", "pw").start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens);
        RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      int before = tokens.requests().size();
      RegistryLogin.check(transport, registry.host(), new Credential.UserPassword("alice", "pw"));
      var mine = tokens.requests().subList(before, tokens.requests().size());
      assertThat(mine).isNotEmpty();
      assertThat(mine.getLast().user()).contains("alice");
      assertThat(mine.getLast().status()).isEqualTo(200);
      assertThatThrownBy(() -> RegistryLogin.check(transport, registry.host(), new Credential.UserPassword("alice", "nope")))
          .isInstanceOf(AuthenticationException.class).hasMessageContaining("unauthorized: incorrect username or password");
    }
  }

  @Test
  void login_tokenServerGivesARefreshToken_returnsItAsTheIdentityTokenThatLogsInAgain() {
    try (TokenServer tokens = TokenServer.builder().credentials("alice", "pw").start();
        TestRegistry registry = TestRegistry.withTokenAuth(tokens);
        RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      String identity = RegistryLogin.login(transport, registry.host(), new Credential.UserPassword("alice", "pw"));
      assertThat(identity).isNotEmpty();

      int before = tokens.requests().size();
      assertThat(RegistryLogin.login(transport, registry.host(), new Credential.IdentityToken(identity))).isNotEmpty();
      var refresh = tokens.requests().subList(before, tokens.requests().size());
      assertThat(refresh).anyMatch(r -> r.refresh() && r.status() == 200 && r.user().equals(java.util.Optional.of("alice")));
      assertThatThrownBy(() -> RegistryLogin.login(transport, registry.host(), new Credential.IdentityToken("forged")))
          .isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void login_basicAuthRegistry_hasNoIdentityToken() {
    try (TestRegistry registry = TestRegistry.withBasicAuth("bob", "right");
        RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults().withCaCertificates(java.util.List.of(registry.caCertificate())))) {
      assertThat(RegistryLogin.login(transport, registry.host(), new Credential.UserPassword("bob", "right"))).isEmpty();
    }
  }

  @Test
  void check_registryWithoutAuth_acceptsAnyLogin() {
    try (TestRegistry registry = TestRegistry.start(); RegistryTransport transport = new RegistryTransport(RegistryOptions.defaults())) {
      assertThatCode(() -> RegistryLogin.check(transport, registry.host(), new Credential.UserPassword("any", "thing")))
          .doesNotThrowAnyException();
    }
  }
}
