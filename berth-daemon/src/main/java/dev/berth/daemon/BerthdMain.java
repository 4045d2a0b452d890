package dev.berth.daemon;

import dev.berth.api.ApiVersion;
import dev.berth.api.BerthVersion;
import dev.berth.errors.BerthException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berthd}: parses flags, resolves the configuration, starts the daemon and runs until SIGTERM/SIGINT. */
@Command(name = "berthd", mixinStandardHelpOptions = true, versionProvider = BerthdMain.Version.class,
    description = "The Berth daemon: serves the Docker Engine API on a unix socket.")
public final class BerthdMain implements Callable<Integer> {
  @Option(names = {"-H", "--host"}, paramLabel = "unix:///path", description = "Socket to listen on (repeatable; default " + DaemonConfig.DEFAULT_HOST + ")")
  List<String> hosts;

  @Option(names = "--data-root", paramLabel = "DIR", description = "Persistent state (default /var/lib/berth)")
  Path dataRoot;

  @Option(names = "--exec-root", paramLabel = "DIR", description = "Runtime state and pidfile (default /run/berth)")
  Path execRoot;

  @Option(names = "--storage-driver", paramLabel = "overlay|vfs", description = "Storage driver (default overlay)")
  String storageDriver;

  @Option(names = "--config-file", paramLabel = "FILE", description = "Daemon config file (default /etc/berth/daemon.json)")
  Path configFile;

  @Option(names = "--group", paramLabel = "GROUP", description = "Group owning the socket (default berth)")
  String group;

  @Option(names = {"-D", "--debug"}, description = "Log every request")
  Boolean debug;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String... args) {
    return new CommandLine(new BerthdMain()).execute(args);
  }

  ConfigResolver.Flags flags() {
    return new ConfigResolver.Flags(hosts, dataRoot, execRoot, storageDriver, configFile, group, debug);
  }

  @Override
  public Integer call() throws InterruptedException {
    DaemonConfig config;
    RunningDaemon daemon;
    try {
      config = ConfigResolver.resolve(flags());
      if (config.debug()) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
      daemon = Berthd.start(config);
    } catch (BerthException | UnsupportedOperationException e) {
      System.err.println("berthd: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      stopped.countDown();
    }, "berthd-shutdown"));
    stopped.await();
    return 0;
  }

  /** {@code berthd --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"berthd " + BerthVersion.BERTH + " (Docker Engine API " + ApiVersion.CURRENT + ", compatible with Docker " + BerthVersion.ENGINE + ")"};
    }
  }
}
