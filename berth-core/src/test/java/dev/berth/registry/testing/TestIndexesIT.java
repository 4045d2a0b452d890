package dev.berth.registry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multi-platform test images reach the registry as an OCI index (or a Docker manifest list) over their images. */
class TestIndexesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<TestImages.Platform> PLATFORMS =
      List.of(TestImages.Platform.LINUX_ARM64, TestImages.Platform.LINUX_AMD64);

  @TempDir Path work;

  @Test
  void skopeoPushAll_ociIndex_registryServesTheIndexAndEachPlatformsManifest() throws Exception {
    TestIndexes.MultiPlatformImage multi = TestIndexes.ociIndex(work, "multi", PLATFORMS,
        List.of(TestImages.Layer.random(1000)));
    try (TestRegistry registry = TestRegistry.start()) {
      Skopeo skopeo = Skopeo.of(registry);

      String digest = skopeo.pushAll(multi, "multi/app:v1", Skopeo.Format.OCI);

      String raw = skopeo.inspectRaw("multi/app:v1");
      JsonNode index = JSON.readTree(raw);
      assertThat(digest).isEqualTo(multi.index().digest()).isEqualTo(Hashing.sha256(bytes(raw)));
      assertThat(index.get("mediaType").asText()).isEqualTo(TestImages.OCI_INDEX);
      assertThat(index.at("/manifests/0/platform/architecture").asText()).isEqualTo("arm64");
      assertThat(index.at("/manifests/0/platform/variant").asText()).isEqualTo("v8");
      assertThat(index.at("/manifests/1/digest").asText())
          .isEqualTo(multi.image(TestImages.Platform.LINUX_AMD64).manifest().digest());
      String amd64 = skopeo.inspectRaw("multi/app@" + multi.image(TestImages.Platform.LINUX_AMD64).manifest().digest());
      assertThat(Hashing.sha256(bytes(amd64))).isEqualTo(multi.image(TestImages.Platform.LINUX_AMD64).manifest().digest());
    }
  }

  @Test
  void skopeoPushAll_dockerFormat_registryServesAManifestList() throws Exception {
    TestIndexes.MultiPlatformImage multi = TestIndexes.ociIndex(work, "multi", PLATFORMS,
        List.of(TestImages.Layer.random(1000)));
    try (TestRegistry registry = TestRegistry.start()) {
      String digest = Skopeo.of(registry).pushAll(multi, "multi/docker:v1", Skopeo.Format.DOCKER);

      String raw = Skopeo.of(registry).inspectRaw("multi/docker:v1");
      assertThat(JSON.readTree(raw).get("mediaType").asText())
          .isEqualTo("application/vnd.docker.distribution.manifest.list.v2+json");
      assertThat(Hashing.sha256(bytes(raw))).isEqualTo(digest);
    }
  }

  @Test
  void rawPush_index_registryHoldsItByteForByte() throws Exception {
    TestIndexes.MultiPlatformImage multi = TestIndexes.ociIndex(work, "multi", PLATFORMS,
        List.of(TestImages.Layer.random(10, TestImages.Compression.NONE)));
    try (TestRegistry registry = TestRegistry.start()) {
      String digest = RawPusher.of(registry).push(multi, "raw/multi:v1");

      assertThat(Hashing.sha256(bytes(Skopeo.of(registry).inspectRaw("raw/multi:v1")))).isEqualTo(digest)
          .isEqualTo(multi.index().digest());
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
