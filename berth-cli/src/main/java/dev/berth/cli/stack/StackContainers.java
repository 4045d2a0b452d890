package dev.berth.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.client.ApiRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A project's containers, found as everything else finds them: by Compose's labels
 * ({@code com.docker.compose.project}, {@code .service}, {@code .container-number}). Sorted by service, then
 * number.
 */
final class StackContainers {
  static final String PROJECT = "com.docker.compose.project";
  static final String SERVICE = "com.docker.compose.service";
  static final String NUMBER = "com.docker.compose.container-number";

  private StackContainers() {}

  static List<JsonNode> list(CliContext ctx, String project, boolean all) throws IOException {
    String filters = "{\"label\":[\"" + PROJECT + "=" + project + "\"]}";
    JsonNode answer = ctx.client().json(ApiRequest.get("/containers/json").flag("all", all).query("filters", filters).build());
    List<JsonNode> out = new ArrayList<>();
    answer.forEach(out::add);
    out.sort(Comparator.comparing(StackContainers::service).thenComparingInt(StackContainers::number));
    return out;
  }

  static String service(JsonNode c) {
    return c.path("Labels").path(SERVICE).asText("");
  }

  static int number(JsonNode c) {
    try {
      return Integer.parseInt(c.path("Labels").path(NUMBER).asText("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
