package dev.berth.registry;

import dev.berth.oci.Digest;
import dev.berth.registry.auth.AuthenticationException;
import dev.berth.registry.auth.Authorizer;
import dev.berth.registry.auth.Credential;
import dev.berth.registry.auth.TokenFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongConsumer;
import java.net.http.HttpRequest;
import java.nio.file.Path;

/**
 * The client of one repository on one registry, after Jib's {@code RegistryClient}: each call is an
 * {@link Endpoint}, and this façade adds what every call needs, once: the {@code Authorization} header,
 * the answer to a 401 challenge (then the call is sent again), and retries of idempotent calls after a 5xx
 * or a broken connection. Safe for parallel use: the authentication state is shared and locked.
 */
public final class RegistryClient {
  static final int MAX_ATTEMPTS = 4;
  private static final int MAX_REAUTH = 2;

  private final RegistryTransport transport;
  private final String registry;
  private final String repository;
  private final Authorizer authorizer;

  private RegistryClient(RegistryTransport transport, String registry, String repository, Authorizer authorizer) {
    this.transport = transport;
    this.registry = registry;
    this.repository = repository;
    this.authorizer = authorizer;
  }

  /**
   * A client for pulling (token scope {@code repository:<repository>:pull}).
   *
   * @param registry the host as references name it, e.g. {@code localhost:5000} or {@code docker.io}
   * @param repository the path, e.g. {@code library/busybox}
   */
  public static RegistryClient forPull(RegistryTransport transport, String registry, String repository, Credential credential) {
    return create(transport, registry, repository, credential, "pull");
  }

  /**
   * A client for pushing (scope {@code pull,push}), which may also mount blobs from the repositories in
   * {@code mountFrom} (scope {@code pull} on each).
   */
  public static RegistryClient forPush(RegistryTransport transport, String registry, String repository, Credential credential,
      List<String> mountFrom) {
    List<String> scopes = new java.util.ArrayList<>(List.of("repository:" + repository + ":pull,push"));
    for (String from : mountFrom) if (!from.equals(repository)) scopes.add("repository:" + from + ":pull");
    return create(transport, registry, repository, credential, scopes);
  }

  private static RegistryClient create(RegistryTransport transport, String registry, String repository, Credential credential,
      String actions) {
    return create(transport, registry, repository, credential, List.of("repository:" + repository + ":" + actions));
  }

  private static RegistryClient create(RegistryTransport transport, String registry, String repository, Credential credential,
      List<String> scopes) {
    Objects.requireNonNull(credential, "credential");
    Authorizer authorizer = new Authorizer(new TokenFetcher(() -> transport.http(registry), Clock.systemUTC()), credential, registry,
        scopes, Clock.systemUTC());
    return new RegistryClient(transport, registry, repository, authorizer);
  }

  public String registry() {
    return registry;
  }

  public String repository() {
    return repository;
  }

  /** The manifest or index a tag or digest names; NotFoundException when the registry has none. */
  public PulledManifest pullManifest(String reference) {
    return call(new ManifestPuller(registry + "/" + repository, reference));
  }

  /** The blob's size when the registry holds it, else empty. */
  public OptionalLong checkBlob(Digest digest) {
    return call(new BlobChecker(registry + "/" + repository, digest));
  }

  /**
   * The blob's bytes as a stream that resumes by itself, with a range request, when the connection breaks
   * or ends early. {@code size} is the descriptor's size (-1 when unknown: then an early end is not seen).
   */
  public InputStream pullBlob(Digest digest, long size) {
    return new ResumingBlobStream(offset -> call(new BlobPuller(registry + "/" + repository, digest, offset)), digest, size);
  }

  /**
   * Mounts the blob from repository {@code from} of the same registry; true when the registry linked it.
   * When it could not (or {@code from} is null), the upload session it opened is returned to the caller
   * through {@link #pushBlob}'s {@code session} parameter.
   */
  public Optional<UploadLocation> mountOrStart(Digest digest, String from) {
    return call(new BlobMounter(registry + "/" + repository, digest, from));
  }

  /**
   * Uploads the blob held in {@code file} through {@code session} (null: a new one): in one PUT when it is
   * no larger than {@code chunkSize}, else in PATCHes of {@code chunkSize} bytes closed by an empty PUT.
   * The registry verifies the digest when the upload is closed.
   */
  public void pushBlob(Digest digest, long size, Path file, long chunkSize, UploadLocation session, LongConsumer pushed) {
    if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be positive");
    String repo = registry + "/" + repository;
    UploadLocation location = session != null ? session : mountOrStart(digest, null).orElseThrow();
    if (size <= chunkSize) {
      call(BlobPusher.close(repo, digest, location, () -> FileSlices.publisher(file, 0, size), size));
      pushed.accept(size);
      return;
    }
    for (long first = 0; first < size; first += chunkSize) {
      long from = first;
      long length = Math.min(chunkSize, size - first);
      location = call(BlobPusher.chunk(repo, digest, location, () -> FileSlices.publisher(file, from, length), from, length));
      pushed.accept(from + length);
    }
    call(BlobPusher.close(repo, digest, location, HttpRequest.BodyPublishers::noBody, 0));
  }

  /** Puts the manifest under {@code tag} (or a digest) and returns its digest, as the registry stored it. */
  public Digest pushManifest(String tag, byte[] bytes, String mediaType) {
    return call(new ManifestPusher(registry + "/" + repository, tag, bytes, mediaType));
  }

  /** Sends one call with authentication and retries; see the class comment. */
  <T> T call(Endpoint<T> endpoint) {
    int reauth = 0;
    for (int attempt = 1; ; attempt++) {
      String auth = authorizer.header().orElse(null);
      Response response;
      try {
        response = transport.send(registry, endpoint.method(), path(endpoint), endpoint.headers(), endpoint.body(), auth);
      } catch (IOException e) {
        if (endpoint.idempotent() && attempt < MAX_ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        throw new RegistryException(endpoint.describe() + ": " + message(e), e);
      }
      if (response.status() == 401 && reauth++ < MAX_REAUTH) {
        response.discard();
        authorizer.unauthorized(response.headers().allValues("WWW-Authenticate"), auth);
        attempt--;
        continue;
      }
      if (response.status() == 401) throw new AuthenticationException(endpoint.describe() + ": " + RegistryErrors.reason(response));
      if (response.status() >= 500 && endpoint.idempotent() && attempt < MAX_ATTEMPTS) {
        response.discard();
        backoff(attempt);
        continue;
      }
      try {
        return endpoint.handle(response);
      } catch (IOException e) {
        throw new RegistryException(endpoint.describe() + ": " + message(e), e);
      }
    }
  }

  private String path(Endpoint<?> endpoint) {
    String p = endpoint.path();
    return p.startsWith("/") || p.contains("://") ? p : "/v2/" + repository + "/" + p;
  }

  private static String message(IOException e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(100L << Math.min(attempt, 5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while waiting to retry"));
    }
  }
}
