package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.storage.Mounter;
import dev.berth.storage.SnapshotInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine on real storage drivers, real layer application and a two-layer image that umoci built. */
class EngineIT {
  @TempDir Path tmp;
  private final List<Path> mounted = new ArrayList<>();
  private Engine engine;

  @AfterEach
  void cleanUp() {
    mounted.forEach(Mounter::unmount);
    if (engine != null) engine.close();
  }

  private Engine open(String driver) {
    if (engine != null) engine.close();
    engine = Engine.open(new EngineConfig(tmp.resolve("data"), tmp.resolve("run"), driver));
    return engine;
  }

  @ParameterizedTest
  @ValueSource(strings = {"vfs", "overlay"})
  void open_createsTheStoresUnderTheDataRoot(String driver) {
    Engine e = open(driver);

    assertThat(e.storageDriver()).isEqualTo(driver);
    assertThat(e.snapshotter().name()).isEqualTo(driver);
    for (String dir : List.of("content/blobs/sha256", "content/ingest", "images", "storage/" + driver, "tmp")) {
      assertThat(tmp.resolve("data").resolve(dir)).isDirectory();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"vfs", "overlay"})
  void importImage_unpacksIntoASnapshotThatMountsTheFiles(String driver) throws Exception {
    Engine e = open(driver);
    Image image = e.images().importImage(new ByteArrayInputStream(tar("etc/hello", "hello from " + driver)), "imported:1", List.of("CMD [\"/bin/sh\"]"), null);

    String chain = image.config().diffIds().getFirst().toString();
    assertThat(readThroughView(e, chain, "etc/hello")).isEqualTo("hello from " + driver);

    e.close();
    engine = null;
    Engine reopened = open(driver);
    assertThat(reopened.images().inspect("imported:1").id()).isEqualTo(image.id());
    assertThat(reopened.snapshotter().stat(chain)).get().extracting(SnapshotInfo::kind).isEqualTo(SnapshotInfo.Kind.COMMITTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"vfs", "overlay"})
  void load_ociArchiveFromUmoci_unpacksBothLayersByChainId(String driver) throws Exception {
    Path archive = umociArchive();
    Engine e = open(driver);

    List<String> lines = e.images().load(Files.newInputStream(archive), line -> {});

    assertThat(lines).hasSize(1);
    String line = lines.getFirst();
    String name = line.startsWith("Loaded image ID: ") ? line.substring(17) : line.substring("Loaded image: ".length());
    Image image = e.images().inspect(name);
    List<Digest> diffIds = image.config().diffIds();
    assertThat(diffIds).hasSize(2);
    String top = dev.berth.engine.image.ChainIds.of(diffIds).getLast().toString();
    assertThat(readThroughView(e, top, "one")).isEqualTo("first\n");
    assertThat(readThroughView(e, top, "two")).isEqualTo("second\n");
    assertThat(e.images().history(name)).hasSize(2);

    e.images().remove(image.id().toString(), true, false);
    List<SnapshotInfo> left = new ArrayList<>();
    e.snapshotter().walk(left::add);
    assertThat(left).isEmpty();
    assertThat(tmp.resolve("data/content/blobs/sha256")).isEmptyDirectory();
  }

  @ParameterizedTest
  @ValueSource(strings = {"vfs", "overlay"})
  void open_afterACrash_collectsExtractLeftoversAndStrayBlobs(String driver) throws Exception {
    Engine e = open(driver);
    Image kept = e.images().importImage(new ByteArrayInputStream(tar("etc/kept", "kept")), "kept", List.of(), null);
    e.snapshotter().prepare("extract-deadbeef-sha256:" + "1".repeat(64), null);
    Path stray = tmp.resolve("data/content/blobs/sha256").resolve(Digest.sha256("stray".getBytes()).encoded());
    Files.writeString(stray, "stray");
    e.close();
    engine = null;

    Engine reopened = open(driver);

    assertThat(reopened.snapshotter().stat("extract-deadbeef-sha256:" + "1".repeat(64))).isEmpty();
    assertThat(stray).doesNotExist();
    assertThat(reopened.images().inspect("kept").id()).isEqualTo(kept.id());
    assertThat(reopened.snapshotter().stat(kept.config().diffIds().getFirst().toString())).isPresent();
  }

  private String readThroughView(Engine e, String chain, String file) throws IOException {
    String key = "check-" + System.nanoTime();
    Path mnt = Files.createTempDirectory(tmp, "mnt");
    try {
      Mounter.mount(e.snapshotter().view(key, chain), mnt);
      mounted.add(mnt);
      return Files.readString(mnt.resolve(file));
    } finally {
      Mounter.unmount(mnt);
      mounted.remove(mnt);
      e.snapshotter().remove(key);
    }
  }

  private static byte[] tar(String name, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      TarArchiveEntry dir = new TarArchiveEntry(name.substring(0, name.indexOf('/') + 1));
      dir.setMode(040755);
      out.putArchiveEntry(dir);
      out.closeArchiveEntry();
      byte[] data = text.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry f = new TarArchiveEntry(name);
      f.setSize(data.length);
      f.setMode(0644);
      out.putArchiveEntry(f);
      out.write(data);
      out.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }

  /** Builds a two-layer OCI image with umoci and tars its layout into an OCI archive. */
  private Path umociArchive() throws Exception {
    Path layout = tmp.resolve("layout");
    run("umoci", "init", "--layout", layout.toString());
    run("umoci", "new", "--image", layout + ":v1");
    for (String[] file : new String[][] {{"one", "first\n"}, {"two", "second\n"}}) {
      Path bundle = tmp.resolve("bundle-" + file[0]);
      run("umoci", "unpack", "--image", layout + ":v1", bundle.toString());
      Files.writeString(bundle.resolve("rootfs").resolve(file[0]), file[1]);
      run("umoci", "repack", "--image", layout + ":v1", bundle.toString());
    }
    Path archive = tmp.resolve("image.tar");
    run("tar", "-C", layout.toString(), "-cf", archive.toString(), ".");
    return archive;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
