package dev.berth.cli.tty;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The real terminal through {@code stty} on {@code /dev/tty}: the JDK has no termios call, and a child
 * process whose stdin is the terminal changes its settings for the whole session, which is all raw mode
 * needs. Resizes arrive as SIGWINCH through {@code sun.misc.Signal}.
 */
public final class Stty implements Tty {
  private static final File TTY = new File("/dev/tty");

  @Override
  public String makeRaw() throws IOException {
    String saved = stty("-g").strip();
    stty("raw", "-echo");
    return saved;
  }

  @Override
  public void restore(String saved) throws IOException {
    stty(saved);
  }

  @Override
  public Optional<Size> size() {
    try {
      String[] parts = stty("size").strip().split("\\s+");
      return Optional.of(new Size(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  @Override
  public void onResize(Runnable action) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("WINCH"), signal -> Thread.ofVirtual().start(action));
    } catch (IllegalArgumentException e) {
      // no SIGWINCH here: the size sent at start stays
    }
  }

  private static String stty(String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(concat(args)).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("stty " + String.join(" ", args) + ": timed out");
      }
      if (p.exitValue() != 0) throw new IOException("stty " + String.join(" ", args) + ": exit status " + p.exitValue());
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("stty " + String.join(" ", args) + ": interrupted", e);
    }
  }

  private static List<String> concat(String[] args) {
    List<String> command = new java.util.ArrayList<>(List.of("stty"));
    command.addAll(List.of(args));
    return command;
  }
}
