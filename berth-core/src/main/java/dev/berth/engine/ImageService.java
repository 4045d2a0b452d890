package dev.berth.engine;

import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything the front ends may do with images. Names are resolved as Docker does: a reference
 * ({@code busybox}, {@code busybox:1}, {@code app@sha256:…}), a full ID or an unambiguous ID prefix of at
 * least one hex character ({@code sha256:} optional). Errors: NotFoundException ("No such image: x"),
 * ConflictException (ambiguous prefix, image in use), InvalidArgumentException (bad reference, bad tar).
 * Every change publishes an image event on the engine's event bus.
 */
public interface ImageService {
  /**
   * All images; with {@code all} false, the intermediate ones of builds (untagged images that are the parent
   * of another image) are left out, as {@code docker images} leaves them out.
   */
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

  /**
   * As {@code docker commit}: a new image of the parent's layers plus one layer of the container's changes,
   * whose config is the container's with the {@code changes} applied, and whose history is the parent's
   * plus one entry (created_by the container's Cmd, as dockerd writes it). An empty diff adds no layer
   * (the history entry is marked {@code empty_layer}). The new image is tagged with the request's
   * reference when there is one. Publishes no image event: the container service publishes the
   * container's "commit". Nothing is registered when it fails; blobs already written are left to garbage
   * collection. The default refuses, so image services without a layer store (test fakes) need not
   * implement it.
   */
  default Image commit(CommitRequest request) {
    throw new UnsupportedOperationException("commit is not supported by " + getClass().getSimpleName());
  }

  /**
   * As {@code docker pull}: pulls {@code reference} (a tag or a digest; {@code busybox} means
   * {@code docker.io/library/busybox:latest}) for {@code platform} (linux/amd64 when null) and registers it,
   * tagged when the reference has a tag, with the registry's digest among its RepoDigests. {@code
   * credential} null means "look it up" (docker's config.json); the API passes its X-Registry-Auth here.
   * {@code progress} gets one event per layer step, in order per layer, never concurrently. Errors:
   * NotFoundException (no such repository, tag or platform), AuthenticationException (a SystemException),
   * InvalidArgumentException (bad reference, unsupported media type), RegistryException (the registry
   * failed or sent a blob that does not match its digest, named in the message). A failed pull registers
   * nothing; the blobs it committed are kept, so pulling again resumes. Publishes "pull". The default
   * refuses, for image services without registry access (test fakes).
   */
  default Image pull(String reference, dev.berth.oci.Platform platform, dev.berth.registry.auth.Credential credential,
      Consumer<dev.berth.registry.ProgressEvent> progress) {
    throw new UnsupportedOperationException("pull is not supported by " + getClass().getSimpleName());
  }

  /**
   * As {@code docker login}'s daemon side: checks that {@code registry} ({@code 127.0.0.1:5000}, {@code docker.io})
   * accepts {@code credential}, through the same transport, TLS and insecure-registries settings as pulls.
   * Stores nothing. Throws AuthenticationException (refused, with Docker's message) or RegistryException
   * (unreachable). The default refuses, for image services without registry access.
   */
  default void login(String registry, dev.berth.registry.auth.Credential credential) {
    throw new UnsupportedOperationException("login is not supported by " + getClass().getSimpleName());
  }

  /**
   * As {@link #login}, and returns the identity token the registry's token server gave for offline access
   * ({@code POST /auth}'s {@code IdentityToken}, which docker's CLI keeps in place of the password), or "" when
   * it gave none. The default logs in and returns "".
   */
  default String loginForIdentityToken(String registry, dev.berth.registry.auth.Credential credential) {
    login(registry, credential);
    return "";
  }

  /**
   * As {@code docker push}: pushes the image tagged {@code reference} (its tag; {@code latest} when none) to
   * the registry the reference names: blobs the registry has are skipped, blobs of another repository the
   * image was pulled from are mounted, the rest uploaded, and the manifest goes last. Returns the digest and
   * size docker prints ({@code PushResult.summary()}). {@code credential} null means "look it up". Errors as
   * for {@link #pull}; NotFoundException when no image has that tag. Publishes "push".
   */
  default dev.berth.registry.push.PushResult push(String reference, dev.berth.registry.auth.Credential credential,
      Consumer<dev.berth.registry.ProgressEvent> progress) {
    throw new UnsupportedOperationException("push is not supported by " + getClass().getSimpleName());
  }

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

