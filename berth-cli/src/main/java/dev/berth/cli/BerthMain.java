package dev.berth.cli;

import dev.berth.cli.training.TrainingRun;
import java.io.IOException;

/**
 * The {@code berth} executable: runs the command line in this process and exits with its status. The hidden
 * {@code berth __warmup} is the build's training run (see {@link TrainingRun}); it is not a picocli command,
 * so it appears in no help and costs the other commands nothing.
 */
public final class BerthMain {
  static final String WARMUP = "__warmup";

  private BerthMain() {}

  public static void main(String[] args) throws IOException {
    // A CLI makes one connection and a few small buffers: Netty's pooled arenas and leak tracking would
    // only cost start-up time. The user may still override both with -D.
    defaultProperty("io.netty.allocator.type", "unpooled");
    defaultProperty("io.netty.leakDetection.level", "disabled");
    if (args.length == 1 && args[0].equals(WARMUP)) System.exit(TrainingRun.run(System.err));
    CliContext ctx = CliContext.system();
    int status = Berth.run(ctx, args);
    ctx.out().flush();
    ctx.err().flush();
    System.exit(status);
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) System.setProperty(name, value);
  }
}
