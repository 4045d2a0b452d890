package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.NotFoundException;
import dev.berth.image.archive.TestImages.TestImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSaverTest {
  @TempDir Path temp;
  DirContentStore store;

  @BeforeEach
  void setUp() {
    store = new DirContentStore(temp.resolve("content"));
  }

  private static byte[] save(DirContentStore store, List<SaveItem> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageSaver.save(store, items, out);
    return out.toByteArray();
  }

  private static JsonNode json(byte[] bytes) throws IOException {
    return Json.MAPPER.readTree(bytes);
  }

  @Test
  void save_taggedImage_writesOciLayoutDockerManifestAndRepositories() throws IOException {
    TestImage image = TestImages.busybox(store, true, "one");
    ImageReference tag = ImageReference.parse("busybox:latest");

    Map<String, byte[]> files = Tars.read(save(store, List.of(new SaveItem(image.manifest(), List.of(tag)))));

    List<String> blobs = java.util.stream.Stream.of(image.manifest().digest(), image.config(), image.layer().digest())
        .map(d -> "blobs/sha256/" + d.encoded()).sorted().toList();
    List<String> expectedNames = new ArrayList<>(List.of("blobs/", "blobs/sha256/"));
    expectedNames.addAll(blobs);
    expectedNames.addAll(List.of("index.json", "manifest.json", "oci-layout", "repositories"));
    assertThat(files.keySet()).containsExactlyElementsOf(expectedNames);
    for (String blob : blobs) {
      assertThat(files.get(blob)).isEqualTo(store.read(dev.berth.oci.Digest.parse("sha256:" + blob.substring(13))));
    }
    assertThat(json(files.get("oci-layout")).get("imageLayoutVersion").asText()).isEqualTo("1.0.0");

    JsonNode entry = json(files.get("index.json")).get("manifests").get(0);
    assertThat(entry.get("digest").asText()).isEqualTo(image.manifest().digest().toString());
    assertThat(entry.get("annotations").get("io.containerd.image.name").asText()).isEqualTo("docker.io/library/busybox:latest");
    assertThat(entry.get("annotations").get("org.opencontainers.image.ref.name").asText()).isEqualTo("latest");
    assertThat(entry.get("platform").get("architecture").asText()).isEqualTo("amd64");

    JsonNode item = json(files.get("manifest.json")).get(0);
    assertThat(item.get("Config").asText()).isEqualTo("blobs/sha256/" + image.config().encoded());
    assertThat(item.get("RepoTags").get(0).asText()).isEqualTo("busybox:latest");
    assertThat(item.get("Layers").get(0).asText()).isEqualTo("blobs/sha256/" + image.layer().digest().encoded());

    assertThat(json(files.get("repositories")).get("busybox").get("latest").asText()).isEqualTo(image.layer().digest().encoded());
  }

  @Test
  void save_sameImagesTwice_writesIdenticalBytesWithFixedTimesAndOwners() throws IOException {
    TestImage image = TestImages.busybox(store, false, "one");
    List<SaveItem> items = List.of(new SaveItem(image.manifest(),
        List.of(ImageReference.parse("busybox:latest"), ImageReference.parse("localhost:5000/tools/busybox:1.36"))));

    byte[] first = save(store, items);
    byte[] second = save(store, items);

    assertThat(first).isEqualTo(second);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new java.io.ByteArrayInputStream(first))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        assertThat(e.getModTime().getTime()).as(e.getName()).isZero();
        assertThat(e.getLongUserId()).as(e.getName()).isZero();
        assertThat(e.getMode() & 07777).as(e.getName()).isEqualTo(e.isDirectory() ? 0755 : 0644);
      }
    }
  }

  @Test
  void save_twoTags_writesOneIndexEntryPerTagAndBothRepoTags() throws IOException {
    TestImage image = TestImages.busybox(store, false, "one");
    List<ImageReference> tags = List.of(ImageReference.parse("busybox:latest"), ImageReference.parse("localhost:5000/tools/busybox:1.36"));

    Map<String, byte[]> files = Tars.read(save(store, List.of(new SaveItem(image.manifest(), tags))));

    JsonNode manifests = json(files.get("index.json")).get("manifests");
    assertThat(manifests).hasSize(2);
    assertThat(manifests.get(1).get("annotations").get("io.containerd.image.name").asText())
        .isEqualTo("localhost:5000/tools/busybox:1.36");
    assertThat(manifests.get(1).get("annotations").get("org.opencontainers.image.ref.name").asText()).isEqualTo("1.36");
    assertThat(json(files.get("manifest.json")).get(0).get("RepoTags"))
        .extracting(JsonNode::asText).containsExactly("busybox:latest", "localhost:5000/tools/busybox:1.36");
    JsonNode repositories = json(files.get("repositories"));
    assertThat(repositories.has("busybox")).isTrue();
    assertThat(repositories.get("localhost:5000/tools/busybox").get("1.36").asText()).isEqualTo(image.layer().digest().encoded());
  }

  @Test
  void save_twoImagesSharingALayer_writesTheLayerOnce() {
    byte[] layer = TestImages.rootfs("shared");
    TestImage a = TestImages.image(store, layer, true, "amd64", "a");
    TestImage b = TestImages.image(store, layer, true, "amd64", "b");

    Map<String, byte[]> files = Tars.read(save(store, List.of(
        new SaveItem(a.manifest(), List.of(ImageReference.parse("a:1"))),
        new SaveItem(b.manifest(), List.of(ImageReference.parse("b:1"))))));

    assertThat(a.layer().digest()).isEqualTo(b.layer().digest());
    assertThat(files.keySet().stream().filter(n -> n.startsWith("blobs/sha256/") && n.length() > 13)).hasSize(5);
  }

  @Test
  void save_untaggedImage_writesEntryWithoutAnnotationsAndNoRepositories() throws IOException {
    TestImage image = TestImages.busybox(store, false, "one");

    Map<String, byte[]> files = Tars.read(save(store, List.of(new SaveItem(image.manifest(), List.of()))));

    JsonNode entry = json(files.get("index.json")).get("manifests").get(0);
    assertThat(entry.has("annotations")).isFalse();
    assertThat(json(files.get("manifest.json")).get(0).get("RepoTags")).isEmpty();
    assertThat(files).doesNotContainKey("repositories");
  }

  @Test
  void save_indexWithTwoPlatforms_writesBothAndListsAmd64InManifestJson() throws IOException {
    TestImage arm = TestImages.image(store, TestImages.rootfs("arm"), true, "arm64", "arm");
    TestImage amd = TestImages.image(store, TestImages.rootfs("amd"), true, "amd64", "amd");
    Descriptor index = TestImages.index(store, List.of(
        TestImages.withPlatform(arm.manifest(), "arm64"), TestImages.withPlatform(amd.manifest(), "amd64")));

    Map<String, byte[]> files = Tars.read(save(store, List.of(new SaveItem(index, List.of(ImageReference.parse("multi:1"))))));

    assertThat(files).containsKeys("blobs/sha256/" + index.digest().encoded(), "blobs/sha256/" + arm.layer().digest().encoded());
    assertThat(json(files.get("index.json")).get("manifests").get(0).get("digest").asText()).isEqualTo(index.digest().toString());
    assertThat(json(files.get("manifest.json")).get(0).get("Config").asText()).isEqualTo("blobs/sha256/" + amd.config().encoded());
  }

  @Test
  void save_missingLayerBlob_throwsNotFoundBeforeWritingAnything() {
    TestImage image = TestImages.busybox(store, true, "one");
    store.delete(image.layer().digest());
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> ImageSaver.save(store, List.of(new SaveItem(image.manifest(), List.of(ImageReference.parse("busybox")))), out))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("save busybox:latest")
        .hasMessageContaining(image.layer().digest().toString());
    assertThat(out.size()).isZero();
  }
}
