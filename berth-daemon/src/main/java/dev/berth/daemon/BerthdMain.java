package dev.berth.daemon;

import dev.berth.api.ApiVersion;
import dev.berth.api.BerthVersion;
import dev.berth.errors.BerthException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code berthd}: parses flags, resolves the configuration, starts the daemon and runs until SIGTERM/SIGINT.
 * Exit codes: 0 after a clean stop, {@code --help} or {@code --version}; 1 when the daemon cannot start;
 * 2 for a usage error.
 */
public final class BerthdMain {
  private BerthdMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    if (args.length == 1 && args[0].equals(TrainingRun.ARG)) {
      // the build's training run for the AOT cache (scripts/lib/berthd-jvm.sh); quiet but for its failures
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
      return TrainingRun.run(System.err);
    }
    return switch (BerthdFlags.parse(args)) {
      case BerthdFlags.Help h -> {
        System.out.print(BerthdFlags.USAGE);
        yield 0;
      }
      case BerthdFlags.Version v -> {
        System.out.println(version());
        yield 0;
      }
      case BerthdFlags.Invalid bad -> {
        System.err.println(bad.message());
        System.err.print(BerthdFlags.USAGE);
        yield 2;
      }
      case BerthdFlags.Run r -> serve(r.flags());
    };
  }

  static String version() {
    return "berthd " + BerthVersion.BERTH + " (Docker Engine API " + ApiVersion.CURRENT + ", compatible with Docker " + BerthVersion.ENGINE + ")";
  }

  private static int serve(ConfigResolver.Flags flags) {
    DaemonConfig config;
    RunningDaemon daemon;
    try {
      config = ConfigResolver.resolve(flags);
      if (config.debug()) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
      daemon = Berthd.start(config, "true".equals(System.getProperty("berth.warmup")));
    } catch (BerthException | UnsupportedOperationException e) {
      System.err.println("berthd: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      stopped.countDown();
    }, "berthd-shutdown"));
    while (true) {
      try {
        stopped.await();
        return 0;
      } catch (InterruptedException e) {
        // only the shutdown hook ends the wait
      }
    }
  }
}
