package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.ImageConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ARG and build args, ONBUILD, heredocs, --chown/--chmod, ADD (URL, local tar) through the real engine. */
class BuildInstructionsIT {
  private BuildFixture fx;

  @BeforeEach
  void setUp() throws Exception {
    fx = new BuildFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  @Test
  void build_argsAndBuildArgs_scopedAsDockerAndUnusedReported() throws Exception {
    fx.write("Dockerfile", """
        ARG BASE=busybox
        FROM ${BASE}
        RUN echo "early:$X:$BASE" > /early.txt
        ARG X
        ARG BASE
        RUN echo "$X:$BASE:$HTTP_PROXY" > /x.txt
        """);
    Map<String, String> args = new LinkedHashMap<>();
    args.put("X", "1");
    args.put("UNUSED", "2");
    args.put("HTTP_PROXY", "http://proxy.invalid:3128");

    BuildFixture.Built built = fx.build(BuildFixture.request(fx.context, List.of("args"), args, null, false, null));

    assertThat(fx.runIn("args", "cat", "/early.txt", "/x.txt")).isEqualTo("early::\n1:busybox:http://proxy.invalid:3128\n");
    assertThat(built.output()).contains("[Warning] One or more build-args [UNUSED] were not consumed\n");
    List<ImageConfig.History> history = fx.engine.images().inspect("args").config().history();
    assertThat(history.getLast().createdBy()).isEqualTo("|2 BASE=busybox X=1 /bin/sh -c echo \"$X:$BASE:$HTTP_PROXY\" > /x.txt");
    assertThat(history).noneMatch(h -> h.createdBy() != null && h.createdBy().contains("proxy.invalid"));
    List<String> env = fx.engine.images().inspect("args").config().config().env();
    assertThat(env == null ? List.<String>of() : env).noneMatch(e -> e.startsWith("X=") || e.contains("PROXY"));
  }

  @Test
  void build_onbuildBase_triggersRunAfterFromAndAreCleared() throws Exception {
    fx.write("Dockerfile", "FROM busybox\nONBUILD RUN echo triggered > /t.txt\n");
    fx.build(BuildFixture.request(fx.context, List.of("base:1"), null, null, false, null));
    assertThat(fx.engine.images().inspect("base:1").config().config().onBuild()).containsExactly("RUN echo triggered > /t.txt");
    fx.write("Dockerfile", "FROM base:1\nCMD [\"cat\", \"/t.txt\"]\n");

    BuildFixture.Built child = fx.build(BuildFixture.request(fx.context, List.of("child"), null, null, false, null));

    assertThat(child.output()).contains("Step 1/2 : FROM base:1\n ---> ").contains(" # Executing 1 build trigger\n");
    assertThat(fx.runIn("child")).isEqualTo("triggered\n");
    assertThat(fx.engine.images().inspect("child").config().config().onBuild()).isNull();
  }

  @Test
  void build_heredocsChownChmod_filesAsWritten() throws Exception {
    fx.write("Dockerfile", """
        FROM busybox
        RUN <<EOF
        echo one > /h1.txt
        echo two >> /h1.txt
        EOF
        COPY <<EOF /h2.txt
        inline
        EOF
        COPY --chown=app:extra --chmod=640 f.txt /owned/f.txt
        COPY --chown=7:8 f.txt /numeric.txt
        """);
    fx.write("f.txt", "f\n");

    fx.build(BuildFixture.request(fx.context, List.of("here"), null, null, false, null));

    assertThat(fx.runIn("here", "cat", "/h1.txt", "/h2.txt")).isEqualTo("one\ntwo\ninline\n");
    assertThat(fx.runIn("here", "stat", "-c", "%u:%g %a", "/owned/f.txt", "/numeric.txt")).isEqualTo("1000:2000 640\n7:8 644\n");
  }

  @Test
  void build_addUrlAndLocalTar_downloadedAndExtracted() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/files/remote.txt", x -> {
      byte[] body = "remote\n".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
    try {
      fx.write("inner/in.txt", "in tar\n");
      BuildFixture.run("tar", "-C", fx.context.resolve("inner").toString(), "-czf", fx.context.resolve("t.tar.gz").toString(), "in.txt");
      fx.write("Dockerfile", "FROM busybox\nADD http://127.0.0.1:" + server.getAddress().getPort() + "/files/remote.txt /dl/\n"
          + "ADD t.tar.gz /untar/\n");

      fx.build(BuildFixture.request(fx.context, List.of("added"), null, null, false, null));

      assertThat(fx.runIn("added", "cat", "/dl/remote.txt", "/untar/in.txt")).isEqualTo("remote\nin tar\n");
      assertThat(fx.runIn("added", "stat", "-c", "%a", "/dl/remote.txt")).isEqualTo("600\n");
    } finally {
      server.stop(0);
    }
  }
}
