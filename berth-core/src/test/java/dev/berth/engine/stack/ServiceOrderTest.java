package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceOrderTest {
  private static List<String> order(Svc... services) {
    StackFile stack = new StackFile("p", java.util.Arrays.stream(services).map(Svc::build).toList(), null, null);
    return ServiceOrder.of(stack).stream().map(Service::name).toList();
  }

  @Test
  void of_noDependencies_keepsTheFileOrder() {
    assertThat(order(Svc.of("c", "x"), Svc.of("a", "x"), Svc.of("b", "x"))).containsExactly("c", "a", "b");
  }

  @Test
  void of_dependsOnLinksAndVolumesFrom_putEachServiceAfterWhatItNeeds() {
    List<String> order = order(
        Svc.of("web", "x").dependsOn("api"),
        Svc.of("api", "x").link("db", "database"),
        Svc.of("dev", "x").volumesFrom("home:ro"),
        Svc.of("db", "x"),
        Svc.of("home", "x"));
    assertThat(order).containsExactly("db", "api", "web", "home", "dev");
  }

  @Test
  void of_containerVolumesFrom_isNoDependency() {
    assertThat(order(Svc.of("a", "x").volumesFrom("container:outside"), Svc.of("b", "x"))).containsExactly("a", "b");
  }

  @Test
  void of_cycle_isRefusedNamingTheCycleAndWhere() {
    assertThatThrownBy(() -> order(Svc.of("a", "x").dependsOn("b").line(3), Svc.of("b", "x").link("c", "c").line(7),
        Svc.of("c", "x").volumesFrom("a").line(9)))
        .isInstanceOf(StackFileException.class)
        .hasMessage("stack.yml:3: dependency cycle: a -> b -> c -> a");
  }

  @Test
  void of_unknownService_isRefusedWithEveryProblem() {
    assertThatThrownBy(() -> order(Svc.of("a", "x").dependsOn("nope").line(2), Svc.of("b", "x").link("gone", "g").line(5)))
        .isInstanceOf(StackFileException.class)
        .satisfies(e -> assertThat(((StackFileException) e).problems()).hasSize(2))
        .hasMessageContaining("stack.yml:2: service a depends on undefined service nope")
        .hasMessageContaining("stack.yml:5: service b depends on undefined service gone");
  }

  @Test
  void of_selfDependency_isRefused() {
    assertThatThrownBy(() -> order(Svc.of("a", "x").dependsOn("a")))
        .isInstanceOf(StackFileException.class).hasMessageContaining("service a depends on itself");
  }
}
