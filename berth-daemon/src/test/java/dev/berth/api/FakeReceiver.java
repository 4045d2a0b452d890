package dev.berth.api;

import dev.berth.engine.ImageReceiver;
import dev.berth.errors.ConflictException;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.oci.Manifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link ImageReceiver} that keeps the real one's rules: uploads by offset, a digest check at the
 * last byte, a commit that refuses missing blobs and reports "up to date" when nothing changes. Its images,
 * by tag, are also what it serves as an {@link dev.berth.engine.ImageSource}.
 */
public final class FakeReceiver implements ImageReceiver, dev.berth.engine.ImageSource {
  public final Map<Digest, byte[]> blobs = new ConcurrentHashMap<>();
  public final Map<Digest, ByteArrayOutputStream> uploads = new ConcurrentHashMap<>();
  public final Map<String, Digest> tags = new ConcurrentHashMap<>();
  public final Map<Digest, Digest> images = new ConcurrentHashMap<>();

  @Override
  public List<Missing> missing(List<BlobRef> refs) {
    return refs.stream().filter(b -> !blobs.containsKey(b.digest())).map(b -> new Missing(b.digest(), held(b.digest()))).toList();
  }

  private long held(Digest digest) {
    ByteArrayOutputStream upload = uploads.get(digest);
    return upload == null ? 0 : upload.size();
  }

  @Override
  public long offset(Digest digest) {
    return blobs.containsKey(digest) ? -1 : held(digest);
  }

  @Override
  public synchronized Upload upload(Digest digest, long offset, long size, InputStream body) {
    if (blobs.containsKey(digest)) return new Upload.Committed(true);
    if (held(digest) != offset) return new Upload.WrongOffset(held(digest));
    ByteArrayOutputStream upload = uploads.computeIfAbsent(digest, d -> new ByteArrayOutputStream());
    try {
      upload.write(body.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (upload.size() > size) {
      uploads.remove(digest);
      throw new InvalidArgumentException("uploading blob " + digest + ": more than the " + size + " bytes announced");
    }
    if (upload.size() < size) return new Upload.Partial(upload.size());
    uploads.remove(digest);
    byte[] bytes = upload.toByteArray();
    if (!Digest.sha256(bytes).equals(digest)) {
      throw new InvalidArgumentException("uploading blob " + digest + ": content has digest " + Digest.sha256(bytes) + ", expected " + digest);
    }
    blobs.put(digest, bytes);
    return new Upload.Committed(false);
  }

  /** Abandoned uploads: the fake keeps no times, so every upload not being written counts as abandoned. */
  @Override
  public synchronized Expired expire(java.time.Instant cutoff) {
    List<Digest> gone = List.copyOf(uploads.keySet());
    uploads.clear();
    return new Expired(gone, 0);
  }

  @Override
  public synchronized Committed commit(Digest manifestDigest, String mediaType, List<String> tagNames) {
    byte[] bytes = blobs.get(manifestDigest);
    if (bytes == null) throw new ConflictException("committing image " + manifestDigest + ": its manifest blob " + manifestDigest + " was not uploaded");
    Manifest manifest = Json.read(bytes, Manifest.class);
    List<Descriptor> needed = new ArrayList<>(List.of(manifest.config()));
    needed.addAll(manifest.layers());
    for (Descriptor d : needed) {
      if (!blobs.containsKey(d.digest())) throw new ConflictException("committing image " + manifestDigest + ": blob " + d.digest() + " was not uploaded");
    }
    Digest id = manifest.config().digest();
    boolean same = manifestDigest.equals(images.put(id, manifestDigest));
    List<String> moved = new ArrayList<>();
    for (String tag : tagNames) {
      if (!id.equals(tags.put(tag, id))) moved.add(tag);
    }
    return new Committed(id, same && moved.isEmpty(), moved);
  }

  @Override
  public Sendable describe(String name) {
    Digest id = tags.get(name);
    if (id == null) throw new dev.berth.errors.NotFoundException("No such image: " + name);
    Digest manifestDigest = images.get(id);
    Manifest manifest = Json.read(blobs.get(manifestDigest), Manifest.class);
    List<Descriptor> parts = new ArrayList<>(List.of(manifest.config()));
    parts.addAll(manifest.layers());
    return new Sendable(id, Descriptor.of(manifest.mediaType(), manifestDigest, blobs.get(manifestDigest).length), parts);
  }

  @Override
  public InputStream open(Digest digest, long offset) {
    byte[] bytes = blobs.get(digest);
    if (bytes == null) throw new dev.berth.errors.NotFoundException("No such blob: " + digest);
    if (offset > bytes.length) throw new InvalidArgumentException("reading blob " + digest + ": offset " + offset + " is past its " + bytes.length + " bytes");
    return new java.io.ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
  }
}
