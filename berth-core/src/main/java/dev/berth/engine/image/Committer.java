package dev.berth.engine.image;

import dev.berth.engine.ImageService.CommitRequest;
import dev.berth.errors.BerthException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.content.ContentStore.BlobInfo;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code docker commit}'s blobs: the container's diff as an uncompressed layer (its blob digest is its diff
 * ID), a config that extends the parent's rootfs and history, and an OCI manifest listing the parent's layers
 * and the new one. The diff is written to a scratch file first, so a writer that fails half way never
 * becomes a blob. As dockerd does, a diff with no changes (the empty tar) adds no layer, only a history entry
 * marked {@code empty_layer}.
 */
final class Committer {
  /** sha256 of an empty tar (two zero blocks): the diff of a container that changed nothing. */
  static final Digest EMPTY_LAYER =
      Digest.parse("sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef");

  private static final Map<String, String> OCI_LAYER_TYPES = Map.of(
      MediaTypes.DOCKER_LAYER, MediaTypes.OCI_LAYER,
      MediaTypes.DOCKER_LAYER_GZIP, MediaTypes.OCI_LAYER_GZIP,
      MediaTypes.DOCKER_LAYER_FOREIGN, "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip");

  private final ContentStore content;
  private final Path scratch;

  Committer(ContentStore content, Path scratch) {
    this.content = content;
    this.scratch = scratch;
  }

  /** The parent image's config and manifest, or null for a container without an image. */
  record Parent(ImageConfig config, Manifest manifest) {}

  /** What a commit wrote: the manifest (descriptor and parsed) and the config. */
  record Committed(Descriptor manifestDescriptor, Manifest manifest, ImageConfig config) {}

  Committed write(CommitRequest request, ImageConfig.ContainerConfig config, Parent parent) {
    BlobInfo layer = writeLayer(request);
    boolean empty = layer.digest().equals(EMPTY_LAYER);
    String created = Instant.now().toString();
    ImageConfig base = parent == null ? null : parent.config();
    List<Digest> diffIds = new ArrayList<>(base == null ? List.of() : base.diffIds());
    List<Descriptor> layers = new ArrayList<>(parent == null ? List.of() : ociLayers(parent.manifest()));
    if (!empty) {
      diffIds.add(layer.digest());
      layers.add(Descriptor.of(MediaTypes.OCI_LAYER, layer.digest(), layer.size()));
    }
    List<ImageConfig.History> history = new ArrayList<>(base == null ? List.of() : parentHistory(base));
    String createdBy = request.createdBy() != null ? request.createdBy()
        : request.config().cmd() == null ? "" : String.join(" ", request.config().cmd());
    history.add(new ImageConfig.History(created, createdBy, request.author(), emptyToNull(request.comment()),
        empty ? Boolean.TRUE : null));
    ImageConfig image = new ImageConfig(created, emptyToNull(request.author()),
        base == null || base.architecture() == null ? "amd64" : base.architecture(),
        base == null || base.os() == null ? "linux" : base.os(), base == null ? null : base.variant(), config,
        ImageConfig.RootFs.layers(diffIds), history, null, emptyToNull(request.comment()));
    BlobInfo configBlob = content.write(Json.write(image));
    Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configBlob.digest(), configBlob.size()), layers);
    BlobInfo manifestBlob = content.write(Json.write(manifest));
    return new Committed(Descriptor.of(MediaTypes.OCI_MANIFEST, manifestBlob.digest(), manifestBlob.size()), manifest, image);
  }

  private BlobInfo writeLayer(CommitRequest request) {
    if (request.layer() == dev.berth.engine.ImageService.LayerWriter.EMPTY) {
      return new BlobInfo(EMPTY_LAYER, 1024, Instant.now());
    }
    Path tmp = null;
    try {
      Files.createDirectories(scratch);
      tmp = Files.createTempFile(scratch, "commit-", ".tar");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        request.layer().writeTo(out);
      }
      try (InputStream in = Files.newInputStream(tmp)) {
        return content.write(in, null, Files.size(tmp));
      }
    } catch (IOException e) {
      throw new SystemException("commit: cannot write the container's changes as a layer: " + e.getMessage(), e);
    } catch (BerthException e) {
      throw e;
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** The parent's history, one entry per layer when it has none, so that entries and layers still line up. */
  private static List<ImageConfig.History> parentHistory(ImageConfig parent) {
    if (!parent.history().isEmpty() || parent.diffIds().isEmpty()) return parent.history();
    return parent.diffIds().stream().map(d -> new ImageConfig.History(parent.created(), null, null, null, null)).toList();
  }

  /** An OCI manifest lists OCI layer types: Docker's are renamed (the blobs are the same bytes). */
  private static List<Descriptor> ociLayers(Manifest manifest) {
    return manifest.layers().stream()
        .map(l -> {
          String type = OCI_LAYER_TYPES.get(l.mediaType());
          return type == null ? l : new Descriptor(type, l.digest(), l.size(), l.urls(), l.annotations(), l.platform(), l.artifactType());
        })
        .toList();
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static void deleteQuietly(Path p) {
    if (p == null) return;
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover scratch file is harmless
    }
  }
}
