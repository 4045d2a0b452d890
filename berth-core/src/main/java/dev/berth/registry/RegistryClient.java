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
import java.util.OptionalLong;

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

  /** A client for pushing (scope {@code pull,push}), for the push endpoints. */
  public static RegistryClient forPush(RegistryTransport transport, String registry, String repository, Credential credential) {
    return create(transport, registry, repository, credential, "pull,push");
  }

  private static RegistryClient create(RegistryTransport transport, String registry, String repository, Credential credential,
      String actions) {
    Objects.requireNonNull(credential, "credential");
    Authorizer authorizer = new Authorizer(new TokenFetcher(transport.http(), Clock.systemUTC()), credential, registry,
        List.of("repository:" + repository + ":" + actions), Clock.systemUTC());
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
