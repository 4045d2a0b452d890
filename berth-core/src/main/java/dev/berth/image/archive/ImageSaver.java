package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.image.content.ContentStore;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes the tar {@code docker save} has written since Docker Engine 25: an OCI image layout ({@code
 * oci-layout}, {@code index.json}, {@code blobs/sha256/…}) that any OCI tool reads, plus Docker's {@code
 * manifest.json} and {@code repositories} so that older {@code docker load}s read it too.
 *
 * <p>Blobs are copied byte for byte from the content store, so every digest (and the image ID) survives.
 * The tar is deterministic: entries sorted by name, mtime 0, owner root, modes 0644 and 0755; saving the
 * same images twice gives the same bytes.
 */
public final class ImageSaver {
  private ImageSaver() {}

  private static final int BUFFER = 64 * 1024;

  /**
   * Saves the images to {@code out}, which is left open. Missing blobs fail with NotFoundException before
   * anything is written; a blob whose content no longer matches its digest fails with SystemException.
   */
  public static void save(ContentStore store, List<SaveItem> items, OutputStream out) {
    if (items.isEmpty()) throw new InvalidArgumentException("save: no images to save");
    ExportPlan plan = ExportPlan.of(store, items);
    try {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(new NonClosingOutputStream(out), "UTF-8");
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, Item> entry : entries(plan).entrySet()) {
        switch (entry.getValue()) {
          case Item.Directory() -> writeDirectory(tar, entry.getKey());
          case Item.File(byte[] content) -> writeFile(tar, entry.getKey(), content);
          case Item.Blob(Digest digest) -> writeBlob(tar, entry.getKey(), store, digest);
        }
      }
      tar.finish();
      tar.close();
    } catch (IOException e) {
      throw new SystemException("save: writing the archive failed: " + e.getMessage(), e);
    }
  }

  /** What one tar entry holds. */
  private sealed interface Item {
    record Directory() implements Item {}

    record File(byte[] content) implements Item {}

    record Blob(Digest digest) implements Item {}
  }

  /** Every tar entry by name, sorted, as {@code tar} lists a directory. */
  private static TreeMap<String, Item> entries(ExportPlan plan) {
    TreeMap<String, Item> entries = new TreeMap<>();
    entries.put("blobs/", new Item.Directory());
    entries.put("blobs/sha256/", new Item.Directory());
    for (Digest digest : plan.blobs()) entries.put(ExportPlan.blobPath(digest), new Item.Blob(digest));
    entries.put("oci-layout", new Item.File(ExportPlan.OCI_LAYOUT));
    entries.put("index.json", new Item.File(plan.indexJson()));
    entries.put("manifest.json", new Item.File(plan.manifestJson()));
    if (plan.repositoriesJson() != null) entries.put("repositories", new Item.File(plan.repositoriesJson()));
    return entries;
  }

  private static TarArchiveEntry entry(String name, byte type, int mode) {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    entry.setMode(mode);
    entry.setModTime(0);
    entry.setIds(0, 0);
    entry.setUserName("");
    entry.setGroupName("");
    return entry;
  }

  private static void writeDirectory(TarArchiveOutputStream tar, String name) throws IOException {
    tar.putArchiveEntry(entry(name, TarArchiveEntry.LF_DIR, 040755));
    tar.closeArchiveEntry();
  }

  private static void writeFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = entry(name, TarArchiveEntry.LF_NORMAL, 0100644);
    entry.setSize(content.length);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }

  private static void writeBlob(TarArchiveOutputStream tar, String name, ContentStore store, Digest digest) throws IOException {
    long size = store.info(digest)
        .orElseThrow(() -> new NotFoundException("save: blob " + digest + " vanished from the content store"))
        .size();
    TarArchiveEntry entry = entry(name, TarArchiveEntry.LF_NORMAL, 0100644);
    entry.setSize(size);
    tar.putArchiveEntry(entry);
    MessageDigest sha256 = Digest.newSha256();
    long copied = 0;
    try (InputStream in = store.open(digest)) {
      byte[] buffer = new byte[BUFFER];
      for (int n; (n = in.read(buffer)) > 0; copied += n) {
        sha256.update(buffer, 0, n);
        tar.write(buffer, 0, (int) Math.min(n, Math.max(0, size - copied)));
      }
    }
    Digest actual = Digest.fromSha256(sha256.digest());
    if (copied != size || !actual.equals(digest)) {
      throw new SystemException("save: blob " + digest + " in the content store is corrupt: it holds " + copied
          + " bytes hashing to " + actual + ", expected " + size + " bytes");
    }
    tar.closeArchiveEntry();
  }

  /** Lets the tar writer finish its trailer without closing the caller's stream. */
  private static final class NonClosingOutputStream extends java.io.FilterOutputStream {
    NonClosingOutputStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
