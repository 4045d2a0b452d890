package dev.berth.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Pushes an OCI layout's image byte for byte with plain distribution API calls (POST upload, PUT with the digest,
 * PUT manifest). skopeo gzips uncompressed layers on the way to a registry, which changes the manifest; a test of
 * uncompressed layers needs them stored as they are, so this pusher changes nothing. Anonymous or basic auth only.
 */
public final class RawPusher {
  private final TestRegistry registry;
  private final Optional<String> authorization;

  private RawPusher(TestRegistry registry, Optional<String> authorization) {
    this.registry = registry;
    this.authorization = authorization;
  }

  public static RawPusher of(TestRegistry registry) {
    return new RawPusher(registry, Optional.empty());
  }

  public RawPusher withBasicAuth(String user, String password) {
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new RawPusher(registry, Optional.of("Basic " + token));
  }

  /** Pushes every blob, then the manifest as REPO:TAG; returns the manifest's digest (the layout's own). */
  public String push(TestImages.Image image, String repoAndTag) {
    String[] repoTag = split(repoAndTag);
    pushImage(image, repoTag[0], repoTag[1]);
    return image.manifest().digest();
  }

  /** Pushes each platform's image by digest, then the index as REPO:TAG; returns the index's digest. */
  public String push(TestIndexes.MultiPlatformImage index, String repoAndTag) {
    String[] repoTag = split(repoAndTag);
    for (TestImages.Image image : index.images().values()) {
      pushImage(image, repoTag[0], image.manifest().digest());
    }
    putManifest(index.layout(), repoTag[0], repoTag[1], index.index());
    return index.index().digest();
  }

  private void pushImage(TestImages.Image image, String repo, String reference) {
    List<TestImages.Blob> blobs = new ArrayList<>();
    blobs.add(image.config());
    image.layers().forEach(layer -> blobs.add(layer.blob()));
    for (TestImages.Blob blob : blobs) {
      pushBlob(image, repo, blob);
    }
    putManifest(image.layout(), repo, reference, image.manifest());
  }

  private void putManifest(Path layout, String repo, String reference, TestImages.Blob manifest) {
    URI uri = registry.url().resolve("/v2/" + repo + "/manifests/" + reference);
    HttpRequest put = request(uri).header("Content-Type", manifest.mediaType())
        .PUT(body(layout, manifest)).build();
    expect(send(put), 201, "put manifest " + repo + ":" + reference);
  }

  private static String[] split(String repoAndTag) {
    int colon = repoAndTag.lastIndexOf(':');
    if (colon < 0 || repoAndTag.lastIndexOf('/') > colon) {
      throw new IllegalArgumentException("push " + repoAndTag + ": want REPO:TAG");
    }
    return new String[] {repoAndTag.substring(0, colon), repoAndTag.substring(colon + 1)};
  }

  private void pushBlob(TestImages.Image image, String repo, TestImages.Blob blob) {
    HttpRequest start = request(registry.url().resolve("/v2/" + repo + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()).build();
    HttpResponse<String> started = expect(send(start), 202, "start upload of " + blob.digest());
    String location = started.headers().firstValue("Location")
        .orElseThrow(() -> new IllegalStateException("start upload of " + blob.digest() + ": no Location"));
    URI upload = registry.url().resolve(location);
    String separator = upload.getQuery() == null ? "?" : "&";
    HttpRequest put = request(URI.create(upload + separator + "digest=" + blob.digest()))
        .header("Content-Type", "application/octet-stream").PUT(body(image.layout(), blob)).build();
    expect(send(put), 201, "upload " + blob.digest());
  }

  private static HttpRequest.BodyPublisher body(Path layout, TestImages.Blob blob) {
    try {
      return HttpRequest.BodyPublishers.ofFile(TestImages.blobPath(layout, blob.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("read blob " + blob.digest() + ": " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
    authorization.ifPresent(value -> builder.header("Authorization", value));
    return builder;
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      HttpClient client = registry.httpClient();
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(request.method() + " " + request.uri() + ": interrupted", e);
    }
  }

  private static HttpResponse<String> expect(HttpResponse<String> response, int status, String action) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(action + ": HTTP " + response.statusCode() + ": " + response.body());
    }
    return response;
  }
}
