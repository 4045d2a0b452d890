package dev.berth.daemon.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One {@link ContainerDaemon} per test class: started before the first test, emptied of containers and
 * volumes after each (even a failed one), stopped and removed after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DaemonTestBase {
  protected ContainerDaemon d;

  @BeforeAll
  void startDaemon() throws Exception {
    d = ContainerDaemon.start();
  }

  @AfterEach
  void removeContainers() throws Exception {
    d.removeAll();
  }

  @AfterAll
  void stopDaemon() throws Exception {
    if (d != null) d.close();
  }
}
