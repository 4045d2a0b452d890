package dev.berth.image.layer;

/** Every {@link LayerApplierTest} again, through {@link LayerApplier#apply(java.nio.file.Path, java.nio.file.Path, WhiteoutMode)}. */
class LayerApplierFileTest extends LayerApplierTest {
  @Override
  ApplyResult apply(byte[] tar) {
    return LayerFiles.withFile(tar, f -> LayerApplier.apply(f, target, WhiteoutMode.DELETE));
  }
}
