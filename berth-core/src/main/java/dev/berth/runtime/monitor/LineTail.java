package dev.berth.runtime.monitor;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An open log file read line by line as it grows: each call returns the lines completed since the last
 * one and keeps an unfinished last line for later, so a reader never sees half an entry. A file that does
 * not exist yet reads as empty until it appears.
 */
final class LineTail implements Closeable {
  private final Path path;
  private FileChannel channel;
  private Object fileKey;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

  private LineTail(Path path) {
    this.path = path;
  }

  static LineTail open(Path path) throws IOException {
    LineTail t = new LineTail(path);
    t.tryOpen();
    return t;
  }

  private void tryOpen() throws IOException {
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
    } catch (NoSuchFileException notYet) {
      channel = null;
    }
  }

  /** The lines completed since the last call, without their newlines. */
  List<String> completeLines() throws IOException {
    if (channel == null) {
      tryOpen();
      if (channel == null) {
        return List.of();
      }
    }
    List<String> lines = new ArrayList<>();
    while (true) {
      buf.clear();
      int n = channel.read(buf);
      if (n <= 0) {
        return lines;
      }
      byte[] a = buf.array();
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (a[i] == '\n') {
          pending.write(a, start, i - start);
          lines.add(pending.toString(StandardCharsets.UTF_8));
          pending.reset();
          start = i + 1;
        }
      }
      pending.write(a, start, n - start);
    }
  }

  /** Whether the path now names another file (conmon replaced it) or this one shrank (truncated). */
  boolean replacedOnDisk() throws IOException {
    if (channel == null) {
      return false;
    }
    try {
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return !Objects.equals(key, fileKey) || channel.size() < channel.position();
    } catch (NoSuchFileException gone) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
    }
  }
}
