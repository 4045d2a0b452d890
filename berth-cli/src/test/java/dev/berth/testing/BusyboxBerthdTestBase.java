package dev.berth.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One {@link BusyboxBerthd} per test class on a temporary root: started before the first test, stopped and its root
 * deleted after the last. Each class empties the daemon after each test in its own way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BusyboxBerthdTestBase {
  private final String tempPrefix;
  /** The temporary root: the daemon's roots, and any scratch file of the test. */
  protected Path root;
  protected BusyboxBerthd daemon;

  /** @param tempPrefix the name of the temporary root starts with this */
  protected BusyboxBerthdTestBase(String tempPrefix) {
    this.tempPrefix = tempPrefix;
  }

  @BeforeAll
  void startDaemon() throws Exception {
    root = Files.createTempDirectory(tempPrefix);
    daemon = BusyboxBerthd.start(root);
  }

  @AfterAll
  void stopDaemon() throws Exception {
    try {
      if (daemon != null) daemon.close();
    } finally {
      dev.berth.sys.FileTrees.delete(root);
    }
  }
}
