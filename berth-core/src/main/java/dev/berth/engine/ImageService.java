package dev.berth.engine;

import dev.berth.oci.Digest;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Everything the front ends may do with images. Names are resolved as Docker does: a reference
 * ({@code busybox}, {@code busybox:1}, {@code app@sha256:…}), a full ID or an unambiguous ID prefix of at
 * least one hex character ({@code sha256:} optional). Errors: NotFoundException ("No such image: x"),
 * ConflictException (ambiguous prefix, image in use), InvalidArgumentException (bad reference, bad tar).
 * Every change publishes an image event on the engine's event bus.
 */
public interface ImageService {
  /** All images; with {@code all} false, the dangling intermediate ones of later builds are left out. */
  List<Image> list(boolean all);

  Image inspect(String nameOrId);

  /** Tags the source image with target; publishes "tag". */
  void tag(String source, String target);

  /**
   * As {@code docker rmi}: a tag name removes that tag ("Untagged"), and the image too ("Deleted") when it
   * was the last; an ID removes the image, which needs {@code force} when several tags point at it.
   */
  List<DeleteItem> remove(String nameOrId, boolean force, boolean noPrune);

  /** The image's history, newest first, as {@code docker history} shows it. */
  List<HistoryItem> history(String nameOrId);

  /**
   * As {@code docker import}: a root filesystem tar (plain, gzip or zstd) becomes a one-layer image.
   * {@code changes} are Dockerfile instructions (CMD, ENTRYPOINT, ENV, WORKDIR, EXPOSE, LABEL, USER,
   * VOLUME); {@code reference} may be null. Publishes "import".
   */
  Image importImage(InputStream rootfsTar, String reference, List<String> changes, String message);

  /** Writes the docker-save tar (OCI layout plus manifest.json and repositories) of the named images. */
  void save(List<String> names, OutputStream out);

  /**
   * Reads a docker-save tar or an OCI archive; returns the lines docker prints ("Loaded image: busybox:latest"
   * or "Loaded image ID: sha256:…"). Publishes "load". Progress lines go to {@code progress}.
   */
  List<String> load(InputStream archive, Consumer<String> progress);

  /** Removes dangling images (all unused ones with {@code all}); then garbage-collects blobs and snapshots. */
  PruneReport prune(boolean all, Map<String, List<String>> filters);

  /** Deletes blobs and snapshots that no image references. */
  PruneReport collectGarbage();

  DiskUsage diskUsage();

  /** One line of the {@code rmi} answer: exactly one of untagged and deleted is set. */
  record DeleteItem(String untagged, String deleted) {}

  /** One line of {@code history}; {@code id} is null ("<missing>") except for the image itself. */
  record HistoryItem(String id, long created, String createdBy, List<String> tags, long size, String comment) {}

  record PruneReport(List<DeleteItem> deleted, long spaceReclaimed) {}

  /** Totals for {@code system df}: images, their layers' size, and the content store's size. */
  record DiskUsage(List<Image> images, long layersSize, long contentSize) {}

  /** The ID of an image, by name; NotFoundException when absent. */
  default Digest resolve(String nameOrId) {
    return inspect(nameOrId).id();
  }
}
