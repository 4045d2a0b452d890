package dev.berth.api.images;

import dev.berth.api.ApiContext;
import dev.berth.api.Exchange;
import dev.berth.api.Request;
import dev.berth.api.Router;
import dev.berth.engine.Image;
import dev.berth.engine.ImageService;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code /images} routes. Names may hold slashes and colons, so every per-image route is matched by its
 * suffix ({@code /images/{name}/json}). Import and load stream their JSON messages as they come.
 */
public final class ImageRoutes {
  private final ApiContext context;
  private final ImageService images;
  private final PullRoute pulls;
  private final PushRoute pushes;

  public ImageRoutes(ApiContext context) {
    this.context = context;
    this.images = context.images();
    this.pulls = new PullRoute(images);
    this.pushes = new PushRoute(images);
  }

  public void register(Router.Builder r) {
    r.get("/images/json", this::list);
    r.get("/images/get", this::saveMany);
    r.post("/images/load", this::load);
    r.post("/images/create", this::create);
    r.post("/images/prune", this::prune);
    r.get("/images/{name}/json", this::inspect);
    r.get("/images/{name}/history", this::history);
    r.post("/images/{name}/tag", this::tag);
    r.post("/images/{name}/push", pushes::push);
    r.get("/images/{name}/get", this::saveOne);
    r.delete("/images/{name}", this::remove);
    new AuthRoutes(images).register(r);
  }

  void list(Exchange ex) throws IOException {
    Request req = ex.request();
    ImageListFilter filter = new ImageListFilter(req.filters(), images);
    List<ImageSummary> out = new ArrayList<>();
    for (Image image : images.list(req.flag("all"))) filter.apply(image).ifPresent(out::add);
    out.sort(Comparator.comparingLong(ImageSummary::Created).reversed().thenComparing(ImageSummary::Id));
    ex.json(200, out);
  }

  void inspect(Exchange ex) throws IOException {
    ex.json(200, ImageInspect.of(images.inspect(ex.request().pathParam("name")), context.storageDriver()));
  }

  void history(Exchange ex) throws IOException {
    ex.json(200, images.history(ex.request().pathParam("name")).stream().map(HistoryEntry::of).toList());
  }

  /** {@code POST /images/{name}/tag?repo=&tag=}: 201 with no body, as dockerd answers. */
  void tag(Exchange ex) throws IOException {
    Request req = ex.request();
    String repo = req.param("repo", "");
    if (repo.isEmpty()) throw new InvalidArgumentException("tag " + req.pathParam("name") + ": the repo parameter is required");
    String tag = req.param("tag", "");
    String target = tag.isEmpty() ? repo : repo + ":" + tag;
    reference(target);
    images.tag(req.pathParam("name"), target);
    ex.respond(201, null, new byte[0]);
  }

  void remove(Exchange ex) throws IOException {
    Request req = ex.request();
    List<ImageService.DeleteItem> items = images.remove(req.pathParam("name"), req.flag("force"), req.flag("noprune"));
    ex.json(200, items.stream().map(DeleteEntry::of).toList());
  }

  void saveOne(Exchange ex) throws IOException {
    save(ex, List.of(ex.request().pathParam("name")));
  }

  void saveMany(Exchange ex) throws IOException {
    List<String> names = ex.request().params("names");
    if (names.isEmpty()) throw new InvalidArgumentException("save: no image names given (use ?names=)");
    save(ex, names);
  }

  private void save(Exchange ex, List<String> names) throws IOException {
    for (String n : names) images.inspect(n); // a missing image is a 404, not a broken tar stream
    try (OutputStream out = ex.stream(200, "application/x-tar")) {
      images.save(names, out);
    }
  }

  /** {@code POST /images/load}: the body is a docker-save or OCI archive; answers JSON messages. */
  void load(Exchange ex) throws IOException {
    boolean quiet = ex.request().flag("quiet");
    JsonMessageStream messages = new JsonMessageStream(ex);
    try (InputStream body = ex.request().body()) {
      List<String> loaded = images.load(body, line -> {
        if (!quiet) messages.status(line);
      });
      for (String line : loaded) messages.stream(line + "\n");
      messages.close();
    } catch (RuntimeException e) {
      if (!messages.started()) throw unwrap(e);
      messages.fail(unwrap(e));
    }
  }

  /** {@code POST /images/create}: a pull with {@code fromImage} ({@link PullRoute}), an import with {@code fromSrc=-}. */
  void create(Exchange ex) throws IOException {
    Request req = ex.request();
    String fromImage = req.param("fromImage");
    String fromSrc = req.param("fromSrc");
    if (fromImage != null && !fromImage.isEmpty()) {
      pulls.pull(ex);
      return;
    }
    if (fromSrc == null || fromSrc.isEmpty()) throw new InvalidArgumentException("create image: either fromSrc or fromImage is required");
    if (!fromSrc.equals("-")) {
      throw new InvalidArgumentException("import " + fromSrc + ": importing from a URL is not supported yet; send the tar as the body with fromSrc=-");
    }
    importBody(ex, req);
  }

  private void importBody(Exchange ex, Request req) throws IOException {
    String repo = req.param("repo", "");
    String tag = req.param("tag", "");
    String reference = repo.isEmpty() ? null : tag.isEmpty() ? repo : repo + ":" + tag;
    if (reference != null) reference(reference);
    List<String> changes = req.params("changes").stream().filter(c -> !c.isBlank()).toList();
    JsonMessageStream messages = new JsonMessageStream(ex);
    try (InputStream body = req.body()) {
      Image image = images.importImage(body, reference, changes, req.param("message", ""));
      messages.status(image.id().toString());
      messages.close();
    } catch (RuntimeException e) {
      if (!messages.started()) throw unwrap(e);
      messages.fail(unwrap(e));
    }
  }

  void prune(Exchange ex) throws IOException {
    var filters = ex.request().filters().allowOnly(java.util.Set.of("dangling", "until", "label", "label!"));
    Boolean dangling = filters.bool("dangling");
    Map<String, List<String>> rest = new LinkedHashMap<>(filters.values());
    rest.remove("dangling");
    ImageService.PruneReport report = images.prune(dangling != null && !dangling, rest);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ImagesDeleted", report.deleted().stream().map(DeleteEntry::of).toList());
    body.put("SpaceReclaimed", report.spaceReclaimed());
    ex.json(200, body);
  }

  private static void reference(String text) {
    try {
      ImageReference.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage(), e);
    }
  }

  private static RuntimeException unwrap(RuntimeException e) {
    return e instanceof UncheckedIOException u && u.getCause() != null ? new dev.berth.errors.SystemException("writing the answer", u.getCause()) : e;
  }
}
