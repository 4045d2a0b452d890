package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers 2.x against a networked berthd (DOCKER_HOST from the failsafe configuration), used as a
 * Testcontainers user uses it: a busybox httpd with an exposed port, a wait strategy that reaches it through the
 * mapped port, then an HTTP GET from this JVM to {@code getHost():getMappedPort(80)}. Testcontainers' own start-up
 * checks run (version, and {@code df -P} in its "tiny image", which {@link InteropDaemon} provides); Ryuk stays off
 * because its image cannot be pulled here (see the pom). (Not named Testcontainers*IT: surefire takes every
 * Test*.java as a unit test, and would run it without failsafe's DOCKER_HOST.)
 *
 * <p>Keep every Testcontainers test in this class: Testcontainers keeps its client and {@code getHost()} (the
 * daemon's bridge gateway when it finds /.dockerenv, as on this machine) for the whole JVM, so a second class with a
 * second daemon, on another subnet, would be sent to the first one's gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GenericContainerIT {
  private static final String BODY = "served by berth\n";
  private static final String HTTPD = "mkdir -p /www && echo httpd-ready && exec httpd -f -p 80 -h /www";

  private InteropDaemon daemon;

  @BeforeAll
  void start() throws Exception {
    daemon = InteropDaemon.start();
  }

  @AfterAll
  void stop() throws Exception {
    if (daemon != null) daemon.close();
  }

  private static GenericContainer<?> httpd() {
    return new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", HTTPD)
        .withCopyToContainer(Transferable.of(BODY), "/www/index.html")
        .withExposedPorts(80);
  }

  private static HttpResponse<String> get(String host, int port, String path) throws Exception {
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
          .timeout(Duration.ofSeconds(10)).GET().build();
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void exposedPort_httpWaitStrategy_mappedPortServesTheFileToThisJvm() throws Exception {
    try (GenericContainer<?> web = httpd()
        .waitingFor(Wait.forHttp("/index.html").forStatusCode(200).withStartupTimeout(Duration.ofSeconds(60)))) {
      web.start();
      int mapped = web.getMappedPort(80);
      assertThat(mapped).isPositive().isNotEqualTo(80);
      HttpResponse<String> reply = get(web.getHost(), mapped, "/index.html");
      assertThat(reply.statusCode()).isEqualTo(200);
      assertThat(reply.body()).isEqualTo(BODY);
      assertThat(get(web.getHost(), mapped, "/missing.html").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void exposedPort_defaultListeningPortStrategy_mappedPortAnswersOnLoopback() throws Exception {
    // No waitingFor: Testcontainers' default, the listening-port strategy, checks the port from inside (an exec
    // that reads /proc/net/tcp or runs nc) and from outside (a connect to the mapped port).
    try (GenericContainer<?> web = httpd().withStartupTimeout(Duration.ofSeconds(60))) {
      web.start();
      assertThat(web.getExposedPorts()).containsExactly(80);
      Ports.Binding[] bound = web.getContainerInfo().getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(80));
      assertThat(bound).extracting(Ports.Binding::getHostPortSpec).contains(Integer.toString(web.getMappedPort(80)));
      HttpResponse<String> reply = get("127.0.0.1", web.getMappedPort(80), "/index.html");
      assertThat(reply.body()).isEqualTo(BODY);
    }
  }

  @Test
  void network_aliasOnAUserNetwork_otherContainerReachesTheServerByName() throws Exception {
    try (Network net = Network.newNetwork();
        GenericContainer<?> web = httpd().withNetwork(net).withNetworkAliases("web")
            .waitingFor(Wait.forHttp("/index.html").withStartupTimeout(Duration.ofSeconds(60)));
        GenericContainer<?> client = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
            .withNetwork(net).withCommand("sleep", "300")) {
      web.start();
      client.start();
      ExecResult fetched = client.execInContainer("wget", "-q", "-O", "-", "http://web/index.html");
      assertThat(fetched.getExitCode()).as(fetched.getStderr()).isZero();
      assertThat(fetched.getStdout()).isEqualTo(BODY);
      // The exposed port is still published on a user network, and served to this JVM.
      assertThat(get(web.getHost(), web.getMappedPort(80), "/index.html").body()).isEqualTo(BODY);
    }
  }

  @Test
  void genericContainer_busyboxHttpd_startsWaitsCopiesAndExecs() throws Exception {
    try (GenericContainer<?> httpd = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
        .withCommand("sh", "-c", "mkdir -p /www && echo httpd-ready && exec httpd -f -p 8080 -h /www")
        .withCopyToContainer(Transferable.of(BODY), "/www/index.html")
        .waitingFor(Wait.forLogMessage(".*httpd-ready.*", 1).withStartupTimeout(Duration.ofSeconds(60)))) {
      httpd.start();
      assertThat(httpd.isRunning()).isTrue();
      ExecResult fetched = httpd.execInContainer("wget", "-q", "-O", "-", "http://127.0.0.1:8080/index.html");
      assertThat(fetched.getExitCode()).isZero();
      assertThat(fetched.getStdout()).isEqualTo(BODY);
      assertThat(httpd.getLogs()).contains("httpd-ready");
    }
  }
}
