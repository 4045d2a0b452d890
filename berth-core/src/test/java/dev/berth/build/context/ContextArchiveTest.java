package dev.berth.build.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.build.context.TarFixture.Entry;
import dev.berth.errors.InvalidArgumentException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextArchiveTest {
  @TempDir Path src;
  @TempDir Path dst;

  private void write(String rel, String content) throws IOException {
    Path p = src.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private byte[] tar(DockerIgnore ignore, String dockerfile) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContextArchive.write(src, ignore, dockerfile, out);
    return out.toByteArray();
  }

  private List<String> extracted() throws IOException {
    try (Stream<Path> s = Files.walk(dst)) {
      return s.filter(p -> !p.equals(dst)).map(p -> dst.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void write_directory_isSortedDepthFirstWithRootOwners() throws IOException {
    write("b.txt", "b");
    write("a/z.txt", "z");
    write("a/b/c.txt", "c");
    write("Dockerfile", "FROM scratch\n");
    byte[] tar = tar(DockerIgnore.NONE, "Dockerfile");
    assertThat(TarFixture.names(tar)).containsExactly("Dockerfile", "a/", "a/b/", "a/b/c.txt", "a/z.txt", "b.txt");
    for (Entry e : TarFixture.read(tar)) assertThat(e.uid()).isZero();
    assertThat(TarFixture.entry(tar, "a/z.txt").content()).isEqualTo("z");
  }

  @Test
  void write_ignoredFiles_areLeftOutButDockerfileAndDockerignoreAreSent() throws IOException {
    write("Dockerfile", "FROM scratch\n");
    write(".dockerignore", "*\n!app\n");
    write("secret.key", "k");
    write("app/main.c", "m");
    write("node/x", "x");
    DockerIgnore ignore = DockerIgnore.read(src);
    assertThat(TarFixture.names(tar(ignore, "Dockerfile")))
        .containsExactly(".dockerignore", "Dockerfile", "app/", "app/main.c");
  }

  @Test
  void write_docsExample_sendsWhatBuildContextMdSays() throws IOException {
    write("src/main.c", "main\n");
    write("src/gen/out.c", "generated\n");
    write("README.md", "readme\n");
    write("NOTES.md", "notes\n");
    write("docs/guide.md", "guide\n");
    write("docs/api.md", "api\n");
    write(".dockerignore", "# generated code, wherever it is\n**/gen\n# Markdown files at the top, except the README\n"
        + "*.md\n!README.md\n# the docs directory, except one file\ndocs\n!docs/api.md\n");
    write("Dockerfile", "FROM busybox\nCOPY . /ctx/\nCMD [\"find\", \"/ctx\", \"-type\", \"f\"]\n");
    byte[] tar = tar(DockerIgnore.read(src), "Dockerfile");
    assertThat(TarFixture.read(tar).stream().filter(e -> e.type() != '5').map(Entry::name))
        .containsExactly(".dockerignore", "Dockerfile", "README.md", "docs/api.md", "src/main.c");
  }

  @Test
  void write_dockerfileInExcludedDirectory_isSentWithoutItsSiblings() throws IOException {
    write("build/Dockerfile.dev", "FROM scratch\n");
    write("build/other", "o");
    write("src/x", "x");
    assertThat(TarFixture.names(tar(DockerIgnore.parse("build\n"), "build/Dockerfile.dev")))
        .containsExactly("build/Dockerfile.dev", "src/", "src/x");
  }

  @Test
  void write_exceptionUnderExcludedDirectory_sendsTheFileWithoutTheDirectoryEntry() throws IOException {
    write("docs/README.md", "r");
    write("docs/other.md", "o");
    assertThat(TarFixture.names(tar(DockerIgnore.parse("docs\n!docs/README.md\n"), "Dockerfile")))
        .containsExactly("docs/README.md");
  }

  @Test
  void writeThenExtract_roundTrip_keepsContentModesSymlinksHardlinksAndMtimes() throws IOException {
    write("bin/run.sh", "#!/bin/sh\n");
    Files.setAttribute(src.resolve("bin/run.sh"), "unix:mode", 04750);
    Files.setAttribute(src.resolve("bin"), "unix:mode", 0711);
    Files.createSymbolicLink(src.resolve("bin/run"), Path.of("run.sh"));
    Files.createLink(src.resolve("bin/again.sh"), src.resolve("bin/run.sh"));
    FileTime t = FileTime.fromMillis(1_400_000_000_000L);
    Files.setLastModifiedTime(src.resolve("bin/run.sh"), t);
    Files.setLastModifiedTime(src.resolve("bin"), t);

    ContextArchive.extract(new ByteArrayInputStream(tar(DockerIgnore.NONE, "Dockerfile")), dst);

    assertThat(extracted()).containsExactly("bin", "bin/again.sh", "bin/run", "bin/run.sh");
    assertThat(Files.readString(dst.resolve("bin/run.sh"))).isEqualTo("#!/bin/sh\n");
    assertThat(Files.getAttribute(dst.resolve("bin/run.sh"), "unix:mode")).isEqualTo(0104750);
    assertThat(Files.getAttribute(dst.resolve("bin"), "unix:mode")).isEqualTo(040711);
    assertThat(Files.readSymbolicLink(dst.resolve("bin/run"))).isEqualTo(Path.of("run.sh"));
    assertThat(Files.getAttribute(dst.resolve("bin/again.sh"), "unix:ino"))
        .isEqualTo(Files.getAttribute(dst.resolve("bin/run.sh"), "unix:ino"));
    assertThat(Files.getLastModifiedTime(dst.resolve("bin/run.sh"))).isEqualTo(t);
    assertThat(Files.getLastModifiedTime(dst.resolve("bin"))).isEqualTo(t);
  }

  @Test
  void extract_compressedTars_areDetectedByMagic() throws IOException {
    byte[] plain = new TarFixture.Builder().dir("d/", 0755).file("d/f", "hello").tar();
    for (String how : new String[] {"gzip", "bzip2", "xz"}) {
      Path into = Files.createDirectory(dst.resolve(how));
      ContextArchive.extract(new ByteArrayInputStream(TarFixture.compress(plain, how)), into);
      assertThat(Files.readString(into.resolve("d/f"))).as(how).isEqualTo("hello");
    }
  }

  @Test
  void extract_dotSlashNamesAndMissingParents_areCreated() throws IOException {
    byte[] tar = new TarFixture.Builder().dir("./", 0700).file("./x/y/z", "z").tar();
    ContextArchive.extract(new ByteArrayInputStream(tar), dst);
    assertThat(extracted()).containsExactly("x", "x/y", "x/y/z");
    assertThat(Files.getAttribute(dst.resolve("x"), "unix:mode")).isEqualTo(040755);
  }

  @Test
  void extract_dotDotEntry_isRefusedAndTheDirectoryEmptied() throws IOException {
    byte[] tar = new TarFixture.Builder().file("fine", "1").file("a/../../escape", "x").tar();
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(tar), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'a/../../escape'")
        .hasMessageContaining("outside");
    assertThat(extracted()).isEmpty();
    assertThat(dst.getParent().resolve("escape")).doesNotExist();
  }

  @Test
  void extract_absoluteEntry_isRefused() throws IOException {
    byte[] tar = new TarFixture.Builder().file("/etc/evil", "x").tar();
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(tar), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'/etc/evil'");
  }

  @Test
  void extract_entryThroughASymlink_isRefused(@TempDir Path outside) throws IOException {
    byte[] tar = new TarFixture.Builder().symlink("out", outside.toString()).file("out/planted", "x").tar();
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(tar), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'out/planted'")
        .hasMessageContaining("symlink");
    assertThat(outside.resolve("planted")).doesNotExist();
    assertThat(extracted()).isEmpty();
  }

  @Test
  void extract_hardlinkToOutside_isRefused(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("secret"), "s");
    byte[] tar = new TarFixture.Builder().hardlink("h", "../" + outside.getFileName() + "/secret").tar();
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(tar), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'h'");
  }

  @Test
  void extract_hardlinkThroughASymlink_isRefused(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("secret"), "s");
    byte[] tar = new TarFixture.Builder().symlink("l", outside.toString()).hardlink("h", "l/secret").tar();
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(tar), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'h'");
  }

  @Test
  void extract_hardlinkToMissingFile_isRefused() throws IOException {
    byte[] tar = new TarFixture.Builder().hardlink("h", "nothing").tar();
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(tar), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void extract_entryReplacingASymlink_replacesTheLinkNotItsTarget(@TempDir Path outside) throws IOException {
    Files.writeString(outside.resolve("victim"), "safe");
    byte[] tar = new TarFixture.Builder().symlink("f", outside.resolve("victim").toString()).file("f", "new").tar();
    ContextArchive.extract(new ByteArrayInputStream(tar), dst);
    assertThat(Files.isSymbolicLink(dst.resolve("f"))).isFalse();
    assertThat(Files.readString(dst.resolve("f"))).isEqualTo("new");
    assertThat(Files.readString(outside.resolve("victim"))).isEqualTo("safe");
  }

  @Test
  void extract_truncatedTar_isRefusedNamingTheEntryAndEmptied() throws IOException {
    byte[] whole = new TarFixture.Builder().file("first", "1").file("big", "y".repeat(5000)).tar();
    byte[] cut = java.util.Arrays.copyOf(whole, 2560);
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(cut), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("'big'");
    assertThat(extracted()).isEmpty();
  }

  @Test
  void extract_garbage_isRefused() {
    byte[] junk = "this is not a tar at all".repeat(50).getBytes();
    assertThatThrownBy(() -> ContextArchive.extract(new ByteArrayInputStream(junk), dst))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("malformed");
  }

  @Test
  void extract_symlinkMtime_isKeptWithoutTouchingTheTarget() throws IOException {
    byte[] tar = new TarFixture.Builder().file("t", "x").symlink("l", "t").tar();
    ContextArchive.extract(new ByteArrayInputStream(tar), dst);
    FileTime linkTime = (FileTime) Files.getAttribute(dst.resolve("l"), "lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    assertThat(linkTime.toMillis()).isEqualTo(1_600_000_000_000L);
  }
}
