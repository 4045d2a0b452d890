package dev.berth.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.ApiTestServer;
import dev.berth.api.UnixHttp;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import dev.berth.registry.push.PushResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /images/{name}/push through a real socket, over the fake image service's scripted pushes. */
class PushRouteTest {
  @TempDir Path tmp;
  private ApiTestServer api;
  private final Digest layer = Digest.sha256("layer".getBytes(StandardCharsets.UTF_8));
  private final Digest config = Digest.sha256("config".getBytes(StandardCharsets.UTF_8));
  private final Digest manifest = Digest.sha256("manifest".getBytes(StandardCharsets.UTF_8));
  private final AtomicReference<String> pushed = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    api = new ApiTestServer(tmp);
    api.images.pushes = (reference, credential, progress) -> {
      pushed.set(reference);
      progress.accept(new ProgressEvent(layer, State.PREPARING, 0, 2000));
      progress.accept(new ProgressEvent(layer, State.PUSHING, 1000, 2000));
      progress.accept(new ProgressEvent(config, State.PUSHED, 10, 10));
      progress.accept(new ProgressEvent(layer, State.PUSHED, 2000, 2000));
      return new PushResult("v1", manifest, 527);
    };
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void push_streamsDockersLinesAndTheAuxDigest() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/v1.47/images/127.0.0.1:5000/demo/app/push?tag=v1", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(pushed.get()).isEqualTo("127.0.0.1:5000/demo/app:v1");
    String id = layer.shortId();
    assertThat(r.text()).isEqualTo(String.join("\n",
        "{\"status\":\"The push refers to repository [127.0.0.1:5000/demo/app]\"}",
        "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"Pushing\",\"progressDetail\":{\"current\":1000,\"total\":2000},\"progress\":\"[=========================>"
            + " ".repeat(25) + "]      1kB/2kB\",\"id\":\"" + id + "\"}",
        "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"v1: digest: " + manifest + " size: 527\"}",
        "{\"progressDetail\":{},\"aux\":{\"Tag\":\"v1\",\"Digest\":\"" + manifest + "\",\"Size\":527}}", ""));
  }

  @Test
  void push_mountedLayer_namesTheSourceRepository() throws Exception {
    api.images.pushes = (reference, credential, progress) -> {
      progress.accept(new ProgressEvent(layer, State.PREPARING, 0, 2000));
      progress.accept(new ProgressEvent(layer, State.MOUNTED, 2000, 2000, "library/busybox"));
      return new PushResult("v1", manifest, 527);
    };
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/127.0.0.1:5000/demo/app/push?tag=v1", Map.of(), null);
    assertThat(r.text()).contains("{\"status\":\"Mounted from library/busybox\",\"progressDetail\":{},\"id\":\"" + layer.shortId() + "\"}");
  }

  @Test
  void push_noSuchImage_errorInlineAfterTheFirstLine() throws Exception {
    api.images.pushes = (reference, credential, progress) -> {
      throw new NotFoundException("An image does not exist locally with the tag: " + reference);
    };
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/app/push?tag=v9", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).endsWith("{\"errorDetail\":{\"message\":\"An image does not exist locally with the tag: docker.io/library/app:v9\"},"
        + "\"error\":\"An image does not exist locally with the tag: docker.io/library/app:v9\"}\n");
  }

  @Test
  void push_digestReference_is400() throws Exception {
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/app/push?tag=" + manifest, Map.of(), null);
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void push_emptyTagAndNameWithoutTag_pushesEveryLocalTagOfTheRepositoryInOrder() throws Exception {
    java.util.List<String> all = new java.util.concurrent.CopyOnWriteArrayList<>();
    api.images.add("127.0.0.1:5000/demo/app:v2", "2026-01-01T00:00:00Z", Map.of(), "a".getBytes(StandardCharsets.UTF_8));
    api.images.add("127.0.0.1:5000/demo/app:v1", "2026-01-01T00:00:00Z", Map.of(), "b".getBytes(StandardCharsets.UTF_8));
    api.images.tag("127.0.0.1:5000/demo/app:v1", "127.0.0.1:5000/demo/app:latest");
    api.images.tag("127.0.0.1:5000/demo/app:v1", "127.0.0.1:5000/demo/other:v1");
    api.images.pushes = (reference, credential, progress) -> {
      all.add(reference);
      progress.accept(new ProgressEvent(layer, State.PREPARING, 0, 2000));
      progress.accept(new ProgressEvent(layer, all.size() == 1 ? State.PUSHED : State.LAYER_EXISTS, 2000, 2000));
      return new PushResult(reference.substring(reference.lastIndexOf(':') + 1), manifest, 527);
    };

    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/v1.47/images/127.0.0.1:5000/demo/app/push?tag=", Map.of(), null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(all).containsExactly("127.0.0.1:5000/demo/app:latest", "127.0.0.1:5000/demo/app:v1", "127.0.0.1:5000/demo/app:v2");
    String id = layer.shortId();
    assertThat(r.text().lines().toList()).containsExactly(
        "{\"status\":\"The push refers to repository [127.0.0.1:5000/demo/app]\"}",
        "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"latest: digest: " + manifest + " size: 527\"}",
        "{\"progressDetail\":{},\"aux\":{\"Tag\":\"latest\",\"Digest\":\"" + manifest + "\",\"Size\":527}}",
        "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"v1: digest: " + manifest + " size: 527\"}",
        "{\"progressDetail\":{},\"aux\":{\"Tag\":\"v1\",\"Digest\":\"" + manifest + "\",\"Size\":527}}",
        "{\"status\":\"Preparing\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"Layer already exists\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"v2: digest: " + manifest + " size: 527\"}",
        "{\"progressDetail\":{},\"aux\":{\"Tag\":\"v2\",\"Digest\":\"" + manifest + "\",\"Size\":527}}");
  }

  @Test
  void push_emptyTagAndNoLocalTagOfTheRepository_failsInlineAsDockerd() throws Exception {
    api.images.add("127.0.0.1:5000/demo/other:v1", "2026-01-01T00:00:00Z", Map.of(), "a".getBytes(StandardCharsets.UTF_8));
    api.images.pushes = (reference, credential, progress) -> {
      pushed.set(reference);
      return new PushResult("v1", manifest, 527);
    };
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/127.0.0.1:5000/demo/app/push?tag=", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(pushed.get()).isNull();
    assertThat(r.text()).startsWith("{\"status\":\"The push refers to repository [127.0.0.1:5000/demo/app]\"}\n")
        .endsWith("\"error\":\"An image does not exist locally with the tag: 127.0.0.1:5000/demo/app\"}\n");
  }

  @Test
  void push_emptyTagButTagInTheName_pushesOnlyThatTag() throws Exception {
    api.images.add("127.0.0.1:5000/demo/app:v1", "2026-01-01T00:00:00Z", Map.of(), "a".getBytes(StandardCharsets.UTF_8));
    api.images.tag("127.0.0.1:5000/demo/app:v1", "127.0.0.1:5000/demo/app:v2");
    UnixHttp.Response r = UnixHttp.send(api.socket, "POST", "/images/127.0.0.1:5000/demo/app:v2/push?tag=", Map.of(), null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(pushed.get()).isEqualTo("127.0.0.1:5000/demo/app:v2");
    assertThat(r.text().lines().filter(l -> l.contains("digest: "))).hasSize(1);
  }

  @Test
  void nameOnly_tagOrDigestInTheLastComponent_isFalse() {
    assertThat(PushRoute.nameOnly("127.0.0.1:5000/demo/app")).isTrue();
    assertThat(PushRoute.nameOnly("busybox")).isTrue();
    assertThat(PushRoute.nameOnly("127.0.0.1:5000/demo/app:v1")).isFalse();
    assertThat(PushRoute.nameOnly("app@" + manifest)).isFalse();
  }
}
