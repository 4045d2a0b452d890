package dev.berth.cli.dom0;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One {@link Dom0Daemon} per test class ({@link Dom0IT}, {@link Dom0StackIT}): started before the first test; after
 * each (even a failed one) emptied of containers and volumes, its {@code dom0:*} images removed and its boot history
 * started afresh, so each test's restarts see only its own dom0 images; stopped and removed after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Dom0TestBase {
  private final String tempPrefix;
  protected Dom0Daemon d;

  /** @param tempPrefix the name of the daemon's temporary directory starts with this */
  protected Dom0TestBase(String tempPrefix) {
    this.tempPrefix = tempPrefix;
  }

  @BeforeAll
  void startDaemon() throws Exception {
    d = new Dom0Daemon(tempPrefix);
  }

  @AfterEach
  void removeContainersAndDom0Images() throws Exception {
    d.removeAll();
    for (String ref : d.berth("images", "--format", "{{.Repository}}:{{.Tag}}").out().split("\\s+")) {
      if (ref.startsWith("dom0:")) d.berth("rmi", "-f", ref);
    }
    d.freshHistory();
  }

  @AfterAll
  void stopDaemon() throws Exception {
    if (d != null) d.close();
  }
}
