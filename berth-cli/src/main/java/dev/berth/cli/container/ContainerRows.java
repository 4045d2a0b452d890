package dev.berth.cli.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Ids;
import dev.berth.cli.format.Ages;
import dev.berth.cli.format.Rows;
import dev.berth.cli.format.Rows.Columns;
import dev.berth.cli.format.Units;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@code GET /containers/json} entries into {@code docker ps} rows and fields. Public for
 * {@code berth stack ps}, which shows the same rows with a SERVICE column.
 */
public final class ContainerRows {
  public static Columns columns(boolean size) {
    List<String> defaults = new ArrayList<>(List.of("ID", "Image", "Command", "RunningFor", "Status", "Ports", "Names"));
    if (size) defaults.add("Size");
    return new Columns(defaults, Map.of(
        "ID", "CONTAINER ID", "RunningFor", "CREATED", "CreatedAt", "CREATED AT", "LocalVolumes", "LOCAL VOLUMES"));
  }

  private final Instant now;
  private final ZoneId zone;
  private final boolean noTrunc;

  public ContainerRows(Instant now, ZoneId zone, boolean noTrunc) {
    this.now = now;
    this.zone = zone;
    this.noTrunc = noTrunc;
  }

  List<Map<String, String>> rows(JsonNode containers) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode c : containers) rows.add(row(c));
    return rows;
  }

  public Map<String, String> row(JsonNode c) {
    Instant created = Instant.ofEpochSecond(c.path("Created").asLong());
    Map<String, String> row = new LinkedHashMap<>();
    row.put("ID", Ids.show(c.path("Id").asText(), noTrunc));
    row.put("Image", image(c.path("Image").asText()));
    row.put("Command", command(c.path("Command").asText()));
    row.put("CreatedAt", Ages.goTime(created, zone));
    row.put("RunningFor", Ages.ago(created, now));
    row.put("Ports", ports(c.path("Ports")));
    row.put("State", c.path("State").asText());
    row.put("Status", c.path("Status").asText());
    row.put("Size", size(c));
    row.put("Names", names(c.path("Names")));
    row.put("Labels", labels(c.path("Labels")));
    row.put("Mounts", mounts(c.path("Mounts")));
    row.put("Networks", String.join(",", new TreeMap<>(fields(c.path("NetworkSettings").path("Networks"))).keySet()));
    row.put("LocalVolumes", Long.toString(countLocalVolumes(c.path("Mounts"))));
    return row;
  }

  private String image(String image) {
    if (noTrunc || !image.startsWith("sha256:")) return image;
    return Ids.truncate(image);
  }

  /** Quoted, and cut to 20 characters with an ellipsis unless {@code --no-trunc}, as docker shows it. */
  private String command(String command) {
    String c = command;
    if (!noTrunc && c.codePointCount(0, c.length()) > 20) c = c.substring(0, c.offsetByCodePoints(0, 19)) + "…";
    return Rows.quote(c).replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&");
  }

  private String names(JsonNode names) {
    List<String> shown = new ArrayList<>();
    for (JsonNode n : names) {
      String name = n.asText().startsWith("/") ? n.asText().substring(1) : n.asText();
      if (noTrunc || !name.contains("/")) shown.add(name);
    }
    return String.join(",", shown);
  }

  /** {@code 0.0.0.0:8080->80/tcp, 443/tcp}. */
  static String ports(JsonNode ports) {
    List<String> shown = new ArrayList<>();
    for (JsonNode p : ports) {
      String container = p.path("PrivatePort").asText() + "/" + p.path("Type").asText("tcp");
      if (p.hasNonNull("PublicPort") && p.path("PublicPort").asInt() != 0) {
        String ip = p.path("IP").asText("");
        shown.add((ip.isEmpty() ? "" : (ip.contains(":") ? "[" + ip + "]" : ip) + ":") + p.path("PublicPort").asText() + "->" + container);
      } else {
        shown.add(container);
      }
    }
    return String.join(", ", shown);
  }

  private static String size(JsonNode c) {
    if (!c.has("SizeRw") && !c.has("SizeRootFs")) return "0B";
    String rw = Units.humanSize(c.path("SizeRw").asLong(), 3);
    return rw + " (virtual " + Units.humanSize(c.path("SizeRootFs").asLong(), 3) + ")";
  }

  private static String labels(JsonNode labels) {
    List<String> pairs = new ArrayList<>();
    new TreeMap<>(fields(labels)).forEach((k, v) -> pairs.add(k + "=" + v.asText()));
    return String.join(",", pairs);
  }

  private static String mounts(JsonNode mounts) {
    List<String> names = new ArrayList<>();
    for (JsonNode m : mounts) {
      String name = m.path("Name").asText("");
      String shown = name.isEmpty() ? m.path("Source").asText() : name;
      names.add(!name.isEmpty() && name.length() > 15 ? name.substring(0, 15) + "…" : shown);
    }
    return String.join(",", names);
  }

  private static long countLocalVolumes(JsonNode mounts) {
    long n = 0;
    for (JsonNode m : mounts) if (m.path("Driver").asText().equals("local")) n++;
    return n;
  }

  static Map<String, JsonNode> fields(JsonNode object) {
    Map<String, JsonNode> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }
}
