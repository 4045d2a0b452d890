package dev.berth.api.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Digest;
import dev.berth.oci.Json;
import dev.berth.registry.ProgressEvent;
import dev.berth.registry.ProgressEvent.State;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The events the engine sends, turned into the lines docker pull shows (as JSON, then as docker prints them). */
class PullProgressTest {
  private final List<JsonMessage> out = new ArrayList<>();
  private final Digest a = Digest.sha256("layer a".getBytes(StandardCharsets.UTF_8));
  private final Digest b = Digest.sha256("layer b".getBytes(StandardCharsets.UTF_8));
  private final Digest c = Digest.sha256("layer c".getBytes(StandardCharsets.UTF_8));

  private static ProgressEvent event(Digest d, State s, long current, long total) {
    return new ProgressEvent(d, s, current, total);
  }

  /** As the docker CLI prints a message off a terminal: "id: status", the bar only on a terminal. */
  private List<String> lines() {
    return out.stream().map(m -> (m.id() == null ? "" : m.id() + ": ") + m.status()).toList();
  }

  @Test
  void pull_newLayers_showsDockersSequence() {
    PullProgress p = new PullProgress("v1", "app", out::add);
    p.accept(event(a, State.WAITING, 0, 2048));
    p.accept(event(a, State.DOWNLOADING, 0, 2048));
    p.accept(event(a, State.DOWNLOADING, 1024, 2048));
    p.accept(event(a, State.VERIFYING, 2048, 2048));
    p.accept(event(a, State.DOWNLOAD_COMPLETE, 2048, 2048));
    p.accept(event(a, State.EXTRACTING, 0, 2048));
    p.accept(event(a, State.PULL_COMPLETE, 2048, 2048));
    assertThat(p.nothingFetched()).isFalse();
    p.finish("sha256:abc", "127.0.0.1:5000/app:v1", false);
    String id = a.shortId();
    assertThat(lines()).containsExactly("v1: Pulling from app", id + ": Pulling fs layer", id + ": Downloading", id + ": Downloading",
        id + ": Verifying Checksum", id + ": Download complete", id + ": Extracting", id + ": Pull complete", "Digest: sha256:abc",
        "Status: Downloaded newer image for 127.0.0.1:5000/app:v1");
  }

  @Test
  void messages_haveDockersJsonShape() {
    PullProgress p = new PullProgress("v1", "library/busybox", out::add);
    p.accept(event(a, State.WAITING, 0, 2_826_205));
    p.accept(event(a, State.DOWNLOADING, 32768, 2_826_205));
    p.accept(event(a, State.VERIFYING, 2_826_205, 2_826_205));
    String id = a.shortId();
    assertThat(out.stream().map(Json::writeString)).containsExactly(
        "{\"status\":\"Pulling from library/busybox\",\"id\":\"v1\"}",
        "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"" + id + "\"}",
        "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":32768,\"total\":2826205},\"progress\":\"[>"
            + " ".repeat(50) + "]  32.77kB/2.826MB\",\"id\":\"" + id + "\"}",
        "{\"status\":\"Verifying Checksum\",\"progressDetail\":{},\"id\":\"" + id + "\"}");
  }

  @Test
  void storedLayer_showsOnlyAlreadyExists() {
    PullProgress p = new PullProgress("v1", "app", out::add);
    p.accept(event(a, State.WAITING, 0, 10));
    p.accept(event(b, State.WAITING, 0, 20));
    p.accept(event(a, State.ALREADY_EXISTS, 0, 10));
    p.accept(event(b, State.DOWNLOADING, 0, 20));
    p.accept(event(b, State.DOWNLOAD_COMPLETE, 20, 20));
    p.accept(event(a, State.EXTRACTING, 0, 10));
    p.accept(event(b, State.EXTRACTING, 0, 20));
    p.accept(event(a, State.PULL_COMPLETE, 10, 10));
    p.accept(event(b, State.PULL_COMPLETE, 20, 20));
    p.finish("sha256:abc", "app:v1", false);
    assertThat(lines()).containsExactly("v1: Pulling from app", a.shortId() + ": Already exists", b.shortId() + ": Pulling fs layer",
        b.shortId() + ": Downloading", b.shortId() + ": Download complete", b.shortId() + ": Extracting",
        b.shortId() + ": Pull complete", "Digest: sha256:abc", "Status: Downloaded newer image for app:v1");
  }

  @Test
  void everyLayerStoredAndImageUnchanged_isUpToDateWithoutLayerLines() {
    PullProgress p = new PullProgress("latest", "library/busybox", out::add);
    p.accept(event(a, State.WAITING, 0, 10));
    p.accept(event(a, State.ALREADY_EXISTS, 0, 10));
    p.accept(event(a, State.EXTRACTING, 0, 10));
    p.accept(event(a, State.PULL_COMPLETE, 10, 10));
    assertThat(p.started()).isFalse();
    assertThat(p.nothingFetched()).isTrue();
    p.finish("sha256:abc", "busybox:latest", true);
    assertThat(lines()).containsExactly("latest: Pulling from library/busybox", "Digest: sha256:abc",
        "Status: Image is up to date for busybox:latest");
  }

  @Test
  void everyLayerStoredButNewTag_showsAlreadyExistsAndDownloadedNewer() {
    PullProgress p = new PullProgress("v2", "app", out::add);
    p.accept(event(a, State.WAITING, 0, 10));
    p.accept(event(a, State.ALREADY_EXISTS, 0, 10));
    p.finish("sha256:abc", "app:v2", false);
    assertThat(lines()).containsExactly("v2: Pulling from app", a.shortId() + ": Already exists", "Digest: sha256:abc",
        "Status: Downloaded newer image for app:v2");
  }

  @Test
  void allSlotsBusy_layersNotStartedShowWaiting() {
    PullProgress p = new PullProgress("v1", "app", out::add, 2);
    for (Digest d : List.of(a, b, c)) p.accept(event(d, State.WAITING, 0, 10));
    p.accept(event(a, State.DOWNLOADING, 0, 10));
    p.accept(event(b, State.DOWNLOADING, 0, 10));
    p.accept(event(a, State.DOWNLOAD_COMPLETE, 10, 10));
    p.accept(event(c, State.DOWNLOADING, 0, 10));
    assertThat(lines()).containsExactly("v1: Pulling from app", a.shortId() + ": Pulling fs layer", a.shortId() + ": Downloading",
        b.shortId() + ": Pulling fs layer", b.shortId() + ": Downloading", c.shortId() + ": Pulling fs layer", c.shortId() + ": Waiting",
        a.shortId() + ": Download complete", c.shortId() + ": Downloading");
  }

  @Test
  void nothingYet_startedIsFalseSoErrorsKeepTheirStatus() {
    PullProgress p = new PullProgress("v1", "app", out::add);
    p.accept(event(a, State.WAITING, 0, 10));
    assertThat(p.started()).isFalse();
    assertThat(out).isEmpty();
  }
}
