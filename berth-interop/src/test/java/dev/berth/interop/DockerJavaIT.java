package dev.berth.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmdResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * docker-java (zerodep transport) drives a container through its whole life against berthd: create, start,
 * inspect, logs with stdout and stderr apart, exec, wait for the exit code, remove.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerJavaIT {
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
        .withCmd("sh", "-c", "echo to-out; echo to-err >&2; sleep 2; exit 3")
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
}
