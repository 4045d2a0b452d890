package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.ConflictException;
import dev.berth.errors.SystemException;
import dev.berth.runtime.bundle.NetworkSetup;
import dev.berth.runtime.specgen.NetworkMode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class NetworkStartTest {
  private static final ContainerNetworking.Prepared PREPARED = new ContainerNetworking.Prepared(
      new NetworkSetup(new NetworkMode.Join("/run/ns/x"), "10.0.0.2", List.of(), List.of(), List.of(), List.of(), false),
      List.of("DB_NAME=/a/db"));

  @Test
  void prepared_secondStepStillRunning_returnsTheFirstStepsResult() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    NetworkStart s = NetworkStart.begin("t", false, () -> new ContainerNetworking.Planned(PREPARED, () -> {}, () -> await(release)));

    assertThat(s.prepared()).isEqualTo(PREPARED);
    s.readyForCreate(); // returns too: nothing names an interface
    CompletableFuture<Void> ready = CompletableFuture.runAsync(s::ready);
    assertThatThrownBy(() -> ready.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

    release.countDown();
    ready.get(5, TimeUnit.SECONDS);
    assertThat(s.settle()).isNull();
  }

  @Test
  void readyForCreate_namespaceStepRunning_waitsForItOnly() throws Exception {
    CountDownLatch namespace = new CountDownLatch(1);
    CountDownLatch attach = new CountDownLatch(1);
    NetworkStart s = NetworkStart.begin("t", false,
        () -> new ContainerNetworking.Planned(PREPARED, () -> await(namespace), () -> await(attach)));
    assertThat(s.prepared()).isEqualTo(PREPARED);

    CompletableFuture<Void> create = CompletableFuture.runAsync(s::readyForCreate);
    assertThatThrownBy(() -> create.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    namespace.countDown();
    create.get(5, TimeUnit.SECONDS);
    CompletableFuture<Void> ready = CompletableFuture.runAsync(s::ready);
    assertThatThrownBy(() -> ready.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    attach.countDown();
    ready.get(5, TimeUnit.SECONDS);
  }

  @Test
  void readyForCreate_namespaceStepFails_throwsItAndReadyToo() {
    SystemException netns = new SystemException("create network namespace /run/ns/x: Operation not permitted");
    NetworkStart s = NetworkStart.begin("t", false, () -> new ContainerNetworking.Planned(PREPARED, () -> {
      throw netns;
    }, () -> {}));

    assertThat(s.prepared()).isEqualTo(PREPARED);
    assertThatThrownBy(s::readyForCreate).isSameAs(netns);
    assertThatThrownBy(s::ready).isSameAs(netns);
  }

  @Test
  void readyForCreate_interfacesNeededAtCreate_waitsForTheSecondStep() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    NetworkStart s = NetworkStart.begin("t", true, () -> new ContainerNetworking.Planned(PREPARED, () -> {}, () -> await(release)));
    s.prepared();

    CompletableFuture<Void> create = CompletableFuture.runAsync(s::readyForCreate);
    assertThatThrownBy(() -> create.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    release.countDown();
    create.get(5, TimeUnit.SECONDS);
  }

  @Test
  void ready_secondStepFails_throwsItsFailureAndSettleReturnsIt() {
    SystemException add = new SystemException("attach container x to network bridge: CNI plugin failed");
    NetworkStart s = NetworkStart.begin("t", false, () -> new ContainerNetworking.Planned(PREPARED, () -> {}, () -> {
      throw add;
    }));

    assertThat(s.prepared()).isEqualTo(PREPARED);
    assertThatThrownBy(s::ready).isSameAs(add);
    assertThat(s.settle()).isSameAs(add);
  }

  @Test
  void prepared_firstStepFails_everyWaitThrowsIt() {
    ConflictException link = new ConflictException("Cannot link to a non running container: /db AS /web/db");
    NetworkStart s = NetworkStart.begin("t", false, () -> {
      throw link;
    });

    assertThatThrownBy(s::prepared).isSameAs(link);
    assertThatThrownBy(s::readyForCreate).isSameAs(link);
    assertThatThrownBy(s::ready).isSameAs(link);
    assertThat(s.settle()).isSameAs(link);
  }

  @Test
  void namesInterface_perInterfaceSysctls_trueOnlyForThose() {
    assertThat(NetworkStart.namesInterface(Map.of("net.ipv4.conf.eth0.arp_announce", "2"))).isTrue();
    assertThat(NetworkStart.namesInterface(Map.of("net.ipv6.conf.eth1.disable_ipv6", "1"))).isTrue();
    assertThat(NetworkStart.namesInterface(Map.of("net.ipv4.neigh.eth0.gc_stale_time", "60"))).isTrue();
    assertThat(NetworkStart.namesInterface(Map.of("net.ipv4.conf.all.forwarding", "1"))).isFalse();
    assertThat(NetworkStart.namesInterface(Map.of("net.ipv6.conf.default.disable_ipv6", "1"))).isFalse();
    assertThat(NetworkStart.namesInterface(Map.of("net.ipv4.ip_unprivileged_port_start", "0", "kernel.msgmax", "1"))).isFalse();
    assertThat(NetworkStart.namesInterface(Map.of())).isFalse();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
