package dev.berth.cli.build;

import dev.berth.build.context.ContextArchive;
import dev.berth.build.context.DockerIgnore;
import dev.berth.cli.CliException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The body of {@code POST /build} and the {@code dockerfile} parameter that goes with it, made from what the
 * user named, by the docker CLI's rules:
 *
 * <ul>
 *   <li>a directory: its tar without what {@code .dockerignore} excludes; {@code -f} is relative to the
 *       current directory (not the context), and a Dockerfile outside the context, or {@code -f -}, is added
 *       to the tar under a hidden random name;
 *   <li>a tar file (plain or compressed): sent as it is, {@code -f} naming the Dockerfile inside it;
 *   <li>{@code -}: standard input, either a tar context or a bare Dockerfile (told apart by sniffing).
 * </ul>
 *
 * <p>A directory's tar is written by a background thread as the request is sent, so a large context is
 * never held in memory. A failure on our side (an unreadable file) is kept and reported by {@link #check}
 * in place of the daemon's complaint about a truncated tar.
 */
final class ContextUpload {
  private static final int PIPE_BUFFER = 1 << 16;

  /** Writes a tar into a stream; run on a background thread. */
  @FunctionalInterface
  interface TarWriter {
    void write(OutputStream out) throws IOException;
  }

  private final InputStream body;
  private final String dockerfile;
  private final Thread writer;
  private final AtomicReference<Throwable> localFailure;

  private ContextUpload(InputStream body, String dockerfile, Thread writer, AtomicReference<Throwable> localFailure) {
    this.body = new CountingStream(body);
    this.dockerfile = dockerfile;
    this.writer = writer;
    this.localFailure = localFailure;
  }

  InputStream body() {
    return body;
  }

  /** How many bytes of the context were sent so far. */
  long sent() {
    return ((CountingStream) body).count;
  }

  /** The {@code dockerfile} query parameter, or null for the daemon's default ({@code Dockerfile}). */
  String dockerfile() {
    return dockerfile;
  }

  /**
   * @param context the PATH argument: a directory, a tar file or {@code -}
   * @param file the {@code -f} argument, or null
   * @param stdin standard input, for {@code -} and {@code -f -}
   * @param cwd the directory {@code -f} is relative to
   */
  static ContextUpload open(String context, String file, InputStream stdin, Path cwd) throws IOException {
    if (context.equals("-")) return fromStdin(file, stdin);
    Path dir = cwd.resolve(context);
    if (Files.isDirectory(dir)) return fromDirectory(dir.toAbsolutePath().normalize(), file, stdin, cwd);
    if (Files.isRegularFile(dir)) {
      if ("-".equals(file)) throw new CliException("unable to prepare context: -f - needs a context directory, not a tar file");
      return new ContextUpload(Files.newInputStream(dir), file, null, new AtomicReference<>());
    }
    throw new CliException("unable to prepare context: path \"" + context + "\" not found");
  }

  private static ContextUpload fromStdin(String file, InputStream stdin) throws IOException {
    if ("-".equals(file)) throw new CliException("invalid argument: can't use stdin for both build context and dockerfile");
    BufferedInputStream in = new BufferedInputStream(stdin, PIPE_BUFFER);
    in.mark(ArchiveSniffer.HEAD);
    byte[] head = in.readNBytes(ArchiveSniffer.HEAD);
    in.reset();
    if (ArchiveSniffer.isArchive(head)) return new ContextUpload(in, file, null, new AtomicReference<>());
    byte[] dockerfile = in.readAllBytes();
    return piped(out -> TarPlus.dockerfileOnly(dockerfile, out), "Dockerfile");
  }

  private static ContextUpload fromDirectory(Path dir, String file, InputStream stdin, Path cwd) throws IOException {
    DockerIgnore ignore = DockerIgnore.read(dir);
    if ("-".equals(file)) return withOutsideDockerfile(dir, ignore, stdin.readAllBytes());
    Path dockerfile = file == null ? defaultDockerfile(dir) : cwd.resolve(file).toAbsolutePath().normalize();
    if (!Files.isRegularFile(dockerfile)) {
      throw new CliException("unable to prepare context: Cannot locate specified Dockerfile: " + (file == null ? "Dockerfile" : file));
    }
    if (!dockerfile.startsWith(dir)) return withOutsideDockerfile(dir, ignore, Files.readAllBytes(dockerfile));
    String rel = dir.relativize(dockerfile).toString();
    return piped(out -> ContextArchive.write(dir, ignore, rel, out), rel);
  }

  /** {@code Dockerfile}, else {@code dockerfile}, as the docker CLI looks for them. */
  private static Path defaultDockerfile(Path dir) {
    Path upper = dir.resolve("Dockerfile");
    Path lower = dir.resolve("dockerfile");
    return !Files.exists(upper) && Files.exists(lower) ? lower : upper;
  }

  private static ContextUpload withOutsideDockerfile(Path dir, DockerIgnore ignore, byte[] dockerfile) throws IOException {
    String name = ".dockerfile." + HexFormat.of().formatHex(new SecureRandom().generateSeed(10));
    return piped(out -> {
      PipedInputStream context = new PipedInputStream(PIPE_BUFFER);
      PipedOutputStream sink = new PipedOutputStream(context);
      AtomicReference<Throwable> inner = new AtomicReference<>();
      Thread archive = Thread.ofVirtual().name("berth-build-context").start(() -> {
        try (sink) {
          ContextArchive.write(dir, ignore, name, sink);
        } catch (Throwable t) {
          inner.set(t);
        }
      });
      try (context) {
        TarPlus.addDockerfile(context, name, dockerfile, out);
      } finally {
        join(archive);
        if (inner.get() != null) throw new IOException(inner.get().getMessage(), inner.get());
      }
    }, name);
  }

  /** A body fed by {@code tar} on a virtual thread through a pipe. */
  private static ContextUpload piped(TarWriter tar, String dockerfile) throws IOException {
    PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
    PipedOutputStream pipe = new PipedOutputStream(in);
    AtomicReference<Throwable> local = new AtomicReference<>();
    TrackingStream out = new TrackingStream(pipe);
    Thread writer = Thread.ofVirtual().name("berth-build-upload").start(() -> {
      try (out) {
        tar.write(out);
      } catch (Throwable t) {
        // a failed write to the pipe means the upload stopped (the daemon answered early): not our fault
        if (!out.failed) local.set(t);
      }
    });
    return new ContextUpload(in, dockerfile, writer, local);
  }

  /**
   * Waits for the writer and throws what went wrong on this side, if anything: called after the request,
   * successful or not, so that an unreadable file is reported as itself.
   */
  void check() {
    if (writer != null) join(writer);
    Throwable t = localFailure.get();
    if (t != null) throw new CliException("unable to prepare context: " + t.getMessage(), t);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Counts what the transport read. */
  private static final class CountingStream extends java.io.FilterInputStream {
    volatile long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count++;
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count += n;
      return n;
    }
  }

  /** Remembers whether a write to the pipe failed. */
  private static final class TrackingStream extends OutputStream {
    private final OutputStream out;
    volatile boolean failed;

    TrackingStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
