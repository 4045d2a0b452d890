package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerView;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Digest;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.Container;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.ContainerId;
import dev.berth.runtime.state.ContainerState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ListFiltersTest {
  private static final Digest BUSYBOX = Digest.sha256("busybox".getBytes(StandardCharsets.UTF_8));
  private static final Digest ALPINE = Digest.sha256("alpine".getBytes(StandardCharsets.UTF_8));
  private static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");

  private final ContainerView web = view("a1" + "0".repeat(62), "/web", "busybox", BUSYBOX, T0,
      new ContainerState.Running(42, T0), Map.of("tier", "front"), List.of());
  private final ContainerView db = view("b2" + "0".repeat(62), "/db", "alpine:3", ALPINE, T0.plusSeconds(10),
      new ContainerState.Exited(3, T0, T0.plusSeconds(20), false, null), Map.of("tier", "back", "backup", ""),
      List.of(new ContainerView.MountPoint("volume", "dbdata", "/v/dbdata/_data", "/var/lib/db", "local", "", true, "")));
  private final ContainerView job = view("c3" + "0".repeat(62), "/job", "busybox", BUSYBOX, T0.plusSeconds(20),
      new ContainerState.Exited(0, T0, T0.plusSeconds(30), false, null), Map.of(), List.of());
  private final List<ContainerView> all = List.of(web, db, job);

  private static ContainerView view(String id, String name, String image, Digest imageId, Instant created,
      ContainerState state, Map<String, String> labels, List<ContainerView.MountPoint> mounts) {
    ContainerConfig config = ContainerConfig.of(BasicConfig.of(image).withCmd(List.of("sh")).withLabels(labels));
    Container c = new Container(ContainerId.of(id), name, created, imageId, config, state, 0, false);
    return new ContainerView(c, image, null, Path.of("/c"), Path.of("/c/log"), mounts, null, -1, -1, "overlay", Map.of(), List.of());
  }

  private List<String> names(Map<String, List<String>> filters) {
    Predicate<ContainerView> p = ListFilters.of(filters, this::lookup, ref -> switch (ref) {
      case "busybox" -> Optional.of(BUSYBOX);
      case "alpine:3" -> Optional.of(ALPINE);
      default -> Optional.empty();
    });
    return all.stream().filter(p).map(v -> v.container().name()).toList();
  }

  private Container lookup(String ref) {
    return all.stream().map(ContainerView::container).filter(c -> c.name().equals("/" + ref)).findFirst()
        .orElseThrow(() -> new NotFoundException("No such container: " + ref));
  }

  @Test
  void of_noFilters_matchesAll() {
    assertThat(names(Map.of())).containsExactly("/web", "/db", "/job");
  }

  @Test
  void of_statusValues_areAlternatives() {
    assertThat(names(Map.of("status", List.of("running")))).containsExactly("/web");
    assertThat(names(Map.of("status", List.of("running", "exited")))).containsExactly("/web", "/db", "/job");
  }

  @Test
  void of_differentKeys_mustAllMatch() {
    assertThat(names(Map.of("status", List.of("exited"), "ancestor", List.of("busybox")))).containsExactly("/job");
  }

  @Test
  void of_labels_keyOrKeyValueAndEveryOneMustMatch() {
    assertThat(names(Map.of("label", List.of("tier")))).containsExactly("/web", "/db");
    assertThat(names(Map.of("label", List.of("tier=back")))).containsExactly("/db");
    assertThat(names(Map.of("label", List.of("tier", "backup")))).containsExactly("/db");
  }

  @Test
  void of_exitedIdNameVolume_select() {
    assertThat(names(Map.of("exited", List.of("3")))).containsExactly("/db");
    assertThat(names(Map.of("id", List.of("c3")))).containsExactly("/job");
    assertThat(names(Map.of("name", List.of("^/w")))).containsExactly("/web");
    assertThat(names(Map.of("volume", List.of("dbdata")))).containsExactly("/db");
    assertThat(names(Map.of("volume", List.of("/var/lib/db")))).containsExactly("/db");
  }

  @Test
  void of_beforeAndSince_compareCreationTimes() {
    assertThat(names(Map.of("before", List.of("db")))).containsExactly("/web");
    assertThat(names(Map.of("since", List.of("db")))).containsExactly("/job");
  }

  @Test
  void of_ancestorByNameOrId() {
    assertThat(names(Map.of("ancestor", List.of("alpine:3")))).containsExactly("/db");
    assertThat(names(Map.of("ancestor", List.of("unknown")))).isEmpty();
  }

  @Test
  void of_badKeyOrValue_invalidArgument() {
    assertThatThrownBy(() -> names(Map.of("colour", List.of("red")))).isInstanceOf(InvalidArgumentException.class)
        .hasMessage("invalid filter 'colour'");
    assertThatThrownBy(() -> names(Map.of("status", List.of("sleeping")))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("status=sleeping");
    assertThatThrownBy(() -> names(Map.of("exited", List.of("x")))).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> names(Map.of("before", List.of("nope")))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void impliesAll_statusBeforeSinceExited() {
    assertThat(ListFilters.impliesAll(Map.of("status", List.of("exited")))).isTrue();
    assertThat(ListFilters.impliesAll(Map.of("label", List.of("a")))).isFalse();
  }
}
