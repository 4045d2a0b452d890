package dev.berth.registry;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * One registry call, after Jib's endpoint providers: what to send, and how to read the answer. The façade
 * ({@link RegistryClient}) adds authentication, follows redirects and retries; an endpoint does only its
 * call. {@link #handle} sees every status but 401 and (for idempotent calls) 5xx.
 */
interface Endpoint<T> {
  /** GET, HEAD, PUT, POST, PATCH. */
  String method();

  /** The path below {@code /v2/<repository>/}, e.g. {@code manifests/latest}; or absolute when it starts with "/" or a scheme. */
  String path();

  default Map<String, String> headers() {
    return Map.of();
  }

  default HttpRequest.BodyPublisher body() {
    return HttpRequest.BodyPublishers.noBody();
  }

  /** Whether the call may be sent again after a 5xx or a broken connection. */
  default boolean idempotent() {
    return method().equals("GET") || method().equals("HEAD");
  }

  /** Reads the answer; throws {@link RegistryErrors#of} for statuses it does not expect. */
  T handle(Response response) throws IOException;

  /** The action for error messages: "pulling manifest localhost:5000/app:1". */
  String describe();

  /** Helper for endpoints: the Accept header listing {@code types}. */
  static Map<String, String> accept(List<String> types) {
    return Map.of("Accept", String.join(", ", types));
  }
}
