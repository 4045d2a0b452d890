package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.image.archive.TestImages.TestImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interoperability with independent OCI tools: what {@link ImageSaver} writes, skopeo and umoci read; what
 * skopeo and umoci write, {@link ImageLoader} reads, with the same digests and the same file trees.
 * Needs root (umoci keeps owners and setuid bits), skopeo and umoci.
 */
class ArchiveInteropIT {
  @TempDir Path temp;
  DirContentStore store;

  @BeforeEach
  void setUp() {
    store = new DirContentStore(temp.resolve("content"));
  }

  @Test
  void save_extractedTar_isAnOciLayoutThatSkopeoInspectsAndUmociUnpacks() throws Exception {
    TestImage image = TestImages.busybox(store, true, "out");
    Path layout = extractedSave(image, "busybox:latest");

    JsonNode inspect = Json.MAPPER.readTree(run("skopeo", "inspect", "oci:" + layout + ":latest"));
    assertThat(inspect.get("Digest").asText()).isEqualTo(image.manifest().digest().toString());
    assertThat(inspect.get("Layers")).extracting(JsonNode::asText).containsExactly(image.layer().digest().toString());
    assertThat(inspect.get("Architecture").asText()).isEqualTo("amd64");

    Path bundle = temp.resolve("bundle");
    run("umoci", "unpack", "--image", layout + ":latest", bundle.toString());
    assertThat(FileTree.ofDirectory(bundle.resolve("rootfs"))).isEqualTo(FileTree.ofTar(image.layerTar()));
  }

