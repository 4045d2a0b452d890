package dev.berth.api;

import dev.berth.engine.Attachment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a fake container or exec "runs", decided by its command: {@code echo a b} prints "a b\n" and exits 0;
 * {@code warn x} prints x to stderr and exits 0; {@code exit N} exits N; {@code cat} echoes stdin until it
 * closes and exits 0; anything else runs until stopped. Output goes through {@link Output}.
 */
public final class FakeProcess {
  /** Where the process's output goes (attachments and the log). */
  public interface Output {
    void write(Attachment.Stream stream, byte[] data);
  }

  private final List<String> cmd;
  private final Output output;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  public FakeProcess(List<String> cmd, Output output) {
    this.cmd = List.copyOf(cmd);
    this.output = output;
  }

  public CompletableFuture<Integer> exit() {
    return exit;
  }

  /** Runs the command's scripted behaviour; returns at once for long-running ones. */
  public void run() {
    String first = cmd.isEmpty() ? "" : cmd.getFirst();
    String rest = String.join(" ", cmd.subList(Math.min(1, cmd.size()), cmd.size()));
    switch (first) {
      case "echo" -> {
        output.write(Attachment.Stream.STDOUT, (rest + "\n").getBytes(StandardCharsets.UTF_8));
        exit.complete(0);
      }
      case "warn" -> {
        output.write(Attachment.Stream.STDERR, (rest + "\n").getBytes(StandardCharsets.UTF_8));
        exit.complete(0);
      }
      case "exit" -> exit.complete(Integer.parseInt(rest));
      default -> {
        // cat and long runners: end on closeStdin or kill
      }
    }
  }

  public boolean echoesStdin() {
    return !cmd.isEmpty() && cmd.getFirst().equals("cat");
  }

  public void stdin(byte[] data) {
    if (echoesStdin()) output.write(Attachment.Stream.STDOUT, data);
  }

  public void stdinClosed() {
    if (echoesStdin()) exit.complete(0);
  }

  public void kill(int code) {
    exit.complete(code);
  }
}
