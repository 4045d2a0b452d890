package dev.berth.cli;

import dev.berth.cli.format.OutputFormat;
import dev.berth.client.DaemonClient;
import dev.berth.client.DaemonHost;
import dev.berth.client.HttpTransport;
import dev.berth.client.SshOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;

/**
 * What every command needs from its surroundings: the standard streams, the environment, the clock, and the
 * daemon client built from the global flags. Tests build one with captured streams; {@link #system()} is the
 * real process.
 */
public final class CliContext {
  private final Map<String, String> env;
  private final InputStream stdin;
  private final OutputStream stdout;
  private final OutputStream stderr;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Terminals terminals;
  private final Clock clock;
  private String hostFlag;
  private Path identity;
  private String globalFormat;
  private boolean debug;
  private DaemonClient client;
  private HttpTransport transport;
  private dev.berth.cli.tty.Tty tty;
  private dev.berth.cli.tty.Signals signals = dev.berth.cli.tty.Signals.NONE;

  /** Which standard streams are terminals: {@code save} refuses to write a tar to one, {@code load} to read one. */
  public record Terminals(boolean stdin, boolean stdout) {}

  public CliContext(Map<String, String> env, InputStream stdin, OutputStream stdout, OutputStream stderr, Terminals terminals, Clock clock) {
    this.env = Map.copyOf(env);
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.out = new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), false);
    this.err = new PrintWriter(new java.io.OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
    this.terminals = terminals;
    this.clock = clock;
  }

  /** The real process: System streams, environment and clock; terminals found through /proc/self/fd. */
  public static CliContext system() {
    return new CliContext(
        System.getenv(), System.in, new java.io.FileOutputStream(java.io.FileDescriptor.out), System.err,
        new Terminals(isTerminal(0), isTerminal(1)), Clock.systemDefaultZone()).signals(dev.berth.cli.tty.Signals.process());
  }

  private static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  public Map<String, String> env() {
    return env;
  }

  public InputStream stdin() {
    return stdin;
  }

  /** Raw standard output, for binary data ({@code save}); flush {@link #out()} before using it. */
  public OutputStream stdout() {
    out.flush();
    return stdout;
  }

  /** Raw standard error, for a container's stderr; flush {@link #err()} before using it. */
  public OutputStream stderr() {
    err.flush();
    return stderr;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public Terminals terminals() {
    return terminals;
  }

  /** The user's terminal, for {@code -t}: {@link dev.berth.cli.tty.Stty} unless a test set another. */
  public dev.berth.cli.tty.Tty tty() {
    if (tty == null) tty = new dev.berth.cli.tty.Stty();
    return tty;
  }

  /** Replaces the terminal (tests give a fake that records raw mode and resizes). */
  public CliContext tty(dev.berth.cli.tty.Tty tty) {
    this.tty = tty;
    return this;
  }

  /** The process's signals, for {@code --sig-proxy}: none unless set ({@link #system()} sets the real ones). */
  public dev.berth.cli.tty.Signals signals() {
    return signals;
  }

  public CliContext signals(dev.berth.cli.tty.Signals signals) {
    this.signals = signals;
    return this;
  }

  public Clock clock() {
    return clock;
  }

  public ZoneId zone() {
    return clock.getZone();
  }

  void hostFlag(String host) {
    this.hostFlag = host;
  }

  void identity(Path file) {
    this.identity = file;
  }

  void globalFormat(String format) {
    this.globalFormat = format;
  }

  void debug(boolean on) {
    this.debug = on;
  }

  public boolean debug() {
    return debug;
  }

  /** The command's own {@code --format}, else the global one, parsed. */
  public OutputFormat format(String local) {
    return OutputFormat.parse(local != null ? local : globalFormat);
  }

  /** The raw format text (own, else global), or null: for commands that template JSON documents. */
  public String formatText(String local) {
    String f = local != null ? local : globalFormat;
    return f == null || f.isBlank() ? null : f.strip();
  }

  /** The daemon host from {@code -H}, {@code BERTH_HOST}, {@code DOCKER_HOST}, or the default. */
  public DaemonHost host() {
    return DaemonHost.resolve(hostFlag, env);
  }

  /**
   * The client, made on first use; {@code DOCKER_API_VERSION} pins the API version as in the docker CLI. For
   * an {@code ssh://} host, ssh runs as {@code BERTH_SSH_COMMAND} and {@code -i} say.
   */
  public DaemonClient client() {
    if (client == null) client = new DaemonClient(host(), transport(), env.get("DOCKER_API_VERSION"));
    return client;
  }

  /** The transport the client uses, for commands that need a raw stream to the daemon ({@code system dial-stdio}). */
  public HttpTransport transport() {
    if (transport == null) transport = new HttpTransport(SshOptions.from(env, identity));
    return transport;
  }

  /** Ends the connections kept for reuse (ssh bridges), once the command is done. */
  void closeConnections() {
    if (transport != null) transport.close();
  }
}
