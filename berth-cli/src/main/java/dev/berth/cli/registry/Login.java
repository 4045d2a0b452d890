package dev.berth.cli.registry;

import java.util.Objects;

/**
 * Credentials for one registry as the CLI keeps them.
 *
 * @param server the key docker uses: the registry host ({@code 127.0.0.1:5000}), or
 *     {@code https://index.docker.io/v1/} for Docker Hub
 * @param identityToken a token the registry gave at login instead of keeping the password; empty when none
 */
public record Login(String server, String username, String password, String identityToken) {
  public Login {
    Objects.requireNonNull(server, "server");
    username = username == null ? "" : username;
    password = password == null ? "" : password;
    identityToken = identityToken == null ? "" : identityToken;
  }

  @Override
  public String toString() {
    return "Login[" + server + ", " + username + ", ****]";
  }
}
