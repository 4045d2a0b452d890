package dev.berth.network.cni;

import dev.berth.errors.SystemException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One exec of a CNI plugin, as the CNI spec defines it: the command and its arguments in {@code CNI_*}
 * environment variables (nothing else inherited but PATH, so the host's environment cannot change what the
 * plugin does), the network configuration on stdin, the result or error as JSON on stdout. The streams are
 * read on virtual threads so a chatty plugin cannot fill a pipe and stall.
 */
final class PluginCall {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** What the plugin did: its exit status and both streams. */
  record Outcome(int exitCode, String stdout, String stderr) {}

  private PluginCall() {}

  /** Runs {@code plugin} with {@code env} (the CNI_* variables) and {@code config} on stdin; waits for its end. */
  static Outcome run(Path plugin, Map<String, String> env, byte[] config, String action) {
    ProcessBuilder pb = new ProcessBuilder(plugin.toString());
    pb.environment().clear();
    pb.environment().put("PATH", PATH);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new SystemException(action + ": cannot run CNI plugin " + plugin + ": " + e.getMessage(), e);
    }
    try (ExecutorService io = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> out = io.submit(() -> drain(p.getInputStream()));
      Future<String> err = io.submit(() -> drain(p.getErrorStream()));
      io.submit(() -> feed(p.getOutputStream(), config));
      if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor();
        throw new SystemException(action + ": CNI plugin " + plugin + " did not finish within "
            + TIMEOUT.toSeconds() + " s and was killed");
      }
      return new Outcome(p.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new SystemException(action + ": interrupted while CNI plugin " + plugin + " ran", e);
    } catch (ExecutionException e) {
      throw new SystemException(action + ": reading CNI plugin " + plugin + " output: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static Void feed(OutputStream stdin, byte[] config) {
    try (stdin) {
      stdin.write(config);
    } catch (IOException brokenPipe) {
      // the plugin stopped reading: its exit status and error JSON say why
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
}
