package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerService;
import dev.berth.engine.ContainerService.WaitCondition;
import dev.berth.engine.ContainerView;
import dev.berth.engine.Volume;
import dev.berth.errors.NotFoundException;
import dev.berth.runtime.container.BasicConfig;
import dev.berth.runtime.container.ContainerConfig;
import dev.berth.runtime.container.MountSpec;
import dev.berth.runtime.container.StorageConfig;
import dev.berth.runtime.monitor.LogQuery;
import dev.berth.runtime.monitor.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Volumes through the real engine: anonymous and named volumes, --volumes-from, seeding, rm -v. */
class ContainerVolumesIT {
  private EngineFixture fixture;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new EngineFixture();
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      fixture.close();
    } finally {
      // volumes are not containers: remove what the tests left (the fixture deletes the data root anyway)
    }
  }

  private ContainerService svc() {
    return fixture.containers();
  }

  private static ContainerConfig config(StorageConfig storage, String... cmd) {
    return ContainerConfig.of(BasicConfig.of("busybox").withCmd(List.of(cmd))).withStorage(storage);
  }

  private int run(String name, ContainerConfig config) throws Exception {
    String id = svc().create(name, config).id();
    var exit = svc().waitFor(id, WaitCondition.NEXT_EXIT);
    svc().start(id);
    return exit.get(30, TimeUnit.SECONDS).statusCode();
  }

  private String output(String ref) {
    StringBuilder out = new StringBuilder();
    svc().logs(ref, LogQuery.ALL, (LogRecord r) -> out.append(r.line()) != null);
    return out.toString();
  }

  @Test
  void volumesFrom_anonymousVolume_isSharedAndRemovedWithRmVOfItsCreatorOnly() throws Exception {
    StorageConfig anonymous = new StorageConfig(null, List.of("/data"), null, false);
    assertThat(run("writer", config(anonymous, "sh", "-c", "echo hello > /data/f"))).isZero();
    ContainerView writer = svc().inspect("writer");
    assertThat(writer.mounts()).singleElement().satisfies(m -> {
      assertThat(m.type()).isEqualTo("volume");
      assertThat(m.destination()).isEqualTo("/data");
    });
    String volume = writer.mounts().getFirst().name();

    StorageConfig from = new StorageConfig(null, null, null, false, List.of("writer:ro"));
    assertThat(run("reader", config(from, "sh", "-c", "cat /data/f; touch /data/g"))).isNotZero();
    assertThat(output("reader")).contains("hello");
    assertThat(svc().inspect("reader").mounts()).singleElement().satisfies(m -> assertThat(m.rw()).isFalse());

    StorageConfig byName = new StorageConfig(List.of(new MountSpec(MountSpec.Type.VOLUME, volume, "/x", false, null)),
        null, null, false);
    ContainerConfig base = config(byName, "cat", "/x/f");
    String rm = svc().create(null, new ContainerConfig(base.basic(), byName, null, null, null, null, true)).id();
    var removed = svc().waitFor(rm, WaitCondition.REMOVED);
    svc().start(rm);
    assertThat(removed.get(30, TimeUnit.SECONDS).statusCode()).isZero();
    svc().remove("reader", false, true);
    assertThat(fixture.engine.volumes().inspect(volume).name()).isEqualTo(volume);
    svc().remove("writer", false, true);
    assertThatThrownBy(() -> fixture.engine.volumes().inspect(volume)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void namedVolume_isSeededFromTheImageAndOutlivesItsContainers() throws Exception {
    StorageConfig named = new StorageConfig(List.of(new MountSpec(MountSpec.Type.VOLUME, "home", "/etc", false, null)),
        null, null, false);
    assertThat(run("home-volume", config(named, "sh", "-c", "grep -q app /etc/passwd && echo keep > /etc/mine"))).isZero();
    StorageConfig from = new StorageConfig(null, null, null, false, List.of("home-volume"));
    assertThat(run("dev1", config(from, "sh", "-c", "echo from-dev1 > /etc/shared"))).isZero();
    assertThat(run("dev2", config(from, "cat", "/etc/shared", "/etc/mine"))).isZero();
    assertThat(output("dev2")).isEqualTo("from-dev1\nkeep\n");

    for (String c : List.of("dev1", "dev2", "home-volume")) {
      svc().remove(c, false, true);
    }
    Volume home = fixture.engine.volumes().inspect("home");
    assertThat(home.anonymous()).isFalse();
    assertThat(home.mountpoint().resolve("shared")).hasContent("from-dev1");
    fixture.engine.volumes().remove("home", false);
  }

  @Test
  void list_volumeFilter_findsTheContainersOfAVolume() throws Exception {
    StorageConfig named = new StorageConfig(List.of(new MountSpec(MountSpec.Type.VOLUME, "cache", "/cache", false, null)),
        null, null, false);
    svc().create("user", config(named, "true"));
    svc().create("other", config(StorageConfig.NONE, "true"));

    List<String> names = new ArrayList<>();
    svc().list(new ContainerService.ListOptions(true, -1, false, Map.of("volume", List.of("cache"))))
        .forEach(v -> names.add(v.container().name()));

    assertThat(names).containsExactly("/user");
    assertThatThrownBy(() -> fixture.engine.volumes().remove("cache", false))
        .isInstanceOf(dev.berth.errors.ConflictException.class);
  }
}
