package dev.berth.registry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Debian's {@code docker-registry} (distribution 2.8) running on 127.0.0.1 at a free port, with filesystem storage in
 * its own temp dir and a config file written here (never the packaged /etc/docker/registry/config.yml).
 *
 * <p>Three set-ups: {@link #start()} plain HTTP and anonymous; {@link #withBasicAuth} htpasswd basic auth over TLS
 * with a CA made for this registry ({@link #caCertificate()}); {@link #withTokenAuth} bearer tokens from a
 * {@link TokenServer}. Use it in try-with-resources: {@link #close()} kills the process and deletes the temp dir
 * (storage, config, certificates, log); a JVM shutdown hook does the same if a test never gets to close it, and a
 * {@link Watchdog} outside the JVM does it if the JVM is killed outright.
 */
public final class TestRegistry implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(30);

  private final Path dir;
  private final Process process;
  private final int port;
  private final Optional<TestPki.Server> tls;
  private final Thread shutdownHook;
  private final Watchdog watchdog;
  private volatile boolean closed;

  private TestRegistry(Path dir, Process process, int port, Optional<TestPki.Server> tls) {
    this.dir = dir;
    this.process = process;
    this.port = port;
    this.tls = tls;
    this.watchdog = Watchdog.guard(process, dir);
    this.shutdownHook = new Thread(this::destroy, "test-registry-cleanup-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** A plain-HTTP registry that lets anyone pull and push. */
  public static TestRegistry start() {
    return builder().start();
  }

  /** A registry over TLS (a test CA, see {@link #caCertificate()}) asking for this user by htpasswd basic auth. */
  public static TestRegistry withBasicAuth(String user, String password) {
    return builder().tls().basicAuth(user, password).start();
  }

  /** A plain-HTTP registry that accepts only bearer tokens issued by {@code tokens} (which the caller closes). */
  public static TestRegistry withTokenAuth(TokenServer tokens) {
    return builder().tokenAuth(tokens).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** "127.0.0.1:PORT", the registry part of an image reference. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** http://127.0.0.1:PORT or https://127.0.0.1:PORT, without a trailing slash. */
  public URI url() {
    return URI.create((tls.isPresent() ? "https://" : "http://") + host());
  }

  public boolean isTls() {
    return tls.isPresent();
  }

  /** The PEM certificate of the CA that signed this registry's server certificate; only for a TLS registry. */
  public Path caCertificate() {
    return tls.orElseThrow(() -> new IllegalStateException("registry " + host() + " is plain HTTP: no CA")).caPem();
  }

  /**
   * A directory holding the CA as {@code ca.crt}, the layout skopeo's {@code --cert-dir} and docker's
   * {@code certs.d/HOST/} expect; only for a TLS registry.
   */
  public Path certDir() {
    return tls.orElseThrow(() -> new IllegalStateException("registry " + host() + " is plain HTTP: no CA")).certDir();
  }

  /** An SSL context trusting this registry's CA (the JDK's default context for a plain registry). */
  public SSLContext sslContext() {
    return tls.map(TestPki.Server::trustingContext).orElseGet(TestRegistry::defaultContext);
  }

  /** An HTTP client that trusts this registry's CA and does not follow redirects. */
  public HttpClient httpClient() {
    return HttpClient.newBuilder().sslContext(sslContext()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The registry's storage root (distribution's filesystem driver layout: docker/registry/v2/...). */
  public Path storage() {
    return dir.resolve("storage");
  }

  /**
   * The file holding a blob's bytes in the registry's storage, e.g. to corrupt a blob behind the registry's back
   * (distribution serves it without re-checking its digest). {@code digest} is "sha256:HEX".
   */
  public Path blobFile(String digest) {
    String[] parts = digest.split(":", 2);
    if (parts.length != 2 || parts[1].length() < 2) {
      throw new IllegalArgumentException("blob file for " + digest + ": not an ALGORITHM:HEX digest");
    }
    return storage().resolve("docker/registry/v2/blobs").resolve(parts[0]).resolve(parts[1].substring(0, 2))
        .resolve(parts[1]).resolve("data");
  }

  /** Everything the registry has logged so far (its access log included), for a failing test's message. */
  public String log() {
    try {
      return Files.readString(dir.resolve("registry.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** The registry process's id, e.g. to check that it is gone. */
  public long pid() {
    return process.pid();
  }

  /** Kills the registry and deletes its temp dir. Safe to call twice. */
  @Override
  public void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it does the same work
    }
  }

  private synchronized void destroy() {
    if (closed) {
      return;
    }
    closed = true;
    watchdog.close();
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Commands.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "TestRegistry[" + url() + "]";
  }

  private static SSLContext defaultContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no default SSL context", e);
    }
  }

  /** Chooses TLS and the auth set-up, then starts the registry. */
  public static final class Builder {
    private boolean tls;
    private RegistryConfig.Auth auth = new RegistryConfig.Auth.None();

    private Builder() {}

    /** Serve HTTPS with a server certificate for 127.0.0.1 signed by a CA made for this registry. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** Ask for this user by htpasswd basic auth (bcrypt, as distribution requires). */
    public Builder basicAuth(String user, String password) {
      this.auth = new RegistryConfig.Auth.Basic(user, password);
      return this;
    }

    /**
     * Accept only bearer tokens signed by this token server's key; its realm, service and issuer go into the config.
     */
    public Builder tokenAuth(TokenServer tokens) {
      return tokenAuth(tokens, tokens.realm());
    }

    /**
     * Like {@link #tokenAuth(TokenServer)}, but the challenge names {@code realm} as the token endpoint: e.g. a
     * {@link FaultProxy} in front of the token server, {@code proxy.url().resolve("/token")}.
     */
    public Builder tokenAuth(TokenServer tokens, URI realm) {
      this.auth = new RegistryConfig.Auth.Token(tokens, realm);
      return this;
    }

    /**
     * Starts the registry and waits until {@code GET /v2/} answers. A port taken between choosing and binding it
     * is retried with another port.
     */
    public TestRegistry start() {
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        Path dir = createDir();
        try {
          return startIn(dir);
        } catch (RuntimeException e) {
          Commands.deleteTree(dir);
          if (!(e instanceof PortTakenException taken)) {
            throw e;
          }
          last = taken;
        }
      }
      throw last;
    }

    private TestRegistry startIn(Path dir) {
      int port = freePort();
      Optional<TestPki.Server> pki = tls ? Optional.of(TestPki.server(dir.resolve("tls"))) : Optional.empty();
      Path config = new RegistryConfig(port, dir.resolve("storage"), pki, auth).write(dir);
      Process process = launch(config, dir.resolve("registry.log"));
      TestRegistry registry;
      try {
        registry = new TestRegistry(dir, process, port, pki);
      } catch (RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
      try {
        awaitReady(registry);
        return registry;
      } catch (RuntimeException e) {
        registry.destroyKeepingDir();
        throw e;
      }
    }

    private static Process launch(Path config, Path log) {
      try {
        return new ProcessBuilder(List.of("docker-registry", "serve", config.toString()))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException("start docker-registry: " + e.getMessage()
            + " (install the Debian package docker-registry; scripts/setup.sh does)", e);
      }
    }

    private static void awaitReady(TestRegistry registry) {
      HttpClient client = registry.httpClient();
      HttpRequest probe = HttpRequest.newBuilder(registry.url().resolve("/v2/")).timeout(Duration.ofSeconds(2)).build();
      Instant deadline = Instant.now().plus(STARTUP);
      while (Instant.now().isBefore(deadline)) {
        if (!registry.process.isAlive()) {
          String log = registry.log();
          if (log.contains("address already in use")) {
            throw new PortTakenException(registry.host());
          }
          throw new IllegalStateException("start docker-registry on " + registry.host() + ": exited with "
              + registry.process.exitValue() + "; log:\n" + log);
        }
        try {
          HttpResponse<Void> answer = client.send(probe, HttpResponse.BodyHandlers.discarding());
          if (answer.statusCode() == 200 || answer.statusCode() == 401) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("start docker-registry: interrupted", e);
        }
        sleep(Duration.ofMillis(50));
      }
      throw new IllegalStateException("start docker-registry on " + registry.host() + ": GET /v2/ did not answer within "
          + STARTUP + "; log:\n" + registry.log());
    }

    private static Path createDir() {
      try {
        return Files.createTempDirectory("berth-registry-");
      } catch (IOException e) {
        throw new UncheckedIOException("create a temp dir for docker-registry: " + e.getMessage(), e);
      }
    }

    private static int freePort() {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("find a free port on 127.0.0.1: " + e.getMessage(), e);
      }
    }
  }

  /** Kills the process but leaves the dir: the builder deletes it itself, and may need the log first. */
  private void destroyKeepingDir() {
    closed = true;
    watchdog.close();
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // nothing to remove
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static final class PortTakenException extends IllegalStateException {
    PortTakenException(String host) {
      super("start docker-registry on " + host + ": address already in use");
    }
  }
}
