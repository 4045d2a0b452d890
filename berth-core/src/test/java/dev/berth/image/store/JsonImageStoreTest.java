package dev.berth.image.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.MediaTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonImageStoreTest {
  @TempDir Path dir;

  private static StoredImage image(String seed) {
    Digest id = Digest.sha256(seed.getBytes());
    Descriptor manifest = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(("m" + seed).getBytes()), 100);
    return new StoredImage(id, manifest, List.of("docker.io/library/x@" + manifest.digest()), Instant.parse("2026-01-02T03:04:05.123456789Z"), List.of(10L, 20L));
  }

  @Test
  void putAndTag_survive_reopening() {
    JsonImageStore store = JsonImageStore.open(dir);
    StoredImage img = image("a");
    store.put(img);
    store.tag(ImageReference.parse("busybox"), img.id());

    JsonImageStore reopened = JsonImageStore.open(dir);

    assertThat(reopened.image(img.id())).contains(img);
    assertThat(reopened.tags()).containsEntry(ImageReference.parse("docker.io/library/busybox:latest"), img.id());
    assertThat(reopened.images()).containsExactly(img);
    assertThat(img.size()).isEqualTo(30);
  }

  @Test
  void tag_movedReference_returnsThePreviousImage() {
    JsonImageStore store = JsonImageStore.open(dir);
    StoredImage a = image("a");
    StoredImage b = image("b");
    store.put(a);
    store.put(b);
    ImageReference ref = ImageReference.parse("app:1");

    assertThat(store.tag(ref, a.id())).isEmpty();
    assertThat(store.tag(ref, b.id())).contains(a.id());
    assertThat(store.tags()).containsEntry(ref, b.id());
    assertThat(store.image(a.id())).isPresent();
  }

  @Test
  void tag_unknownImage_isNotFoundAndChangesNothing() {
    JsonImageStore store = JsonImageStore.open(dir);

    assertThatThrownBy(() -> store.tag(ImageReference.parse("x"), Digest.sha256(new byte[0])))
        .isInstanceOf(NotFoundException.class);
    assertThat(JsonImageStore.open(dir).tags()).isEmpty();
  }

  @Test
  void remove_dropsTheImageAndEveryTagOfIt() {
    JsonImageStore store = JsonImageStore.open(dir);
    StoredImage a = image("a");
    StoredImage b = image("b");
    store.put(a);
    store.put(b);
    store.tag(ImageReference.parse("one"), a.id());
    store.tag(ImageReference.parse("two"), a.id());
    store.tag(ImageReference.parse("three"), b.id());

    store.remove(a.id());

    JsonImageStore reopened = JsonImageStore.open(dir);
    assertThat(reopened.images()).containsExactly(b);
    assertThat(reopened.tags()).containsOnlyKeys(ImageReference.parse("three"));
    assertThatThrownBy(() -> store.remove(a.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void untag_reportsWhetherTheTagExisted() {
    JsonImageStore store = JsonImageStore.open(dir);
    StoredImage a = image("a");
    store.put(a);
    store.tag(ImageReference.parse("one"), a.id());

    assertThat(store.untag(ImageReference.parse("one"))).isTrue();
    assertThat(store.untag(ImageReference.parse("one"))).isFalse();
    assertThat(JsonImageStore.open(dir).tags()).isEmpty();
  }

  @Test
  void writes_leaveNoTemporaryFiles() throws Exception {
    JsonImageStore store = JsonImageStore.open(dir);
    store.put(image("a"));
    Files.writeString(dir.resolve(".tmp-images.json-crashed"), "{");

    JsonImageStore.open(dir);

    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("images.json");
    }
  }

  @Test
  void open_corruptFile_isASystemErrorNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("images.json"), "{not json");

    assertThatThrownBy(() -> JsonImageStore.open(dir))
        .isInstanceOf(SystemException.class).hasMessageContaining(dir.resolve("images.json").toString());
  }
}
