package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.ContainerService;
import dev.berth.engine.events.EventBus;
import dev.berth.errors.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lazily looked-up services of the context. */
class ApiContextTest {
  @TempDir Path tmp;

  @Test
  void lazy_asksTheSupplierOnEveryCallAndRethrowsItsErrors() {
    EventBus bus = new EventBus();
    FakeImageService images = new FakeImageService(bus);
    images.add("busybox:latest", "2024-01-02T03:04:05Z", Map.of(), "bb".getBytes(StandardCharsets.UTF_8));
    FakeContainerService real = new FakeContainerService(images, bus);
    AtomicInteger lookups = new AtomicInteger();
    ContainerService lazy = ApiContext.lazy(ContainerService.class, () -> {
      lookups.incrementAndGet();
      return real;
    });
    assertThat(lookups).hasValue(0);
    assertThat(lazy.list(ContainerService.ListOptions.ALL)).isEmpty();
    assertThatThrownBy(() -> lazy.inspect("nope")).isInstanceOf(NotFoundException.class).hasMessage("No such container: nope");
    assertThat(lookups).hasValue(2);
  }

  @Test
  void imageOnlyContext_containerRoutesAnswer500NotAvailable() throws Exception {
    EventBus bus = new EventBus();
    ApiContext context = new ApiContext(new FakeImageService(bus), bus, "vfs", tmp, "id", false);
    try (ApiServer server = ApiServer.forContext(context)) {
      Path socket = tmp.resolve("api.sock");
      server.listen(socket);
      UnixHttp.Response r = UnixHttp.get(socket, "/containers/json");
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.text()).contains("ContainerService is not available");
    }
  }
}
