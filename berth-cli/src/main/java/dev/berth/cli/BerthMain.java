package dev.berth.cli;

/** The {@code berth} executable: runs the command line in this process and exits with its status. */
public final class BerthMain {
  private BerthMain() {}

  public static void main(String[] args) {
    CliContext ctx = CliContext.system();
    int status = Berth.run(ctx, args);
    ctx.out().flush();
    ctx.err().flush();
    System.exit(status);
  }
}
