package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.image.store.JsonImageStore;
import dev.berth.image.store.StoredImage;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageReference;
import dev.berth.oci.MediaTypes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageResolverTest {
  @TempDir Path dir;
  private JsonImageStore store;
  private ImageResolver resolver;

  private StoredImage put(String hexId, String... repoDigests) {
    Digest id = new Digest("sha256", hexId);
    StoredImage image = new StoredImage(id, Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256(hexId.getBytes()), 1),
        List.of(repoDigests), Instant.now());
    store.put(image);
    return image;
  }

  @BeforeEach
  void open() {
    store = JsonImageStore.open(dir);
    resolver = new ImageResolver(store);
  }

  @Test
  void resolve_sharedPrefix_isAmbiguousButALongerOneIsNot() {
    StoredImage a = put("abc1" + "0".repeat(60));
    put("abc2" + "0".repeat(60));

    assertThatThrownBy(() -> resolver.resolve("abc"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("multiple IDs found with provided prefix: abc");
    assertThat(resolver.resolve("abc1")).isEqualTo(a);
    assertThat(resolver.resolve("sha256:abc1")).isEqualTo(a);
  }

  @Test
  void resolve_tagBeforeIdPrefix_asDockerDoes() {
    StoredImage byId = put("beef" + "0".repeat(60));
    StoredImage tagged = put("cafe" + "0".repeat(60));
    store.tag(ImageReference.parse("beef"), tagged.id());

    assertThat(resolver.resolve("beef")).isEqualTo(tagged);
    assertThat(resolver.resolve("bee")).isEqualTo(byId);
  }

  @Test
  void resolve_repoDigest_findsTheImage() {
    Digest manifest = Digest.sha256("registry manifest".getBytes());
    StoredImage image = put("d00d" + "0".repeat(60), "busybox@" + manifest);

    assertThat(resolver.resolve("busybox@" + manifest)).isEqualTo(image);
    assertThat(resolver.resolve("docker.io/library/busybox@" + manifest)).isEqualTo(image);
    assertThatThrownBy(() -> resolver.resolve("other@" + manifest)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void resolve_missingOrMalformed_hasDockerLikeErrors() {
    assertThatThrownBy(() -> resolver.resolve("busybox")).isInstanceOf(NotFoundException.class).hasMessage("No such image: busybox:latest");
    assertThatThrownBy(() -> resolver.resolve("sha256:" + "e".repeat(64))).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> resolver.resolve("Bad Name")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("invalid reference format");
  }
}
