package dev.berth.image.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.archive.TestImages.TestImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.ImageReference;
import dev.berth.oci.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
  @TempDir Path temp;

  @Test
  void write_thenOpen_readsIndexEntriesAndBlobs() {
    DirContentStore store = new DirContentStore(temp.resolve("content"));
    TestImage image = TestImages.busybox(store, true, "one");
    Path dir = temp.resolve("layout");

    OciLayout.write(store, List.of(new SaveItem(image.manifest(), List.of(ImageReference.parse("busybox:1")))), dir);
    OciLayout layout = OciLayout.open(dir);

    Descriptor entry = layout.index().manifests().getFirst();
    assertThat(entry.digest()).isEqualTo(image.manifest().digest());
    assertThat(entry.annotation("org.opencontainers.image.ref.name")).isEqualTo("1");
    Manifest manifest = layout.readJson(entry, Manifest.class, "manifest");
    assertThat(manifest.config().digest()).isEqualTo(image.config());
    assertThat(layout.requireBlob(manifest.layers().getFirst(), "layer")).hasSameBinaryContentAs(store.path(image.layer().digest()));
    assertThat(dir.resolve("manifest.json")).doesNotExist();
  }

  @Test
  void write_intoNonEmptyDirectory_throwsConflict() throws IOException {
    DirContentStore store = new DirContentStore(temp.resolve("content"));
    TestImage image = TestImages.busybox(store, true, "one");
    Path dir = Files.createDirectories(temp.resolve("layout"));
    Files.writeString(dir.resolve("keep"), "x");

    assertThatThrownBy(() -> OciLayout.write(store, List.of(new SaveItem(image.manifest(), List.of())), dir))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("not empty");
  }

  @Test
  void open_directoryWithoutOciLayoutFile_throwsInvalidArgument() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("plain"));
    Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");

    assertThatThrownBy(() -> OciLayout.open(dir))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("oci-layout is missing");
  }

  @Test
  void readBlob_blobWithOtherContentOfTheSameSize_throwsNamingTheBlob() throws IOException {
    DirContentStore store = new DirContentStore(temp.resolve("content"));
    TestImage image = TestImages.busybox(store, true, "one");
    Path dir = temp.resolve("layout");
    OciLayout.write(store, List.of(new SaveItem(image.manifest(), List.of())), dir);
    Path manifestFile = dir.resolve("blobs/sha256/" + image.manifest().digest().encoded());
    byte[] bytes = Files.readAllBytes(manifestFile);
    bytes[bytes.length - 2] = (byte) ' ';
    Files.write(manifestFile, bytes);

    assertThatThrownBy(() -> OciLayout.open(dir).readBlob(image.manifest(), "manifest"))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("blobs/sha256/" + image.manifest().digest().encoded())
        .hasMessageContaining("does not match its digest");
  }
}
