package dev.berth.image.layer;

import java.nio.file.Path;

/** Every {@link LayerApplierIT} again, through the file entry: owners, devices, xattrs, overlay whiteouts. */
class LayerApplierFileIT extends LayerApplierIT {
  @Override
  ApplyResult apply(byte[] tar, Path dir, WhiteoutMode mode) {
    return LayerFiles.withFile(tar, f -> LayerApplier.apply(f, dir, mode));
  }
}
