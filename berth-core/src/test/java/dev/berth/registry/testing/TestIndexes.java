package dev.berth.registry.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multi-platform test images: one image per platform, each with its own layers, under an OCI image index tagged in
 * the layout. Push it with {@link Skopeo#pushAll} (keeps the index, or makes a Docker manifest list with
 * {@link Skopeo.Format#DOCKER}) or {@link RawPusher#push(MultiPlatformImage, String)} (byte for byte).
 */
public final class TestIndexes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestIndexes() {}

  /** An index in an OCI layout under {@code tag} and the image it holds for each platform, in index order. */
  public record MultiPlatformImage(Path layout, String tag, TestImages.Blob index,
      Map<TestImages.Platform, TestImages.Image> images) {
    public MultiPlatformImage {
      images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
    }

    public TestImages.Image image(TestImages.Platform platform) {
      TestImages.Image image = images.get(platform);
      if (image == null) {
        throw new IllegalArgumentException("index " + tag + ": no image for " + platform);
      }
      return image;
    }
  }

  /**
   * Writes, for each platform, an image of {@code layers} (fresh random content per platform, so their digests
   * differ), then an index of them tagged {@code tag} in the layout at {@code dir}.
   */
  public static MultiPlatformImage ociIndex(Path dir, String tag, List<TestImages.Platform> platforms,
      List<TestImages.Layer> layers) {
    try {
      Map<TestImages.Platform, TestImages.Image> images = new LinkedHashMap<>();
      for (TestImages.Platform platform : platforms) {
        images.put(platform, TestImages.writeImage(dir, List.of("/bin/sh"), layers, platform));
      }
      ObjectNode index = JSON.createObjectNode();
      index.put("schemaVersion", 2);
      index.put("mediaType", TestImages.OCI_INDEX);
      ArrayNode manifests = index.putArray("manifests");
      images.forEach((platform, image) -> {
        ObjectNode entry = TestImages.descriptor(image.manifest());
        ObjectNode platformNode = entry.putObject("platform");
        platformNode.put("architecture", platform.architecture());
        platformNode.put("os", platform.os());
        if (!platform.variant().isEmpty()) {
          platformNode.put("variant", platform.variant());
        }
        manifests.add(entry);
      });
      TestImages.Blob blob = TestImages.writeJson(dir, index, TestImages.OCI_INDEX);
      TestImages.tagInIndex(dir, tag, blob);
      return new MultiPlatformImage(dir, tag, blob, images);
    } catch (IOException e) {
      throw new UncheckedIOException("write OCI index layout " + dir + ": " + e.getMessage(), e);
    }
  }
}
