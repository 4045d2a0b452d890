package dev.berth.build.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owners need root: the daemon unpacks contexts as root and keeps the tar's numeric owners. */
class ContextArchiveOwnerIT {
  @TempDir Path dst;

  @Test
  void extract_asRoot_keepsNumericOwnersOfFilesDirectoriesAndSymlinks() throws IOException {
    byte[] tar = new TarFixture.Builder()
        .dir("d/", 0755)
        .file("d/f", "x", 0600, 1234, 5678)
        .symlink("l", "d/f")
        .tar();
    ContextArchive.extract(new ByteArrayInputStream(tar), dst);
    assertThat(Files.getAttribute(dst.resolve("d/f"), "unix:uid")).isEqualTo(1234);
    assertThat(Files.getAttribute(dst.resolve("d/f"), "unix:gid")).isEqualTo(5678);
    assertThat(Files.getAttribute(dst.resolve("d/f"), "unix:mode")).isEqualTo(0100600);
    assertThat(Files.getAttribute(dst.resolve("d"), "unix:uid")).isEqualTo(0);
    assertThat(Files.getAttribute(dst.resolve("l"), "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0);
  }

  @Test
  void write_filesOwnedBySomeone_areSentAsRoot(@TempDir Path src) throws IOException {
    Files.writeString(src.resolve("f"), "x");
    Files.setAttribute(src.resolve("f"), "unix:uid", 4321);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContextArchive.write(src, DockerIgnore.NONE, "Dockerfile", out);
    assertThat(TarFixture.entry(out.toByteArray(), "f").uid()).isZero();
  }

  @Test
  void copyTar_sourceOwnedBySomeone_isOwnedByRootUnlessChowned(@TempDir Path src) throws IOException {
    Files.writeString(src.resolve("f"), "x");
    Files.setAttribute(src.resolve("f"), "unix:uid", 4321);
    SourceTree tree = new SourceTree(src, DockerIgnore.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CopyTar.write(new CopyRequest(tree.resolve("f"), "/f", -1, -1, null, false), p -> TargetFs.Kind.ABSENT, out);
    assertThat(TarFixture.entry(out.toByteArray(), "f").uid()).isZero();
  }
}
