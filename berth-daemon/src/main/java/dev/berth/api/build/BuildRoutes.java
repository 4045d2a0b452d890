package dev.berth.api.build;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.BuildService;
import dev.berth.engine.BuildService.BuildResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /build} (the classic builder: a context tar in, Docker's JSON messages out) and
 * {@code POST /build/prune}. The request's {@code X-Registry-Config} header (credentials for pulls) is
 * accepted and ignored: Berth has no registry client yet.
 */
public final class BuildRoutes {
  /** The filters {@code docker builder prune} may send; the engine decides what each means. */
  private static final Set<String> PRUNE_FILTERS =
      Set.of("until", "id", "parent", "type", "description", "inuse", "shared", "private", "label", "label!");

  private final BuildService builds;
  private final Path tmp;

  public BuildRoutes(ApiContext context) {
    this.builds = context.builds();
    this.tmp = context.dataRoot().resolve("tmp");
  }

  public void register(Router.Builder r) {
    r.post("/build", this::build);
    r.post("/build/prune", this::prune);
  }

  /**
   * Reads the query (a bad value is a 400 before any of the body is read), unpacks the body, builds, and
   * streams the output. An error before the first message gets its own HTTP status; after it, an inline
   * error message. The unpacked context is removed in every case, before the answer ends, so a client that
   * has read the whole answer finds nothing left behind.
   */
  void build(Exchange ex) throws IOException {
    Request req = ex.request();
    BuildQuery query = BuildQuery.parse(req);
    BuildMessages messages;
    BuildResult result = null;
    RuntimeException failure = null;
    try (InputStream body = req.body(); ScratchContext context = ScratchContext.extract(body, tmp)) {
      messages = new BuildMessages(ex, query.quiet());
      try {
        result = builds.build(query.request(context.dir()), messages);
      } catch (RuntimeException e) {
        failure = unwrap(e);
      }
    }
    if (failure == null) {
      messages.succeeded(result.imageId());
    } else if (!messages.started()) {
      throw failure;
    } else {
      messages.failed(failure);
    }
  }

  /**
   * {@code POST /build/prune?all=&filters=&keep-storage=}: {@code all} and {@code keep-storage} are accepted;
   * the classic cache has no shared or reserved entries, so every matching entry goes.
   */
  void prune(Exchange ex) throws IOException {
    Map<String, List<String>> filters = ex.request().filters().allowOnly(PRUNE_FILTERS).values();
    BuildService.PruneReport report = builds.prune(filters);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("CachesDeleted", report.deleted());
    body.put("SpaceReclaimed", report.spaceReclaimed());
    ex.json(200, body);
  }

  /** A failure to write progress means the client left; the build's own error is more useful otherwise. */
  private static RuntimeException unwrap(RuntimeException e) {
    return e instanceof UncheckedIOException u && u.getCause() != null
        ? new dev.berth.errors.SystemException(u.getMessage(), u.getCause()) : e;
  }
}
