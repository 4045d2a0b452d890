package dev.berth.engine.build;

import dev.berth.build.context.CopySource;
import dev.berth.build.dockerfile.Heredoc;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * COPY/ADD sources that are not in a tree: heredoc bodies ({@code COPY <<EOF /f}), written to a file named as
 * the delimiter, and ADD's URLs, downloaded with {@code java.net.http} into a file named from the URL's path
 * with mode 0600, as Docker names and protects them. Each answers the source and its checksum for the cache.
 */
final class ExtraSources {
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(30))
      .build();

  private ExtraSources() {}

  record Extra(CopySource source, String checksum) {}

  static boolean isUrl(String src) {
    return src.startsWith("http://") || src.startsWith("https://");
  }

  static Extra heredoc(Heredoc h, Path dir) {
    Path file = dir.resolve(h.name());
    try {
      Files.writeString(file, h.content(), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (IOException e) {
      throw new SystemException("writing heredoc " + h.name() + " to " + file + ": " + e.getMessage(), e);
    }
    return new Extra(new CopySource(file, h.name(), false), "heredoc:" + h.name() + ":" + sha256(h.content().getBytes(StandardCharsets.UTF_8)));
  }

  /** Downloads {@code url}; {@code expected} is ADD's {@code --checksum} ({@code sha256:…}) or null. */
  static Extra download(String url, Path dir, String expected) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException("ADD: invalid URL " + url + ": " + e.getMessage(), e);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.isEmpty()) name = "__unnamed__";
    Path file = dir.resolve(name);
    try {
      HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new SystemException("failed to GET " + url + " with status " + response.statusCode());
        }
        Files.copy(body, file);
      }
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      String digest = sha256(Files.readAllBytes(file));
      if (expected != null && !expected.equals(digest)) {
        throw new InvalidArgumentException("ADD " + url + ": unexpected checksum: want " + expected + ", got " + digest);
      }
      return new Extra(new CopySource(file, name, false), "url:" + name + ":" + digest);
    } catch (IOException e) {
      throw new SystemException("ADD: downloading " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("ADD: interrupted while downloading " + url, e);
    }
  }

  private static String sha256(byte[] bytes) {
    MessageDigest md = Digest.newSha256();
    return Digest.fromSha256(md.digest(bytes)).toString();
  }
}
