package dev.berth.image.archive;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import dev.berth.oci.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * What a legacy archive's layer file is, worked out in one pass: its digest and size as stored, its
 * compression, and its diff ID (the digest of the uncompressed tar, which the config lists).
 */
record LayerDigest(Digest digest, long size, Compression compression, Digest diffId) {

  /** The layer compressions an image manifest can name. */
  enum Compression {
    NONE(MediaTypes.DOCKER_LAYER, MediaTypes.OCI_LAYER),
    GZIP(MediaTypes.DOCKER_LAYER_GZIP, MediaTypes.OCI_LAYER_GZIP),
    ZSTD(null, MediaTypes.OCI_LAYER_ZSTD);

    final String dockerMediaType;
    final String ociMediaType;

    Compression(String dockerMediaType, String ociMediaType) {
      this.dockerMediaType = dockerMediaType;
      this.ociMediaType = ociMediaType;
    }
  }

  static LayerDigest of(Path file, String name) {
    MessageDigest stored = Digest.newSha256();
    MessageDigest uncompressed = Digest.newSha256();
    Compression compression;
    try (InputStream raw = new BufferedInputStream(new DigestInputStream(Files.newInputStream(file), stored))) {
      compression = detect(raw, name);
      try (InputStream tar = new DigestInputStream(decompressor(raw, compression), uncompressed)) {
        tar.transferTo(java.io.OutputStream.nullOutputStream());
        raw.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException e) {
        throw new InvalidArgumentException("load: layer " + name + " is not valid " + compression.name().toLowerCase()
            + " data: " + e.getMessage(), e);
      }
    } catch (IOException e) {
      throw new SystemException("load: cannot read layer " + name + ": " + e.getMessage(), e);
    }
    Digest digest = Digest.fromSha256(stored.digest());
    Digest diffId = compression == Compression.NONE ? digest : Digest.fromSha256(uncompressed.digest());
    return new LayerDigest(digest, sizeOf(file, name), compression, diffId);
  }

  private static Compression detect(InputStream in, String name) throws IOException {
    in.mark(8);
    byte[] magic = in.readNBytes(6);
    in.reset();
    if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) return Compression.GZIP;
    if (magic.length >= 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5 && (magic[2] & 0xff) == 0x2f
        && (magic[3] & 0xff) == 0xfd) {
      return Compression.ZSTD;
    }
    if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h'
        || magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z') {
      throw new InvalidArgumentException("load: layer " + name + " is bzip2- or xz-compressed, which image manifests cannot describe");
    }
    return Compression.NONE;
  }

  private static InputStream decompressor(InputStream raw, Compression compression) throws IOException {
    return switch (compression) {
      case NONE -> InputStream.nullInputStream();
      case GZIP -> GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get();
      case ZSTD -> new ZstdCompressorInputStream(raw);
    };
  }

  private static long sizeOf(Path file, String name) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new SystemException("load: cannot read layer " + name + ": " + e.getMessage(), e);
    }
  }
}
