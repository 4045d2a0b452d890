package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;

/** Request bodies that are a byte range of a file, with their length announced, made anew for each send. */
final class FileSlices {
  private FileSlices() {}

  static HttpRequest.BodyPublisher publisher(Path file, long offset, long length) {
    if (offset == 0) {
      try {
        if (Files.size(file) == length) return HttpRequest.BodyPublishers.ofFile(file);
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
      }
    }
    return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> open(file, offset, length)), length);
  }

  private static InputStream open(Path file, long offset, long length) {
    try {
      InputStream in = Files.newInputStream(file);
      in.skipNBytes(offset);
      return new java.io.FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) return -1;
          int b = super.read();
          if (b >= 0) left--;
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) return -1;
          int n = super.read(buf, off, (int) Math.min(len, left));
          if (n > 0) left -= n;
          return n;
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file + ": " + e.getMessage(), e);
    }
  }
}
