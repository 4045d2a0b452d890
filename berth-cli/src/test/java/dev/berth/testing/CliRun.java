package dev.berth.testing;

import dev.berth.cli.Berth;
import dev.berth.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** Runs berth in this process with captured streams: {@code CliRun.run(host, stdin, "images")}. */
public record CliRun(int status, String out, String err, byte[] rawOut) {
  public static CliRun run(String host, String... args) {
    return run(host, new byte[0], false, Clock.systemUTC(), args);
  }

  public static CliRun run(String host, byte[] stdin, boolean stdoutIsTerminal, Clock clock, String... args) {
    return run(host == null ? Map.of() : Map.of("BERTH_HOST", host), stdin, stdoutIsTerminal, clock, args);
  }

  /** With a whole environment (set BERTH_HOST in it to reach a daemon). */
  public static CliRun run(Map<String, String> env, byte[] stdin, boolean stdoutIsTerminal, Clock clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CliContext ctx = new CliContext(
        env, new ByteArrayInputStream(stdin), out, err,
        new CliContext.Terminals(false, stdoutIsTerminal), clock);
    int status = Berth.run(ctx, args);
    return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), out.toByteArray());
  }
}
