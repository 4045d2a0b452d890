package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.image.content.ContentStore;
import dev.berth.image.content.LocalContentStore;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Manifest;
import dev.berth.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileReaderTest {
  @TempDir Path root;
  private ContentStore content;
  private ImageFileReader reader;

  @BeforeEach
  void open() {
    content = LocalContentStore.open(root.resolve("content"));
    reader = new ImageFileReader(content);
  }

  /** A manifest of layers (oldest first), each a tar of path to content; gzip every other one. */
  @SafeVarargs
  private Manifest image(Map<String, String>... layers) {
    List<Descriptor> descriptors = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      byte[] tar = Tars.of(layers[i]);
      byte[] blob = i % 2 == 1 ? Tars.gzip(tar) : tar;
      var info = content.write(blob);
      descriptors.add(Descriptor.of(MediaTypes.OCI_LAYER, info.digest(), info.size()));
    }
    var config = content.write("{}".getBytes(StandardCharsets.UTF_8));
    return Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, config.digest(), config.size()), descriptors);
  }

  private static Map<String, String> files(String... pathsAndContents) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) m.put(pathsAndContents[i], pathsAndContents[i + 1]);
    return m;
  }

  private String read(Manifest m, String path) {
    return reader.read(m, path, 1024).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
  }

  @Test
  void read_newestLayerWins_andLowerLayersAreSearched() {
    Manifest m = image(files("etc/berth/stack.yml", "v1", "etc/other", "o"), files("./etc/berth/stack.yml", "v2"));
    assertThat(read(m, "/etc/berth/stack.yml")).isEqualTo("v2");
    assertThat(read(m, "/etc/other")).isEqualTo("o");
    assertThat(read(m, "/etc/missing")).isNull();
  }

  @Test
  void read_whiteoutOfTheFileOrADirectoryAbove_hidesIt() {
    Manifest file = image(files("etc/berth/stack.yml", "v1"), files("etc/berth/.wh.stack.yml", ""));
    assertThat(read(file, "/etc/berth/stack.yml")).isNull();
    Manifest dir = image(files("etc/berth/stack.yml", "v1"), files("etc/.wh.berth", ""));
    assertThat(read(dir, "/etc/berth/stack.yml")).isNull();
    Manifest opaque = image(files("etc/berth/stack.yml", "v1"), files("etc/berth/.wh..wh..opq", "", "etc/berth/x", "x"));
    assertThat(read(opaque, "/etc/berth/stack.yml")).isNull();
    Manifest elsewhere = image(files("etc/berth/stack.yml", "v1"), files("etc/.wh.berthd", "", "other/.wh..wh..opq", ""));
    assertThat(read(elsewhere, "/etc/berth/stack.yml")).isEqualTo("v1");
  }

  @Test
  void read_tooLargeOrNotAPath_isInvalidArgument() {
    Manifest m = image(files("big", "x".repeat(2000)));
    assertThatThrownBy(() -> reader.read(m, "/big", 1024)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("/big").hasMessageContaining("2000 bytes");
    assertThatThrownBy(() -> reader.read(m, "/", 1024)).isInstanceOf(InvalidArgumentException.class);
  }
}
