package dev.berth.image.archive;

import dev.berth.image.content.ContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.Platform;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builds small busybox-like images in a content store, without the network. */
final class TestImages {
  private TestImages() {}

  /**
   * An image in the store.
   *
   * @param manifest its manifest descriptor
   * @param config its config digest (the image ID)
   * @param layerTar the uncompressed tar of its one layer
   * @param layer the layer's descriptor
   */
  record TestImage(Descriptor manifest, Digest config, byte[] layerTar, Descriptor layer) {}

  /**
   * A tree with files, a directory, a symlink, a hard link, a setuid file and a sticky directory;
   * {@code marker} changes one file so that images differ.
   */
  static byte[] rootfs(String marker) {
    return new Tars.Builder()
        .dir("bin", 0755)
        .file("bin/busybox", 0755, "#!/bin/busybox " + marker + "\n")
        .symlink("bin/sh", "busybox")
        .hardlink("bin/ls", "bin/busybox")
        .file("bin/su", 04755, "setuid helper\n")
        .dir("etc", 0755)
        .file("etc/passwd", 0644, "root:x:0:0:root:/root:/bin/sh\n")
        .file("etc/shadow", 0600, "root:*:19000:0:99999:7:::\n")
        .dir("tmp", 01777)
        .dir("usr", 0755)
        .dir("usr/share", 0755)
        .symlink("usr/share/passwd-link", "/etc/passwd")
        .build();
  }

  static TestImage busybox(ContentStore store, boolean gzip, String marker) {
    return image(store, rootfs(marker), gzip, "amd64", marker);
  }

  /** An image whose one layer is {@code layerTar}, for the given architecture. */
  static TestImage image(ContentStore store, byte[] layerTar, boolean gzip, String architecture, String label) {
    Digest diffId = Digest.sha256(layerTar);
    byte[] layerBlob = gzip ? Tars.gzip(layerTar) : layerTar;
    Digest layerDigest = store.write(layerBlob).digest();
    byte[] config = config(architecture, diffId, label);
    Digest configDigest = store.write(config).digest();
    Descriptor layer = Descriptor.of(gzip ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER, layerDigest, layerBlob.length);
    Manifest manifest = Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, configDigest, config.length), List.of(layer));
    byte[] manifestBytes = Json.write(manifest);
    Digest manifestDigest = store.write(manifestBytes).digest();
    Descriptor descriptor = Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifestBytes.length);
    return new TestImage(descriptor, configDigest, layerTar, layer);
  }

  static byte[] config(String architecture, Digest diffId, String label) {
    String json = "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"sh\"],\"Labels\":{\"test\":\""
        + label + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]},\"history\":[{\"created_by\":\"test\"}]}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** An OCI index over the images' manifests, each with its platform, stored in the store. */
  static Descriptor index(ContentStore store, List<Descriptor> manifests) {
    byte[] bytes = Json.write(dev.berth.oci.Index.oci(manifests));
    Digest digest = store.write(bytes).digest();
    return Descriptor.of(MediaTypes.OCI_INDEX, digest, bytes.length);
  }

  static Descriptor withPlatform(Descriptor manifest, String architecture) {
    return manifest.withPlatform(new Platform(architecture, "linux", null, null, null));
  }
}
