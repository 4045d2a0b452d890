package dev.berth.registry.testing;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings an X.509 certificate needs (ITU-T X.690): enough for {@link Certificates} to write
 * test certificates in-process, without spawning keytool or openssl.
 */
final class Der {
  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");

  private Der() {}

  static byte[] sequence(byte[]... items) {
    return tlv(0x30, concat(items));
  }

  static byte[] set(byte[]... items) {
    return tlv(0x31, concat(items));
  }

  static byte[] integer(BigInteger value) {
    return tlv(0x02, value.toByteArray());
  }

  static byte[] bool(boolean value) {
    return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
  }

  static byte[] nullValue() {
    return new byte[] {0x05, 0x00};
  }

  static byte[] octetString(byte[] value) {
    return tlv(0x04, value);
  }

  /** A BIT STRING of whole bytes (no unused bits), as signatures and keys are. */
  static byte[] bitString(byte[] value) {
    byte[] content = new byte[value.length + 1];
    System.arraycopy(value, 0, content, 1, value.length);
    return tlv(0x03, content);
  }

  static byte[] utf8String(String value) {
    return tlv(0x0C, value.getBytes(StandardCharsets.UTF_8));
  }

  /** UTCTime, good for years up to 2049. */
  static byte[] utcTime(ZonedDateTime time) {
    return tlv(0x17, UTC_TIME.format(time.withZoneSameInstant(ZoneOffset.UTC)).getBytes(StandardCharsets.US_ASCII));
  }

  /** An OBJECT IDENTIFIER from its dotted form: the first two arcs share a byte, the rest are base-128. */
  static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      long arc = Long.parseLong(arcs[i]);
      int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
      for (int g = groups - 1; g >= 0; g--) {
        int bits = (int) ((arc >>> (7 * g)) & 0x7F);
        out.write(g > 0 ? bits | 0x80 : bits);
      }
    }
    return tlv(0x06, out.toByteArray());
  }

  /** A constructed context-specific tag [n] wrapping {@code content} (EXPLICIT tagging). */
  static byte[] explicit(int n, byte[] content) {
    return tlv(0xA0 | n, content);
  }

  /** A primitive context-specific tag [n] holding raw bytes (IMPLICIT tagging, e.g. a SAN's iPAddress). */
  static byte[] implicitPrimitive(int n, byte[] raw) {
    return tlv(0x80 | n, raw);
  }

  static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(length >>> (8 * i));
      }
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
