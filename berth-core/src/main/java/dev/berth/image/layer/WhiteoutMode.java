package dev.berth.image.layer;

/**
 * How {@link LayerApplier} represents the OCI whiteouts {@code .wh.name} and {@code .wh..wh..opq}.
 *
 * <ul>
 *   <li>{@link #DELETE}: the target is a full copy of the parent (a vfs snapshot, or the first layer of any
 *       driver); {@code .wh.x} removes {@code x}, and {@code .wh..wh..opq} removes every entry of its directory
 *       that came from lower layers (entries the same layer adds there stay).
 *   <li>{@link #OVERLAY}: the target is an overlayfs upperdir; {@code .wh.x} becomes a character device 0:0
 *       named {@code x}, and {@code .wh..wh..opq} sets {@code trusted.overlay.opaque=y} on its directory.
 * </ul>
 */
public enum WhiteoutMode {
  DELETE,
  OVERLAY
}
