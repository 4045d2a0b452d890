package dev.berth.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.BerthException;
import dev.berth.errors.ConflictException;
import dev.berth.errors.NotFoundException;
import dev.berth.errors.SystemException;
import dev.berth.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One runc invocation. runc's own errors go to a JSON log file ({@code --log}) as well as stderr: the log is
 * where a failure's message is read, because stderr may belong to the container (create, run) and never
 * reach EOF while it lives. The captured streams are read on virtual threads so a chatty process cannot
 * fill a pipe and stall.
 */
final class RuncCommand {
  private final List<String> argv;
  private final String action;
  private Redirect stdout = Redirect.PIPE;
  private Redirect stderr = Redirect.PIPE;
  private byte[] input;

  RuncCommand(String action, List<String> argv) {
    this.action = action;
    this.argv = List.copyOf(argv);
  }

  /** The binary and its global options ({@code --root}), without runc's log options. */
  List<String> argv() {
    return argv;
  }

  /** Sends the process's output somewhere other than back to us (the container keeps these fds). */
  RuncCommand output(Redirect out, Redirect err) {
    this.stdout = out;
    this.stderr = err;
    return this;
  }

  /** Feeds {@code bytes} to runc's stdin (for arguments given as "-", such as update's resources). */
  RuncCommand input(byte[] bytes) {
    this.input = bytes.clone();
    return this;
  }

  /** Runs to the end; a non-zero exit becomes an exception with runc's message. */
  RunResult check(Duration timeout) {
    return run(timeout, true);
  }

  /** Runs to the end; with {@code failOnExit} false the exit code is returned (runc run, exec). */
  RunResult run(Duration timeout, boolean failOnExit) {
    Path log = null;
    try {
      log = Files.createTempFile("berth-runc-", ".log");
      return await(launch(log), log, timeout, failOnExit);
    } catch (IOException e) {
      throw new SystemException(action + ": cannot run " + argv.getFirst() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException(action + ": interrupted", e);
    } catch (ExecutionException e) {
      throw new SystemException(action + ": reading runc output failed: " + e.getCause().getMessage(), e.getCause());
    } finally {
      deleteQuietly(log);
    }
  }

  private Process launch(Path log) throws IOException {
    List<String> full = new ArrayList<>(argv.subList(0, 1));
    full.addAll(List.of("--log", log.toString(), "--log-format", "json"));
    full.addAll(argv.subList(1, argv.size()));
    return new ProcessBuilder(full)
        .redirectInput(input == null ? Redirect.from(new File("/dev/null")) : Redirect.PIPE)
        .redirectOutput(stdout)
        .redirectError(stderr)
        .start();
  }

  private RunResult await(Process p, Path log, Duration timeout, boolean failOnExit)
      throws InterruptedException, ExecutionException {
    // Not try-with-resources: after a timeout the container may still hold the pipes, and close() would
    // wait for readers that only finish when it dies (its delete closes them).
    ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Future<String> out = readers.submit(() -> drain(p.getInputStream()));
      Future<String> err = readers.submit(() -> drain(p.getErrorStream()));
      Future<?> fed = input == null ? null : readers.submit(() -> feed(p.getOutputStream()));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new SystemException(action + ": runc did not finish within " + timeout.toMillis()
            + " ms and was killed; the container may still exist (delete it with force)");
      }
      if (fed != null) fed.get();
      RunResult result = new RunResult(p.exitValue(), out.get(), err.get());
      if (result.exitCode() != 0) {
        // A foreground process may exit non-zero on its own; only runc's logged error is a failure then.
        String logged = errorMessages(log);
        if (failOnExit || !logged.isEmpty()) {
          throw failure(result, logged);
        }
      }
      return result;
    } finally {
      readers.shutdown();
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a leftover temp log is harmless
      }
    }
  }

  /** Writes the input and closes stdin; runc exiting early (a broken pipe) is reported by its exit status. */
  private Void feed(java.io.OutputStream stdin) {
    try (stdin) {
      stdin.write(input);
    } catch (IOException brokenPipe) {
      // runc stopped reading: its own error message explains why
    }
    return null;
  }

  private static String drain(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      in.transferTo(buf);
      return buf.toString(StandardCharsets.UTF_8);
    }
  }

  /** The "msg" of every error-level line in runc's JSON log. */
  static String errorMessages(Path log) {
    try {
      List<String> msgs = new ArrayList<>();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        try {
          JsonNode n = Json.MAPPER.readTree(line);
          String level = n.path("level").asText();
          if (level.equals("error") || level.equals("fatal")) {
            msgs.add(n.path("msg").asText());
          }
        } catch (IOException notJson) {
          msgs.add(line.strip());
        }
      }
      return String.join("; ", msgs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Maps runc's message to Berth's errors: unknown container, duplicate id, anything else. */
  private BerthException failure(RunResult result, String logged) {
    String message = !logged.isEmpty() ? logged : result.stderr().strip();
    if (message.isEmpty()) {
      message = "exit status " + result.exitCode();
    }
    String text = action + ": " + message;
    if (message.contains("does not exist") || message.contains("container not found")) {
      return new NotFoundException(text);
    }
    if (message.contains("already exists") || message.contains("already in use")) {
      return new ConflictException(text);
    }
    return new SystemException(text);
  }
}
