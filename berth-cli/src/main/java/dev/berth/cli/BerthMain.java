package dev.berth.cli;

/** The {@code berth} executable: runs the command line in this process and exits with its status. */
public final class BerthMain {
  private BerthMain() {}

  public static void main(String[] args) {
    // A CLI makes one connection and a few small buffers: Netty's pooled arenas and leak tracking would
    // only cost start-up time. The user may still override both with -D.
    defaultProperty("io.netty.allocator.type", "unpooled");
    defaultProperty("io.netty.leakDetection.level", "disabled");
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
