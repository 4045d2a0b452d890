package dev.berth.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The child process of {@link CrashSafetyIT}: opens an engine (vfs) on the data root given as its argument
 * and imports, tags, removes, prunes and garbage-collects at random until it is killed. It prints "ready"
 * once the engine is open and "op <n>" after each finished operation.
 */
public final class CrashWorker {
  private static final List<String> NAMES = List.of("alpha", "beta:1", "beta:2", "gamma/app");

  private CrashWorker() {}

  public static void main(String[] args) throws Exception {
    Random random = new Random(Long.parseLong(args[1]));
    try (Engine engine = Engine.open(new EngineConfig(Path.of(args[0]), Path.of(args[0]).resolve("run"), "vfs"))) {
      System.out.println("ready");
      System.out.flush();
      ImageService images = engine.images();
      for (long n = 0; ; n++) {
        step(images, random);
        System.out.println("op " + n);
        System.out.flush();
      }
    }
  }

  private static void step(ImageService images, Random random) throws IOException {
    String name = NAMES.get(random.nextInt(NAMES.size()));
    try {
      int dice = random.nextInt(100);
      if (dice < 40) {
        images.importImage(new ByteArrayInputStream(tar(random.nextInt(6))), random.nextInt(4) > 0 ? name : null,
            List.of("ENV N=" + random.nextInt(1000)), null);
      } else if (dice < 60) {
        images.tag(NAMES.get(random.nextInt(NAMES.size())), name);
      } else if (dice < 70) {
        images.remove(name, true, false);
      } else if (dice < 80) {
        images.prune(dice == 70, Map.of());
      } else {
        images.collectGarbage();
      }
    } catch (dev.berth.errors.NotFoundException expected) {
      // tagging or removing a name that is not there yet
    }
  }

  /** One of a few root file systems, so that images share layers; big enough for writes to take a while. */
  private static byte[] tar(int variant) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
      for (int f = 0; f < 20; f++) {
        byte[] data = ("variant " + variant + " file " + f + "\n").repeat(2000).getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry("data/f" + f);
        e.setSize(data.length);
        e.setMode(0644);
        out.putArchiveEntry(e);
        out.write(data);
        out.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}
