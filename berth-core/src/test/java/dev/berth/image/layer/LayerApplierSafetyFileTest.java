package dev.berth.image.layer;

/** Every {@link LayerApplierSafetyTest} again, through the file entry, whose reading differs from the stream's. */
class LayerApplierSafetyFileTest extends LayerApplierSafetyTest {
  @Override
  void apply(byte[] tar) {
    LayerFiles.withFile(tar, f -> LayerApplier.apply(f, target, WhiteoutMode.DELETE));
  }
}
