package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers 2.x runs a busybox httpd against berthd (DOCKER_HOST from the failsafe configuration, Ryuk
 * off): a wait strategy on its log, a file copied in, and an exec that reads it back through the server.
 * The exposed-port half (mapped host ports) comes with the networking issue. (Not named Testcontainers*IT:
 * surefire takes every Test*.java as a unit test, and would run it without failsafe's DOCKER_HOST.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenericContainerIT {
  private InteropDaemon daemon;

  @BeforeAll
  void start() throws Exception {
    daemon = InteropDaemon.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (daemon != null) daemon.close();
  }

  @Test
  void genericContainer_busyboxHttpd_startsWaitsCopiesAndExecs() throws Exception {
    try (GenericContainer<?> httpd = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "mkdir -p /www && echo httpd-ready && exec httpd -f -p 8080 -h /www")
        .withCopyToContainer(Transferable.of("served by berth\n"), "/www/index.html")
        .waitingFor(Wait.forLogMessage(".*httpd-ready.*", 1).withStartupTimeout(Duration.ofSeconds(60)))) {
      httpd.start();
      assertThat(httpd.isRunning()).isTrue();
      ExecResult fetched = httpd.execInContainer("wget", "-q", "-O", "-", "http://127.0.0.1:8080/index.html");
      assertThat(fetched.getExitCode()).isZero();
      assertThat(fetched.getStdout()).isEqualTo("served by berth\n");
      assertThat(httpd.getLogs()).contains("httpd-ready");
    }
  }
}
