package dev.berth.cli.deploy;

import dev.berth.cli.CliContext;
import dev.berth.cli.format.Rows;
import dev.berth.cli.format.Units;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table after a deploy or rollback: one row per host, in the order the hosts were given. With
 * {@code --format json}, one object per host with the counts as numbers in strings, for scripts and tests.
 */
final class Summary {
  static final Rows.Columns COLUMNS = new Rows.Columns(List.of("Host", "Images", "Services", "BytesSent", "Status", "Error"),
      Map.of("BytesSent", "BYTES SENT"));

  private Summary() {}

  /** Prints the summary; returns the exit status: 1 when any host failed. */
  static int print(CliContext ctx, String format, List<HostResult> results) {
    ctx.out().print(Rows.render(ctx.format(format), COLUMNS, results.stream().map(Summary::row).toList()));
    return results.stream().anyMatch(r -> r.error() != null) ? 1 : 0;
  }

  static Map<String, String> row(HostResult r) {
    Map<String, String> row = new LinkedHashMap<>();
    row.put("Host", r.host());
    row.put("Images", r.imagesSent() + " sent, " + r.imagesUpToDate() + " up to date");
    row.put("Services", r.created() + " created, " + r.recreated() + " recreated, " + r.kept() + " kept"
        + (r.started() > 0 ? ", " + r.started() + " started" : ""));
    row.put("BytesSent", Units.humanSize(r.bytes()));
    row.put("Status", r.error() != null ? "failed" : r.unchanged() ? "unchanged" : "updated");
    row.put("Error", r.error() == null ? "" : r.error());
    row.put("ImagesSent", String.valueOf(r.imagesSent()));
    row.put("ImagesUpToDate", String.valueOf(r.imagesUpToDate()));
    row.put("Created", String.valueOf(r.created()));
    row.put("Recreated", String.valueOf(r.recreated()));
    row.put("Kept", String.valueOf(r.kept()));
    row.put("Bytes", String.valueOf(r.bytes()));
    row.put("LayerBytes", String.valueOf(r.layerBytes()));
    return row;
  }
}
