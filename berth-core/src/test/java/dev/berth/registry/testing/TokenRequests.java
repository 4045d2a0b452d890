package dev.berth.registry.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Reads a token request in either of the two shapes clients use: docker's GET with query parameters (one {@code
 * scope} per parameter, basic auth in the header) and the OAuth2 POST form ({@code grant_type}, space-separated
 * {@code scope}).
 */
final class TokenRequests {
  private TokenRequests() {}

  record Parsed(String method, Optional<String> user, Optional<String> password, String service, List<String> scopes,
      boolean offlineToken, Optional<String> refreshToken) {}

  private record Param(String name, String value) {}

  static Parsed parse(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    Optional<String[]> basic = basicAuth(exchange.getRequestHeaders().getFirst("Authorization"));
    if (method.equals("POST")) {
      List<Param> form = params(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String grant = first(form, "grant_type").orElse("");
      List<String> scopes = first(form, "scope").map(s -> Arrays.stream(s.split(" ")).filter(x -> !x.isBlank())
          .toList()).orElse(List.of());
      Optional<String> user = grant.equals("password") ? first(form, "username") : basic.map(b -> b[0]);
      Optional<String> password = grant.equals("password") ? first(form, "password") : basic.map(b -> b[1]);
      Optional<String> refresh = grant.equals("refresh_token")
          ? Optional.of(first(form, "refresh_token").orElse("")) : Optional.empty();
      return new Parsed(method, user, password, first(form, "service").orElse(""), scopes, true, refresh);
    }
    List<Param> query = params(exchange.getRequestURI().getRawQuery());
    List<String> scopes = query.stream().filter(p -> p.name().equals("scope"))
        .flatMap(p -> Arrays.stream(p.value().split(" "))).filter(s -> !s.isBlank()).toList();
    return new Parsed(method, basic.map(b -> b[0]), basic.map(b -> b[1]), first(query, "service").orElse(""), scopes,
        first(query, "offline_token").map("true"::equals).orElse(false), Optional.empty());
  }

  private static Optional<String[]> basicAuth(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    return colon < 0 ? Optional.empty()
        : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
  }

  private static List<Param> params(String raw) {
    List<Param> params = new ArrayList<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      params.add(new Param(decode(name), decode(value)));
    }
    return params;
  }

  private static Optional<String> first(List<Param> params, String name) {
    return params.stream().filter(p -> p.name().equals(name)).map(Param::value).findFirst();
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
