package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker-java (zerodep transport) drives a container through its whole life against berthd: create, start,
 * inspect, logs with stdout and stderr apart, exec, wait for the exit code, remove; and published ports (a random
 * host port on loopback, PublishAllPorts, a fixed host port and its conflict) seen through inspect and the
 * container list, and served to this JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerJavaIT {
  private static final String HTTPD = "mkdir -p /www && echo served-by-$(hostname) > /www/index.html && exec httpd -f -p 80 -h /www";
  private static final ExposedPort HTTP = ExposedPort.tcp(80);

  private InteropDaemon daemon;
  private DockerClient docker;

  @BeforeAll
  void start() throws Exception {
    daemon = InteropDaemon.start();
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(daemon.dockerHost()).build();
    var http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .responseTimeout(Duration.ofSeconds(60)).build();
    docker = DockerClientImpl.getInstance(config, http);
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (docker != null) docker.close();
    } finally {
      if (daemon != null) daemon.close();
    }
  }

  @Test
  void container_lifecycle_throughDockerJava_behavesAsDocker() throws Exception {
    String id = docker.createContainerCmd("busybox")
        .withName("dj-life")
        // runs until the test says so (no fixed sleep: on a loaded machine the exec below may come seconds later)
        .withCmd("sh", "-c", "echo to-out; echo to-err >&2; until [ -e /tmp/done ]; do sleep 0.1; done; exit 3")
        .withEnv("GREETING=hello")
        .exec().getId();
    docker.startContainerCmd(id).exec();

    InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
    assertThat(inspect.getName()).isEqualTo("/dj-life");
    assertThat(inspect.getState().getRunning()).isTrue();
    assertThat(inspect.getConfig().getEnv()).contains("GREETING=hello", "PATH=/bin");

    ExecCreateCmdResponse exec = docker.execCreateCmd(id).withCmd("sh", "-c", "echo $GREETING from exec")
        .withAttachStdout(true).withAttachStderr(true).exec();
    ByteArrayOutputStream execOut = new ByteArrayOutputStream();
    docker.execStartCmd(exec.getId()).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        execOut.writeBytes(frame.getPayload());
      }
    }).awaitCompletion(30, TimeUnit.SECONDS);
    assertThat(execOut.toString(StandardCharsets.UTF_8)).isEqualTo("hello from exec\n");
    assertThat(docker.inspectExecCmd(exec.getId()).exec().getExitCodeLong()).isZero();

    docker.execStartCmd(docker.execCreateCmd(id).withCmd("touch", "/tmp/done").exec().getId())
        .exec(new ResultCallback.Adapter<>()).awaitCompletion(30, TimeUnit.SECONDS);
    int code = docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
    assertThat(code).isEqualTo(3);

    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        (frame.getStreamType() == StreamType.STDERR ? err : out).append(new String(frame.getPayload(), StandardCharsets.UTF_8));
      }
    }).awaitCompletion(30, TimeUnit.SECONDS);
    assertThat(out.toString()).isEqualTo("to-out\n");
    assertThat(err.toString()).isEqualTo("to-err\n");

    assertThat(docker.inspectContainerCmd(id).exec().getState().getExitCodeLong()).isEqualTo(3);
    docker.removeContainerCmd(id).exec();
    assertThatThrownBy(() -> docker.inspectContainerCmd(id).exec()).isInstanceOf(NotFoundException.class);
  }

  @Test
  void portBinding_emptyHostPortOnLoopback_inspectAndListShowTheRandomPortAndItServes() throws Exception {
    String id = docker.createContainerCmd("busybox").withName("dj-random").withCmd("sh", "-c", HTTPD)
        .withExposedPorts(HTTP)
        .withHostConfig(HostConfig.newHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), HTTP)))
        .exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();

      Ports.Binding[] bound = inspect.getNetworkSettings().getPorts().getBindings().get(HTTP);
      assertThat(bound).hasSize(1);
      assertThat(bound[0].getHostIp()).isEqualTo("127.0.0.1");
      int port = Integer.parseInt(bound[0].getHostPortSpec());
      assertThat(port).isPositive();
      // HostConfig keeps what was asked (an empty HostPort), as Docker does; NetworkSettings has the port given.
      assertThat(inspect.getHostConfig().getPortBindings().getBindings().get(HTTP)[0].getHostPortSpec()).isEmpty();
      ContainerNetwork bridge = inspect.getNetworkSettings().getNetworks().get("bridge");
      assertThat(bridge.getIpAddress()).startsWith(prefixOf(daemon.network().subnet().toString()));
      assertThat(bridge.getGateway()).isNotBlank();

      ContainerPort listed = docker.listContainersCmd().withIdFilter(List.of(id)).exec().getFirst().getPorts()[0];
      assertThat(listed.getIp()).isEqualTo("127.0.0.1");
      assertThat(listed.getPrivatePort()).isEqualTo(80);
      assertThat(listed.getPublicPort()).isEqualTo(port);
      assertThat(listed.getType()).isEqualTo("tcp");

      assertThat(get(port)).isEqualTo("served-by-" + inspect.getConfig().getHostName() + "\n");
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  @Test
  void publishAllPorts_exposedPort_getsAHostPortOnEveryAddress() throws Exception {
    String id = docker.createContainerCmd("busybox").withCmd("sh", "-c", HTTPD).withExposedPorts(HTTP)
        .withHostConfig(HostConfig.newHostConfig().withPublishAllPorts(true)).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      InspectContainerResponse inspect = docker.inspectContainerCmd(id).exec();
      assertThat(inspect.getHostConfig().getPublishAllPorts()).isTrue();
      Ports.Binding[] bound = inspect.getNetworkSettings().getPorts().getBindings().get(HTTP);
      assertThat(bound).extracting(Ports.Binding::getHostIp).contains("0.0.0.0");
      int port = Integer.parseInt(bound[0].getHostPortSpec());
      assertThat(get(port)).startsWith("served-by-");
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  @Test
  void portBinding_fixedHostPort_servesThenASecondContainerOnItFailsToStart() throws Exception {
    int port = freePort();
    HostConfig fixed = HostConfig.newHostConfig().withPortBindings(PortBinding.parse("127.0.0.1:" + port + ":80"));
    String first = docker.createContainerCmd("busybox").withCmd("sh", "-c", HTTPD).withExposedPorts(HTTP)
        .withHostConfig(fixed).exec().getId();
    String second = null;
    try {
      docker.startContainerCmd(first).exec();
      assertThat(docker.inspectContainerCmd(first).exec().getNetworkSettings().getPorts().getBindings().get(HTTP)[0]
          .getHostPortSpec()).isEqualTo(Integer.toString(port));
      assertThat(get(port)).startsWith("served-by-");

      second = docker.createContainerCmd("busybox").withCmd("sh", "-c", HTTPD).withExposedPorts(HTTP)
          .withHostConfig(fixed).exec().getId();
      String secondId = second;
      assertThatThrownBy(() -> docker.startContainerCmd(secondId).exec()).isInstanceOf(DockerException.class)
          .hasMessageContaining("port is already allocated");
      assertThat(docker.inspectContainerCmd(second).exec().getState().getRunning()).isFalse();
      assertThat(get(port)).as("the first container still serves").startsWith("served-by-");
    } finally {
      docker.removeContainerCmd(first).withForce(true).exec();
      if (second != null) docker.removeContainerCmd(second).withForce(true).exec();
    }
  }

  @Test
  void userNetwork_aliasConnectDisconnect_throughDockerJava() throws Exception {
    String net = docker.createNetworkCmd().withName("dj-net").withLabels(Map.of("suite", "interop")).exec().getId();
    List<String> containers = new java.util.ArrayList<>();
    try {
      Network created = docker.inspectNetworkCmd().withNetworkId("dj-net").exec();
      assertThat(created.getId()).isEqualTo(net);
      assertThat(created.getDriver()).isEqualTo("bridge");
      assertThat(created.getLabels()).containsEntry("suite", "interop");
      assertThat(created.getIpam().getConfig().getFirst().getSubnet()).endsWith("/24");

      String web = run(containers, "dj-web", "dj-net", "api", "sh", "-c", HTTPD);
      String peer = run(containers, "dj-peer", "dj-net", null, "sleep", "300");
      String outsider = run(containers, "dj-outsider", null, null, "sleep", "300");
      String served = "served-by-" + docker.inspectContainerCmd(web).exec().getConfig().getHostName() + "\n";

      // On the network, by its alias, through the embedded DNS.
      Exec byAlias = exec(peer, "sh", "-c", "for i in $(seq 50); do wget -q -O - http://api/index.html && exit 0; sleep 0.2; done; exit 1");
      assertThat(byAlias.exit()).isZero();
      assertThat(byAlias.out()).isEqualTo(served);

      // A container of the default bridge, connected live: it reaches web's address on the network, until disconnected.
      String webIp = docker.inspectContainerCmd(web).exec().getNetworkSettings().getNetworks().get("dj-net").getIpAddress();
      String url = "http://" + webIp + "/index.html";
      // (busybox 1.35's wget -T crashes: timeout(1) bounds it instead)
      assertThat(exec(outsider, "timeout", "3", "wget", "-q", "-O", "-", url).exit()).as("before connect").isNotZero();
      docker.connectToNetworkCmd().withNetworkId(net).withContainerId(outsider).exec();
      assertThat(docker.inspectNetworkCmd().withNetworkId(net).exec().getContainers()).containsKeys(web, peer, outsider);
      assertThat(docker.inspectContainerCmd(outsider).exec().getNetworkSettings().getNetworks()).containsKeys("bridge", "dj-net");
      assertThat(exec(outsider, "timeout", "10", "wget", "-q", "-O", "-", url).out()).isEqualTo(served);
      docker.disconnectFromNetworkCmd().withNetworkId(net).withContainerId(outsider).exec();
      assertThat(docker.inspectContainerCmd(outsider).exec().getNetworkSettings().getNetworks()).containsOnlyKeys("bridge");
      assertThat(exec(outsider, "timeout", "3", "wget", "-q", "-O", "-", url).exit()).as("after disconnect").isNotZero();
    } finally {
      for (String id : containers) docker.removeContainerCmd(id).withForce(true).exec();
      docker.removeNetworkCmd(net).exec();
    }
    assertThatThrownBy(() -> docker.inspectNetworkCmd().withNetworkId(net).exec()).isInstanceOf(NotFoundException.class);
  }

  /** Creates and starts a busybox container on {@code network} (null: the default bridge), noting it in {@code ids}. */
  private String run(List<String> ids, String name, String network, String alias, String... cmd) {
    var create = docker.createContainerCmd("busybox").withName(name).withCmd(cmd);
    if (network != null) create.withHostConfig(HostConfig.newHostConfig().withNetworkMode(network));
    if (alias != null) create.withAliases(alias);
    String id = create.exec().getId();
    ids.add(id);
    docker.startContainerCmd(id).exec();
    return id;
  }

  private record Exec(int exit, String out) {}

  /** Runs a command in a running container; its stdout and exit code. */
  private Exec exec(String container, String... cmd) throws Exception {
    String execId = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true).withAttachStderr(true).exec().getId();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    docker.execStartCmd(execId).exec(new ResultCallback.Adapter<Frame>() {
      @Override
      public void onNext(Frame frame) {
        if (frame.getStreamType() != StreamType.STDERR) out.writeBytes(frame.getPayload());
      }
    }).awaitCompletion(60, TimeUnit.SECONDS);
    return new Exec(docker.inspectExecCmd(execId).exec().getExitCodeLong().intValue(), out.toString(StandardCharsets.UTF_8));
  }

  /** "10.1.2.0/24" to "10.1.2.": the /24 default subnet's prefix. */
  private static String prefixOf(String subnet) {
    String net = subnet.substring(0, subnet.indexOf('/'));
    return net.substring(0, net.lastIndexOf('.') + 1);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** GET /index.html on 127.0.0.1:port, retried while httpd starts (a started container's server may not listen yet). */
  private static String get(int port) throws Exception {
    Exception last = null;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
          .timeout(Duration.ofSeconds(5)).build();
      for (int i = 0; i < 50; i++) {
        try {
          HttpResponse<String> reply = http.send(req, HttpResponse.BodyHandlers.ofString());
          if (reply.statusCode() == 200) return reply.body();
          last = new IOException("HTTP " + reply.statusCode() + ": " + reply.body());
        } catch (IOException e) {
          last = e;
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("no HTTP answer on 127.0.0.1:" + port, last);
  }
}
