package dev.berth.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A one-file ustar archive, enough for the fake's archive endpoint. */
final class FakeTar {
  private FakeTar() {}

  static void write(OutputStream out, String name, byte[] content) throws IOException {
    byte[] header = new byte[512];
    put(header, 0, name);
    put(header, 100, "0000644");
    put(header, 108, "0000000");
    put(header, 116, "0000000");
    put(header, 124, String.format("%011o", content.length));
    put(header, 136, String.format("%011o", 1_764_316_800L));
    for (int i = 148; i < 156; i++) header[i] = ' ';
    header[156] = '0';
    put(header, 257, "ustar");
    put(header, 263, "00");
    int sum = 0;
    for (byte b : header) sum += b & 0xff;
    put(header, 148, String.format("%06o", sum));
    header[154] = 0;
    out.write(header);
    out.write(content);
    out.write(new byte[(512 - content.length % 512) % 512]);
    out.write(new byte[1024]);
  }

  private static void put(byte[] header, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, at, b.length);
  }
}
