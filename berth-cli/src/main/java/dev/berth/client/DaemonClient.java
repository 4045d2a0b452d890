package dev.berth.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The façade the commands use: it negotiates the API version once (as the docker CLI does, through
 * {@code /_ping}), prefixes every path with it, and turns an error status into a {@link DaemonException}
 * carrying the daemon's own message.
 */
public final class DaemonClient {
  /** Plain Jackson, for the daemon's answers; created on first use so that {@code --help} never pays for it. */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  private final DaemonHost host;
  private final HttpTransport transport;
  private final String pinnedVersion;
  private Ping ping;

  /**
   * @param pinnedVersion an API version to use without negotiating ({@code DOCKER_API_VERSION}), or null
   */
  public DaemonClient(DaemonHost host, HttpTransport transport, String pinnedVersion) {
    this.host = host;
    this.transport = transport;
    this.pinnedVersion = pinnedVersion == null || pinnedVersion.isBlank() ? null : pinnedVersion.strip();
  }

  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  public DaemonHost host() {
    return host;
  }

  /** What {@code /_ping} said, asked once. */
  public Ping ping() throws IOException {
    if (ping == null) {
      try (ApiResponse response = transport.send(host, ApiRequest.get("/_ping").build(), "")) {
        response.bytes();
        String server = response.header("api-version");
        ping = new Ping(server, response.header("ostype"), response.header("server"), negotiate(server));
      }
    }
    return ping;
  }

  /** The API version in use: the pinned one, or the lower of ours and the daemon's. */
  public String apiVersion() throws IOException {
    return ping().negotiated();
  }

  private String negotiate(String server) {
    if (pinnedVersion != null) return pinnedVersion;
    if (server == null || server.isBlank()) return Versions.FALLBACK_API_VERSION;
    return Versions.compare(server, Versions.MAX_API_VERSION) < 0 ? server : Versions.MAX_API_VERSION;
  }

  /** Sends the request; an error status becomes a DaemonException. The caller closes the response. */
  public ApiResponse call(ApiRequest request) throws IOException {
    ApiResponse response = transport.send(host, request, "/v" + apiVersion());
    if (response.ok()) return response;
    try (response) {
      throw new DaemonException(response.status(), errorMessage(response));
    }
  }

  /**
   * Sends an attach or exec-start request and takes over its connection: the returned stream carries the
   * container's stdio both ways. An error status becomes a DaemonException.
   *
   * @param body the request body (JSON for exec start), or an empty array
   */
  public HijackedStream hijack(ApiRequest request, byte[] body) throws IOException {
    return transport.hijack(host, request, body, "/v" + apiVersion());
  }

  /** Sends the request and parses the JSON answer. */
  public JsonNode json(ApiRequest request) throws IOException {
    try (ApiResponse response = call(request)) {
      byte[] body = response.bytes();
      return body.length == 0 ? mapper().nullNode() : mapper().readTree(body);
    }
  }

  /** Sends the request and discards a successful answer. */
  public void send(ApiRequest request) throws IOException {
    try (ApiResponse response = call(request)) {
      response.bytes();
    }
  }

  /**
   * Reads a stream of JSON messages (load and import progress, events) and hands each to {@code each} as it
   * arrives. A message carrying {@code error} ends the stream with a DaemonException, as the docker CLI's
   * jsonmessage does.
   */
  public void stream(ApiRequest request, Consumer<JsonNode> each) throws IOException {
    try (ApiResponse response = call(request);
        MappingIterator<JsonNode> messages = mapper().readerFor(JsonNode.class).readValues(response.body())) {
      while (messages.hasNextValue()) {
        JsonNode message = messages.nextValue();
        if (message.hasNonNull("error") || message.hasNonNull("errorDetail")) {
          throw new DaemonException(500, errorText(message));
        }
        each.accept(message);
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("malformed JSON message from the daemon: " + e.getOriginalMessage(), e);
    }
  }

  private static String errorText(JsonNode message) {
    if (message.hasNonNull("error")) return message.get("error").asText();
    return message.path("errorDetail").path("message").asText("unknown error");
  }

  /** The daemon's {"message"}, or the body as text, or the status when the body is empty. */
  static String errorMessage(ApiResponse response) throws IOException {
    String text = response.text().strip();
    if (text.startsWith("{")) {
      try {
        JsonNode node = mapper().readTree(text);
        if (node.hasNonNull("message")) return node.get("message").asText();
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // not JSON after all: show the text itself
      }
    }
    return text.isEmpty() ? "HTTP status " + response.status() : text;
  }

  /**
   * The daemon's answer to {@code /_ping}.
   *
   * @param apiVersion the daemon's newest API version, or null when it named none
   * @param osType "linux"
   * @param server the Server header
   * @param negotiated the version this client will use
   */
  public record Ping(String apiVersion, String osType, String server, String negotiated) {}
}
