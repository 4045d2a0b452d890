package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.NotFoundException;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Handler list = ex -> {};
  private final Handler inspect = ex -> {};
  private final Handler history = ex -> {};
  private final Handler remove = ex -> {};
  private final Handler ping = ex -> {};

  private final Router router = Router.builder()
      .delete("/images/{name}", remove)
      .get("/images/{name}/json", inspect)
      .get("/images/{name}/history", history)
      .get("/images/json", list)
      .get("/_ping", ping)
      .build();

  @Test
  void route_literalPath_winsOverTemplate() {
    assertThat(router.route("GET", "/images/json").route().handler()).isSameAs(list);
  }

  @Test
  void route_nameWithRegistryPortAndSlashes_isCapturedWhole() {
    Router.Matched m = router.route("GET", "/images/localhost:5000/a/b:tag/json");
    assertThat(m.route().handler()).isSameAs(inspect);
    assertThat(m.pathParams()).containsEntry("name", "localhost:5000/a/b:tag");
  }

  @Test
  void route_imageNamedJson_isInspectedNotListed() {
    Router.Matched m = router.route("GET", "/images/json/json");
    assertThat(m.route().handler()).isSameAs(inspect);
    assertThat(m.pathParams()).containsEntry("name", "json");
  }

  @Test
  void route_suffixes_pickTheMatchingResource() {
    assertThat(router.route("GET", "/images/a/b/history").route().handler()).isSameAs(history);
    Router.Matched del = router.route("DELETE", "/images/a/b:1");
    assertThat(del.route().handler()).isSameAs(remove);
    assertThat(del.pathParams()).containsEntry("name", "a/b:1");
  }

  @Test
  void route_headRequest_usesTheGetRoute() {
    assertThat(router.route("HEAD", "/_ping").route().handler()).isSameAs(ping);
  }

  @Test
  void route_unknownPathOrMethod_isPageNotFound() {
    assertThatThrownBy(() -> router.route("GET", "/containers/json")).isInstanceOf(NotFoundException.class).hasMessage("page not found");
    assertThatThrownBy(() -> router.route("POST", "/images/json")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> router.route("GET", "/images//json")).isInstanceOf(NotFoundException.class);
  }
}
