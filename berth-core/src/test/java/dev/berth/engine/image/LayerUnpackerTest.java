package dev.berth.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.storage.Mount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerUnpackerTest {
  @Test
  void applyPath_unpackerWithOnlyAStreamEntry_getsTheFileContentAndTheSameMounts(@TempDir Path dir) throws IOException {
    Path blob = Files.writeString(dir.resolve("blob"), "layer bytes");
    List<Mount> mounts = List.of(new Mount("bind", dir.toString(), List.of("rbind")));
    LayerUnpacker streamOnly = (in, m) -> {
      byte[] got = in.readAllBytes();
      assertThat(m).isSameAs(mounts);
      return new LayerUnpacker.Applied(Digest.sha256(got), got.length);
    };

    LayerUnpacker.Applied r = streamOnly.apply(blob, mounts);

    assertThat(r.diffId()).isEqualTo(Digest.sha256("layer bytes".getBytes(StandardCharsets.UTF_8)));
    assertThat(r.size()).isEqualTo(11);
  }

  @Test
  void engineApplier_blobFile_appliesItThroughTheFileEntry(@TempDir Path dir) throws IOException {
    Path blob = dir.resolve("blob");
    Path target = Files.createDirectory(dir.resolve("target"));
    try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(blob))) {
      var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry("hello");
      e.setSize(2);
      tar.putArchiveEntry(e);
      tar.write("hi".getBytes(StandardCharsets.US_ASCII));
      tar.closeArchiveEntry();
    }

    LayerUnpacker.Applied r = EngineArchive.LAYER_APPLIER.apply(blob, List.of(new Mount("bind", target.toString(), List.of())));

    assertThat(target.resolve("hello")).hasContent("hi");
    assertThat(r.diffId()).isEqualTo(Digest.sha256(Files.readAllBytes(blob)));
    assertThat(r.size()).isEqualTo(Files.size(blob));
  }
}
