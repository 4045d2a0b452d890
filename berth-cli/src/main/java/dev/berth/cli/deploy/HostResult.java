package dev.berth.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How the deploy to one host ended, for the summary table. Service counts are the stack's services only
 * (networks and volumes are not counted); {@code error} is null when everything converged.
 */
record HostResult(String host, int imagesSent, int imagesUpToDate, int created, int recreated, int started, int kept,
    long bytes, long layerBytes, String error) {

  /** Nothing was sent and every service was kept: the host already ran this changeset. */
  boolean unchanged() {
    return error == null && imagesSent == 0 && created == 0 && recreated == 0 && started == 0;
  }

  static HostResult failed(String host, int sent, int upToDate, long bytes, long layerBytes, String error) {
    return new HostResult(host, sent, upToDate, 0, 0, 0, 0, bytes, layerBytes, error);
  }

  /** Counts an apply report's services (DONE steps) by action; the first step that did not end DONE is the error. */
  static HostResult of(String host, JsonNode report, int sent, int upToDate, long bytes, long layerBytes) {
    int created = 0, recreated = 0, started = 0, kept = 0;
    String error = null;
    for (JsonNode r : report.path("results")) {
      JsonNode step = r.path("step");
      if (!r.path("outcome").asText().equals("DONE")) {
        if (error == null) {
          error = step.path("name").asText() + ": " + r.path("outcome").asText().toLowerCase(java.util.Locale.ROOT)
              + (r.hasNonNull("error") ? " (" + r.path("error").asText() + ")" : "");
        }
        continue;
      }
      if (!step.path("kind").asText().equals("SERVICE")) continue;
      switch (step.path("action").asText()) {
        case "CREATE" -> created++;
        case "RECREATE" -> recreated++;
        case "START" -> started++;
        case "KEEP" -> kept++;
        default -> { }
      }
    }
    return new HostResult(host, sent, upToDate, created, recreated, started, kept, bytes, layerBytes, error);
  }
}
