package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.SystemException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every {@link LayerApplierTest} again, through {@link LayerApplier#apply(Path, Path, WhiteoutMode)}. */
class LayerApplierFileTest extends LayerApplierTest {
  @Override
  ApplyResult apply(byte[] tar) {
    return LayerFiles.withFile(tar, f -> LayerApplier.apply(f, target, WhiteoutMode.DELETE));
  }

  @Test
  void applyFile_missingLayerFile_failsNamingItAndWritesNothing() {
    Path missing = tmp.resolve("no-such-blob");

    assertThatThrownBy(() -> LayerApplier.apply(missing, target, WhiteoutMode.DELETE))
        .isInstanceOf(SystemException.class).hasMessageContaining("no such file " + missing);
    org.assertj.core.api.Assertions.assertThat(target).isEmptyDirectory();
  }
}