  /** Writes an uncompressed layer tar, for example LayerDiffer's diff of a container's snapshot. */
  @FunctionalInterface
  interface LayerWriter {
    void writeTo(OutputStream out) throws IOException;

    /**
     * No changes (the empty tar): a commit given exactly this writer adds only a history entry marked
     * {@code empty_layer} and writes no layer blob at all (the builder's config-only steps).
     */
    LayerWriter EMPTY = out -> out.write(new byte[1024]);
  }

  /**
   * What {@link #commit} needs.
   *
   * @param parent the image the container runs (its ID), or null for a container without one
   * @param layer writes the container's changes as a layer tar
   * @param config the container's effective config (Cmd, Entrypoint, Env, WorkingDir, User, ExposedPorts,
   *     Volumes, Labels, StopSignal, Healthcheck), which becomes the image's
   * @param changes Dockerfile instructions applied on top ({@code docker commit --change})
   * @param comment the commit message ({@code -m}), may be null
   * @param author {@code -a}, may be null
   * @param reference the name to tag the image with, or null for an untagged image
   * @param createdBy the history entry's {@code created_by} ({@code docker build} writes the instruction, as
   *     {@code /bin/sh -c #(nop)  ENV a=b}); null: the config's Cmd joined, as {@code docker commit} writes it
   */
  record CommitRequest(
      Digest parent,
      LayerWriter layer,
      ImageConfig.ContainerConfig config,
      List<String> changes,
      String comment,
      String author,
      String reference,
      String createdBy) {
    public CommitRequest {
      Objects.requireNonNull(layer, "layer");
      config = config == null ? ImageConfig.ContainerConfig.EMPTY : config;
      changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** {@code docker commit}'s request: created_by is the config's Cmd. */
    public CommitRequest(Digest parent, LayerWriter layer, ImageConfig.ContainerConfig config, List<String> changes,
        String comment, String author, String reference) {
      this(parent, layer, config, changes, comment, author, reference, null);
    }
  }

  /** One line of the {@code rmi} answer: exactly one of untagged and deleted is set. */
  record DeleteItem(String untagged, String deleted) {}

  /** One line of {@code history}; {@code id} is null ("<missing>") except for the image itself. */
  record HistoryItem(String id, long created, String createdBy, List<String> tags, long size, String comment) {}

  record PruneReport(List<DeleteItem> deleted, long spaceReclaimed) {}

  /** Totals for {@code system df}: images, their layers' size, and the content store's size. */
  record DiskUsage(List<Image> images, long layersSize, long contentSize) {}

  /** The receiving end of images sent blob by blob from another host; a service without one refuses. */
  default ImageReceiver receiver() {
    throw new dev.berth.errors.SystemException("receiving images is not available in this image service");
  }

  /** The sending end of images sent blob by blob to another host; a service without one refuses. */
  default ImageSource source() {
    throw new dev.berth.errors.SystemException("sending images is not available in this image service");
  }

  /**
   * One regular file of the image's filesystem ({@code path} absolute), read from its layers without a container;
   * empty when the image has no such file. InvalidArgumentException when the path is not a regular file or is
   * larger than {@code maxBytes}. Used by dom0 to read the stack file an image carries. The default refuses, for
   * image services without layers (test fakes).
   */
  default java.util.Optional<byte[]> readFile(String nameOrId, String path, int maxBytes) {
    throw new UnsupportedOperationException("readFile is not supported by " + getClass().getSimpleName());
  }

  /**
   * Runs the code of a pull once on made-up data, so that a user's first pull after the daemon starts runs compiled
   * code rather than interpreted code. It touches no image, blob or event a user can see. berthd calls it once, in the
   * background, after its API opens. The default does nothing.
   */
  default void warmUp() {}

  /** The ID of an image, by name; NotFoundException when absent. */
  default Digest resolve(String nameOrId) {
    return inspect(nameOrId).id();
  }
}
