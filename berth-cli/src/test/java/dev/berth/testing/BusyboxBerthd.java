package dev.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.Berthd;
import dev.berth.daemon.DaemonConfig;
import dev.berth.daemon.RunningDaemon;
import java.nio.file.Path;

/**
 * The daemon the CLI's ITs run berth against: berthd in this process (overlay, runc, conmon) on roots under {@code
 * root}, with {@code busybox:latest} bootstrapped. Closing it stops the daemon; the caller deletes {@code root}.
 */
public final class BusyboxBerthd implements AutoCloseable {
  private final RunningDaemon daemon;

  private BusyboxBerthd(RunningDaemon daemon) {
    this.daemon = daemon;
  }

  public static BusyboxBerthd start(Path root) throws Exception {
    RunningDaemon daemon = Berthd.start(DaemonConfig.forTest(root).withStorageDriver("overlay"));
    try {
      CliRun bootstrap = CliRun.run(daemon.dockerHost(), "image", "bootstrap", "busybox");
      assertThat(bootstrap.status()).as("berth image bootstrap busybox: %s", bootstrap.err()).isZero();
      return new BusyboxBerthd(daemon);
    } catch (Exception | AssertionError e) {
      daemon.close();
      throw e;
    }
  }

  /** The daemon's address for {@code -H}: {@code unix://…}. */
  public String dockerHost() {
    return daemon.dockerHost();
  }

  @Override
  public void close() {
    daemon.close();
  }
}
