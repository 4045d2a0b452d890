package dev.berth.api.images;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One of Docker's progress messages (moby's {@code jsonmessage.JSONMessage}), with its members in dockerd's
 * order and left out when empty, as Go's {@code omitempty} does:
 * <pre>{"status":"Downloading","progressDetail":{"current":32768,"total":2826205},
 *  "progress":"[>      ]  32.77kB/2.826MB","id":"8a49fdb3b6a5"}</pre>
 * Layer steps carry {@code progressDetail} even when it is empty ({@code {}}), as dockerd's do; plain status
 * lines ("Digest: …") carry none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record JsonMessage(String status, ProgressDetail progressDetail, String progress, String id) {

  /** moby's {@code JSONProgress}: zero counts are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record ProgressDetail(Long current, Long total) {
    static final ProgressDetail EMPTY = new ProgressDetail(null, null);

    static ProgressDetail of(long current, long total) {
      return new ProgressDetail(current > 0 ? current : null, total > 0 ? total : null);
    }
  }

  /** A line of its own: {@code {"status":"Digest: sha256:…"}}. */
  static JsonMessage status(String status) {
    return new JsonMessage(status, null, null, null);
  }

  /** A status for an id with no progress: {@code {"status":"Pulling from app","id":"v1"}}. */
  static JsonMessage status(String id, String status) {
    return new JsonMessage(status, null, null, id);
  }

  /** A layer step without counts ("Pull complete"): {@code progressDetail} is {@code {}}. */
  static JsonMessage step(String id, String status) {
    return new JsonMessage(status, ProgressDetail.EMPTY, null, id);
  }

  /** A layer step with counts ("Downloading", "Extracting") and its bar. */
  static JsonMessage progress(String id, String status, long current, long total) {
    String bar = ProgressBar.render(current, total);
    return new JsonMessage(status, ProgressDetail.of(current, total), bar.isEmpty() ? null : bar, id);
  }
}
