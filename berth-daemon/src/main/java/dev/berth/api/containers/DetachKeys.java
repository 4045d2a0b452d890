package dev.berth.api.containers;

import dev.berth.errors.InvalidArgumentException;
import java.io.ByteArrayOutputStream;

/**
 * The key sequence that detaches a client from a container's stdin without ending it, in Docker's notation:
 * comma-separated keys, each a single character or {@code ctrl-<key>} ({@code ctrl-a} … {@code ctrl-z},
 * {@code ctrl-@}, {@code ctrl-[}, {@code ctrl-\}, {@code ctrl-]}, {@code ctrl-^}, {@code ctrl-_}). Default:
 * {@code ctrl-p,ctrl-q}.
 */
public record DetachKeys(byte[] sequence) {
  public static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});

  /** Parses {@code text}; null or empty means the default; 400 "Invalid detach keys (…) provided" otherwise. */
  public static DetachKeys parse(String text) {
    if (text == null || text.isEmpty()) return DEFAULT;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String key : text.split(",", -1)) {
      if (key.length() == 1) {
        out.write(key.charAt(0));
      } else if (key.startsWith("ctrl-") && key.length() == 6) {
        char c = Character.toLowerCase(key.charAt(5));
        if (c >= 'a' && c <= 'z') out.write(c - 'a' + 1);
        else if ("@[\\]^_".indexOf(c) >= 0) out.write(c - '@');
        else throw invalid(text);
      } else {
        throw invalid(text);
      }
    }
    return new DetachKeys(out.toByteArray());
  }

  private static InvalidArgumentException invalid(String text) {
    return new InvalidArgumentException("Invalid detach keys (" + text + ") provided: use a comma-separated list of single characters or ctrl-<key>");
  }
}
