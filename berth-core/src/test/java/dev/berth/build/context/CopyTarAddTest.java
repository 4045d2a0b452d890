package dev.berth.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.build.context.CopyTarTest.FakeTarget;
import dev.berth.build.context.TarFixture.Entry;
import dev.berth.errors.InvalidArgumentException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADD's unpacking of local archives through {@link CopyTar}. */
class CopyTarAddTest {
  @TempDir Path root;

  private final FakeTarget target = new FakeTarget();

  private static byte[] sample() throws IOException {
    return new TarFixture.Builder()
        .dir("./", 0700)
        .dir("./etc/", 0750)
        .file("./etc/app.conf", "conf", 0600, 33, 34)
        .symlink("./etc/current", "app.conf")
        .hardlink("./etc/same.conf", "./etc/app.conf")
        .file("/bin/tool", "tool", 0755, 0, 0)
        .tar();
  }

  private byte[] add(String fileName, byte[] content, String dest, boolean extract, int uid, Integer mode)
      throws IOException {
    Files.write(root.resolve(fileName), content);
    SourceTree tree = new SourceTree(root, DockerIgnore.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyTar.write(new CopyRequest(tree.resolve(fileName), dest, uid, uid, mode, extract), target, out);
    return out.toByteArray();
  }

  @Test
  void write_plainTarWithExtract_unpacksUnderTheDestination() throws IOException {
    byte[] tar = add("a.tar", sample(), "/opt/", true, -1, null);
    assertThat(TarFixture.names(tar)).containsExactly(
        "opt/", "opt/etc/", "opt/etc/app.conf", "opt/etc/current", "opt/etc/same.conf", "opt/bin/tool");
    Entry conf = TarFixture.entry(tar, "opt/etc/app.conf");
    assertThat(conf.content()).isEqualTo("conf");
    assertThat(conf.mode()).isEqualTo(0600);
    assertThat(conf.uid()).isEqualTo(33);
    assertThat(conf.gid()).isEqualTo(34);
    assertThat(conf.mtime()).isEqualTo(1_600_000_000L);
    assertThat(TarFixture.entry(tar, "opt/etc/").mode()).isEqualTo(0750);
    assertThat(TarFixture.entry(tar, "opt/etc/current").link()).isEqualTo("app.conf");
    Entry same = TarFixture.entry(tar, "opt/etc/same.conf");
    assertThat(same.type()).isEqualTo('1');
    assertThat(same.link()).isEqualTo("opt/etc/app.conf");
  }

  @Test
  void write_destinationWithoutSlash_isStillTheDirectoryToUnpackInto() throws IOException {
    target.dir("/srv");
    byte[] tar = add("a.tar", sample(), "/srv", true, -1, null);
    assertThat(TarFixture.names(tar)).startsWith("srv/etc/").contains("srv/bin/tool");
  }

  @Test
  void write_gzipBzip2AndXzArchives_areDetectedByMagic() throws IOException {
    for (String how : new String[] {"gzip", "bzip2", "xz"}) {
      byte[] tar = add("a." + how, TarFixture.compress(sample(), how), "/x/", true, -1, null);
      assertThat(TarFixture.entry(tar, "x/bin/tool").content()).as(how).isEqualTo("tool");
    }
  }

  @Test
  void write_archiveWithoutExtract_isCopiedAsAFile() throws IOException {
    byte[] tar = add("a.tar.gz", TarFixture.compress(sample(), "gzip"), "/x/", false, -1, null);
    assertThat(TarFixture.names(tar)).containsExactly("x/", "x/a.tar.gz");
  }

  @Test
  void write_fileThatIsNotATar_isCopiedEvenWithExtract() throws IOException {
    byte[] tar = add("notes.txt", "just text, longer than nothing".repeat(40).getBytes(), "/x/", true, -1, null);
    assertThat(TarFixture.names(tar)).containsExactly("x/", "x/notes.txt");
    byte[] gz = add("data.gz", TarFixture.compress("not a tar".getBytes(), "gzip"), "/y/", true, -1, null);
    assertThat(TarFixture.names(gz)).containsExactly("y/", "y/data.gz");
  }

  @Test
  void write_chownAndChmod_applyToUnpackedEntries() throws IOException {
    byte[] tar = add("a.tar", sample(), "/x/", true, 7, 0640);
    Entry conf = TarFixture.entry(tar, "x/etc/app.conf");
    assertThat(conf.uid()).isEqualTo(7);
    assertThat(conf.gid()).isEqualTo(7);
    assertThat(conf.mode()).isEqualTo(0640);
  }

  @Test
  void write_entryClimbingOut_isRefusedNamingIt() throws IOException {
    byte[] evil = new TarFixture.Builder().file("ok", "1").file("../../escape", "x").tar();
    assertThatThrownBy(() -> add("evil.tar", evil, "/x/", true, -1, null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'../../escape'")
        .hasMessageContaining("outside");
  }

  @Test
  void write_hardlinkToOutside_isRefused() throws IOException {
    byte[] evil = new TarFixture.Builder().hardlink("h", "../../etc/shadow").tar();
    assertThatThrownBy(() -> add("evil.tar", evil, "/x/", true, -1, null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'h'");
  }

  @Test
  void write_entryBelowASymlinkOfTheArchive_isRefused() throws IOException {
    byte[] evil = new TarFixture.Builder().symlink("etc", "/etc").file("etc/passwd", "root::0:0").tar();
    assertThatThrownBy(() -> add("evil.tar", evil, "/x/", true, -1, null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'etc/passwd'")
        .hasMessageContaining("symlink");
  }

  @Test
  void write_absoluteEntryNames_areRelativeToTheDestination() throws IOException {
    byte[] tar = add("a.tar", new TarFixture.Builder().file("/abs/f", "f").tar(), "/x/", true, -1, null);
    assertThat(TarFixture.names(tar)).containsExactly("x/", "x/abs/f");
  }

  @Test
  void write_truncatedArchive_isRefused() throws IOException {
    byte[] whole = new TarFixture.Builder().file("big", "y".repeat(5000)).tar();
    byte[] cut = java.util.Arrays.copyOf(whole, 1500);
    assertThatThrownBy(() -> add("cut.tar", cut, "/x/", true, -1, null))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'big'");
  }
}
