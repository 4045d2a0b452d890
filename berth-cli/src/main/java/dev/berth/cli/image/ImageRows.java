package dev.berth.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.Ids;
import dev.berth.cli.format.Ages;
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
 * Turns {@code GET /images/json} entries into table rows as {@code docker images} does: one row per
 * repository and tag, digests shown per tag only with {@code --digests}, {@code <none>} for what is missing.
 */
final class ImageRows {
  static final String NONE = "<none>";

  static Columns columns(boolean digests) {
    List<String> defaults = digests
        ? List.of("Repository", "Tag", "Digest", "ID", "CreatedSince", "Size")
        : List.of("Repository", "Tag", "ID", "CreatedSince", "Size");
    return new Columns(defaults, Map.of(
        "ID", "IMAGE ID", "CreatedSince", "CREATED", "CreatedAt", "CREATED AT", "SharedSize", "SHARED SIZE",
        "UniqueSize", "UNIQUE SIZE", "VirtualSize", "SIZE"));
  }

  private final Instant now;
  private final ZoneId zone;
  private final boolean digests;
  private final boolean noTrunc;

  ImageRows(Instant now, ZoneId zone, boolean digests, boolean noTrunc) {
    this.now = now;
    this.zone = zone;
    this.digests = digests;
    this.noTrunc = noTrunc;
  }

  List<Map<String, String>> rows(JsonNode images) {
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode image : images) rows.addAll(imageRows(image));
    return rows;
  }

  private List<Map<String, String>> imageRows(JsonNode image) {
    Map<String, List<String>> tags = byRepository(image.path("RepoTags"), ':');
    Map<String, List<String>> repoDigests = byRepository(image.path("RepoDigests"), '@');
    List<Map<String, String>> rows = new ArrayList<>();
    tags.forEach((repo, repoTags) -> {
      List<String> ds = repoDigests.remove(repo);
      for (String tag : repoTags) {
        if (!digests || ds == null) rows.add(row(image, repo, tag, NONE));
        else for (String d : ds) rows.add(row(image, repo, tag, d));
      }
    });
    repoDigests.forEach((repo, ds) -> {
      if (digests) for (String d : ds) rows.add(row(image, repo, NONE, d));
      else rows.add(row(image, repo, NONE, ds.getFirst()));
    });
    if (rows.isEmpty()) rows.add(row(image, NONE, NONE, NONE));
    return rows;
  }

  /** Splits {@code repo:tag} (or {@code repo@digest}) names by repository; {@code <none>} entries are skipped. */
  private static Map<String, List<String>> byRepository(JsonNode names, char separator) {
    Map<String, List<String>> byRepo = new TreeMap<>();
    for (JsonNode n : names) {
      String name = n.asText();
      int cut = separator == ':' ? name.lastIndexOf(':') : name.indexOf('@');
      if (cut <= 0 || name.startsWith(NONE)) continue;
      if (separator == ':' && name.lastIndexOf('/') > cut) continue;
      byRepo.computeIfAbsent(name.substring(0, cut), k -> new ArrayList<>()).add(name.substring(cut + 1));
    }
    return byRepo;
  }

  private Map<String, String> row(JsonNode image, String repo, String tag, String digest) {
    Instant created = Instant.ofEpochSecond(image.path("Created").asLong());
    Map<String, String> row = new LinkedHashMap<>();
    row.put("Repository", repo);
    row.put("Tag", tag);
    row.put("Digest", digest);
    row.put("ID", Ids.show(image.path("Id").asText(), noTrunc));
    row.put("CreatedSince", Ages.ago(created, now));
    row.put("CreatedAt", Ages.goTime(created, zone));
    row.put("Size", Units.humanSize(image.path("Size").asLong()));
    // docker prints Size with three significant digits and the other sizes with four.
    row.put("SharedSize", Units.humanSize(image.path("SharedSize").asLong(-1), 4));
    row.put("UniqueSize", uniqueSize(image));
    row.put("VirtualSize", Units.humanSize(image.path("Size").asLong(), 4));
    long containers = image.path("Containers").asLong(-1);
    row.put("Containers", containers < 0 ? "N/A" : Long.toString(containers));
    return row;
  }

  private static String uniqueSize(JsonNode image) {
    long shared = image.path("SharedSize").asLong(-1);
    return shared < 0 ? "N/A" : Units.humanSize(image.path("Size").asLong() - shared, 4);
  }
}
