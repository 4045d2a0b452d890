package dev.berth.image.layer;

import java.io.IOException;

/**
 * A failure to read the layer stream itself (truncated, corrupt compression, bad header), as opposed to a
 * failure to write the target. The applier turns it into an InvalidArgumentException naming the entry.
 */
final class MalformedLayerException extends IOException {
  MalformedLayerException(String message, Throwable cause) {
    super(message, cause);
  }
}