  @Test
  void ociLayoutWrite_givesALayoutSkopeoCopiesToAnOciArchiveThatLoadsBack() throws Exception {
    TestImage image = TestImages.busybox(store, false, "layout");
    Path layout = temp.resolve("written-layout");
    OciLayout.write(store, List.of(new SaveItem(image.manifest(), List.of(ImageReference.parse("app:v1")))), layout);
    Path archive = temp.resolve("oci-archive.tar");

    JsonNode inspect = Json.MAPPER.readTree(run("skopeo", "inspect", "oci:" + layout + ":v1"));
    run("skopeo", "--insecure-policy", "copy", "oci:" + layout + ":v1", "oci-archive:" + archive + ":v1");
    DirContentStore loadedStore = new DirContentStore(temp.resolve("loaded"));
    List<LoadedImage> loaded;
    try (InputStream in = Files.newInputStream(archive)) {
      loaded = ImageLoader.load(in, loadedStore, temp.resolve("scratch"));
    }

    assertThat(inspect.get("Digest").asText()).isEqualTo(image.manifest().digest().toString());
    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.configDigest()).isEqualTo(image.config());
      assertThat(l.tags()).as("a bare ref.name names no repository").isEmpty();
    });
  }

  @Test
  void load_skopeoDockerArchiveOfASavedImage_keepsTheImageId() throws Exception {
    TestImage image = TestImages.busybox(store, true, "roundtrip");
    Path layout = extractedSave(image, "busybox:latest");
    Path archive = temp.resolve("docker-archive.tar");

    run("skopeo", "--insecure-policy", "copy", "oci:" + layout + ":latest", "docker-archive:" + archive + ":busybox:latest");
    DirContentStore loadedStore = new DirContentStore(temp.resolve("loaded"));
    List<LoadedImage> loaded;
    try (InputStream in = Files.newInputStream(archive)) {
      loaded = ImageLoader.load(in, loadedStore, temp.resolve("scratch"));
    }

    assertThat(loaded).singleElement().satisfies(l -> {
      assertThat(l.configDigest()).isEqualTo(image.config());
      assertThat(l.tags()).containsExactly(ImageReference.parse("busybox:latest"));
    });
    Manifest manifest = Json.read(loadedStore.read(loaded.getFirst().manifest().digest()), Manifest.class);
    assertThat(FileTree.ofTar(loadedStore.open(manifest.layers().getFirst().digest()), Map.of()))
        .isEqualTo(FileTree.ofTar(image.layerTar()));
    assertThat(temp.resolve("scratch")).isEmptyDirectory();
  }

  @Test
  void load_tarOfAnUmociBuiltLayout_givesUmocisImageAndRootfs() throws Exception {
    Path layout = temp.resolve("umoci-layout");
    Path bundle = temp.resolve("umoci-bundle");
    run("umoci", "init", "--layout", layout.toString());
    run("umoci", "new", "--image", layout + ":t");
    run("umoci", "unpack", "--image", layout + ":t", bundle.toString());
    populate(bundle.resolve("rootfs"));
    run("umoci", "repack", "--image", layout + ":t", bundle.toString());
    Path archive = temp.resolve("umoci.tar");
    run("tar", "-C", layout.toString(), "-cf", archive.toString(), ".");

    List<LoadedImage> loaded;
    try (InputStream in = Files.newInputStream(archive)) {
      loaded = ImageLoader.load(in, store, temp.resolve("scratch"));
    }

    Descriptor umociManifest = OciLayout.open(layout).index().manifests().getFirst();
    Manifest expected = OciLayout.open(layout).readJson(umociManifest, Manifest.class, "umoci manifest");
    LoadedImage image = loaded.getFirst();
    assertThat(loaded).hasSize(1);
    assertThat(image.manifest().digest()).isEqualTo(umociManifest.digest());
    assertThat(image.configDigest()).isEqualTo(expected.config().digest());
    assertThat(image.tags()).isEmpty();
    Map<String, FileTree.Node> tree = Map.of();
    for (Descriptor layer : Json.read(store.read(image.manifest().digest()), Manifest.class).layers()) {
      try (InputStream in = store.open(layer.digest())) {
        tree = FileTree.ofTar(in, tree);
      }
    }
    assertThat(tree).isEqualTo(FileTree.ofDirectory(bundle.resolve("rootfs")));
    assertThat(tree).containsKeys("bin/busybox", "bin/sh", "bin/ls", "bin/su", "etc/passwd", "tmp");
    assertThat(tree.get("bin/su").mode()).isEqualTo(04755);
  }

  /** A small busybox-like tree: files, directories, a symlink, a hard link, a setuid file, a sticky dir. */
  private static void populate(Path rootfs) throws IOException {
    Path bin = Files.createDirectories(rootfs.resolve("bin"));
    Files.writeString(bin.resolve("busybox"), "#!/bin/busybox umoci\n");
    Files.setAttribute(bin.resolve("busybox"), "unix:mode", 0755);
    Files.createSymbolicLink(bin.resolve("sh"), Path.of("busybox"));
    Files.createLink(bin.resolve("ls"), bin.resolve("busybox"));
    Files.writeString(bin.resolve("su"), "setuid helper\n");
    Files.setAttribute(bin.resolve("su"), "unix:mode", 04755);
    Path etc = Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    Files.writeString(etc.resolve("shadow"), "root:*:19000:0:99999:7:::\n");
    Files.setAttribute(etc.resolve("shadow"), "unix:mode", 0600);
    Path tmp = Files.createDirectories(rootfs.resolve("tmp"));
    Files.setAttribute(tmp, "unix:mode", 01777);
  }

  /** Saves the image with ImageSaver and unpacks the tar with tar(1) into a directory. */
  private Path extractedSave(TestImage image, String tag) throws Exception {
    Path tar = temp.resolve("saved.tar");
    try (OutputStream out = Files.newOutputStream(tar)) {
      ImageSaver.save(store, List.of(new SaveItem(image.manifest(), List.of(ImageReference.parse(tag)))), out);
    }
    Path layout = Files.createDirectories(temp.resolve("saved-layout"));
    run("tar", "-C", layout.toString(), "-xf", tar.toString());
    return layout;
  }

  /** Runs a command, failing the test with its stderr when it fails; returns its stdout. */
  private String run(String... command) throws Exception {
    Path stderr = Files.createTempFile(temp, "stderr", ".txt");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    process.getOutputStream().close();
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " timed out");
    }
    assertThat(process.exitValue()).as("%s failed: %s", String.join(" ", command), Files.readString(stderr)).isZero();
    return stdout;
  }
}
