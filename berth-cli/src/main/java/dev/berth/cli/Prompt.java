package dev.berth.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Asks for a yes/no confirmation on standard input; anything but y/yes (end of input included) is no. */
public final class Prompt {
  private Prompt() {}

  public static boolean confirm(CliContext ctx, String warning) throws IOException {
    ctx.out().print(warning + "\nAre you sure you want to continue? [y/N] ");
    ctx.out().flush();
    String answer = new BufferedReader(new InputStreamReader(ctx.stdin(), StandardCharsets.UTF_8)).readLine();
    if (answer == null) ctx.out().println();
    return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
  }
}
