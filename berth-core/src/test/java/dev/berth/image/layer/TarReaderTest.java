package dev.berth.image.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {
  private final List<TarChunks> opened = new ArrayList<>();

  @AfterEach
  void closeChunks() {
    opened.forEach(TarChunks::close);
  }

  private TarReader reader(java.io.InputStream in) {
    TarChunks c = TarChunks.of(in);
    opened.add(c);
    return new TarReader(c);
  }

  private List<TarReader.Entry> readAll(byte[] tar) throws IOException {
    TarReader r = reader(new ByteArrayInputStream(tar));
    List<TarReader.Entry> out = new ArrayList<>();
    for (TarReader.Entry e = r.next(); e != null; e = r.next()) out.add(e);
    return out;
  }

  /** A content sink collecting the bytes it is handed. */
  private static TarReader.ContentSink into(ByteArrayOutputStream out) {
    return (seg, off, len) -> out.write(seg.asSlice(off, len).toArray(ValueLayout.JAVA_BYTE));
  }

  private static byte[] commons(int longFileMode, int bigNumberMode, TarArchiveEntry... entries) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
      t.setLongFileMode(longFileMode);
      t.setBigNumberMode(bigNumberMode);
      for (TarArchiveEntry e : entries) {
        t.putArchiveEntry(e);
        t.closeArchiveEntry();
      }
    }
    return b.toByteArray();
  }

  @Test
  void next_gnuLongNamesAndBase256Numbers_areDecoded() throws IOException {
    TarArchiveEntry e = new TarArchiveEntry("n".repeat(300), TarConstants.LF_SYMLINK);
    e.setLinkName("t".repeat(200));
    e.setUserId(3_000_000_000L);
    e.setGroupId(5);
    byte[] tar = commons(TarArchiveOutputStream.LONGFILE_GNU, TarArchiveOutputStream.BIGNUMBER_STAR, e);

    TarReader.Entry got = readAll(tar).getFirst();

    assertThat(got.name()).isEqualTo("n".repeat(300));
    assertThat(got.linkName()).isEqualTo("t".repeat(200));
    assertThat(got.uid()).isEqualTo(3_000_000_000L);
    assertThat(got.gid()).isEqualTo(5);
    assertThat(got.type()).isEqualTo((byte) '2');
  }

  @Test
  void next_paxRecords_overrideHeaderFields() throws IOException {
    TarArchiveEntry e = new TarArchiveEntry("p".repeat(150) + "/é", TarConstants.LF_NORMAL);
    e.setModTime(FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 250_000_000)));
    e.setUserId(1 << 22);
    byte[] tar = commons(TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.BIGNUMBER_POSIX, e);

    TarReader.Entry got = readAll(tar).getFirst();

    assertThat(got.name()).isEqualTo("p".repeat(150) + "/é");
    assertThat(got.uid()).isEqualTo(1 << 22);
    assertThat(got.mtimeSec()).isEqualTo(1_700_000_000L);
  }

  @Test
  void next_binaryXattrFromLayerTarWriter_roundTripsByteForByte(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    byte[] value = {0, 1, (byte) 0x80, (byte) 0xff, '\n', '='};
    TreeMap<String, byte[]> xattrs = new TreeMap<>();
    xattrs.put("security.capability", value);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerTarWriter w = new LayerTarWriter(out);
    w.add("dir/" + "long".repeat(40), f, FileStat.of(f), xattrs);
    w.finish();

    TarReader r = reader(new ByteArrayInputStream(out.toByteArray()));
    TarReader.Entry got = r.next();
    byte[] content = new byte[10];
    int n = r.read(content, 0, content.length);

    assertThat(got.name()).isEqualTo("dir/" + "long".repeat(40));
    assertThat(got.xattrs().get("security.capability")).isEqualTo(value);
    assertThat(new String(content, 0, n, StandardCharsets.UTF_8)).isEqualTo("x");
    assertThat(r.next()).isNull();
  }

  @Test
  void next_badChecksum_isMalformed() {
    byte[] tar = new TarBuilder().file("f", "x").build();
    tar[0] ^= 1;

    assertThatThrownBy(() -> readAll(tar)).isInstanceOf(MalformedLayerException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void next_badOctalField_isMalformed() {
    byte[] tar = new TarBuilder().file("f", "x").build();
    tar[124] = 'z'; // size
    // keep the checksum right so that the number itself is what fails
    long sum = 0;
    for (int i = 0; i < 512; i++) sum += (i >= 148 && i < 156) ? ' ' : tar[i] & 0xff;
    byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, tar, 148, 8);

    assertThatThrownBy(() -> readAll(tar)).isInstanceOf(MalformedLayerException.class)
        .hasMessageContaining("bad size field");
  }

  @Test
  void read_contentCutShort_isTruncated() throws IOException {
    byte[] tar = new TarBuilder().file("big", "b".repeat(3000)).build();
    TarReader r = reader(new ByteArrayInputStream(java.util.Arrays.copyOf(tar, 512 + 1000)));
    r.next();
    byte[] buf = new byte[4096];

    assertThatThrownBy(() -> {
      while (r.read(buf, 0, buf.length) >= 0) {
        // read until it fails
      }
    }).isInstanceOf(MalformedLayerException.class).hasMessageContaining("truncated at entry 'big'");
  }

  @Test
  void next_unreadContent_isSkipped() throws IOException {
    byte[] tar = new TarBuilder().file("a", "a".repeat(700)).file("b", "b").build();

    assertThat(readAll(tar)).extracting(TarReader.Entry::name).containsExactly("a", "b");
  }

  /** A stream that hands out at most {@code max} bytes per read, as a pipe or a decompressor may. */
  private static java.io.InputStream trickle(byte[] data, int max) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, max));
      }
    };
  }

  @Test
  void content_entryLargerThanTheBufferFromShortReads_deliversExactBytesThenNextEntry() throws IOException {
    byte[] big = new byte[(5 << 20) / 2 + 123];
    new java.util.Random(7).nextBytes(big);
    byte[] tar = new TarBuilder().entry("big", TarConstants.LF_NORMAL, 0644, big, e -> {}).file("after", "z").build();
    TarReader r = reader(trickle(tar, 70_001));
    ByteArrayOutputStream got = new ByteArrayOutputStream();

    r.next();
    r.content(into(got));
    TarReader.Entry after = r.next();

    assertThat(got.toByteArray()).isEqualTo(big);
    assertThat(after.name()).isEqualTo("after");
    assertThat(r.next()).isNull();
  }

  @Test
  void content_cutShort_isTruncatedNamingTheEntry() throws IOException {
    byte[] tar = new TarBuilder().file("big", "b".repeat(3000)).build();
    TarReader r = reader(new ByteArrayInputStream(java.util.Arrays.copyOf(tar, 512 + 1000)));
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    r.next();

    assertThatThrownBy(() -> r.content(into(got))).isInstanceOf(MalformedLayerException.class)
        .hasMessageContaining("truncated at entry 'big'").hasMessageContaining("2000 bytes of content missing");
    assertThat(got.size()).isEqualTo(1000);
  }
}
