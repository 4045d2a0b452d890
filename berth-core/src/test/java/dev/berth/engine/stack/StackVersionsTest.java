package dev.berth.engine.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.StackService.Version;
import dev.berth.errors.InvalidArgumentException;
import dev.berth.stack.StackFile;
import dev.berth.stack.StackFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackVersionsTest {
  @TempDir Path dir;

  private static StackFile stack(String yaml) {
    return StackFileReader.read(yaml, "stack.yml", Path.of("/tmp"), Map.of(), false);
  }

  private static final String AB = "services:\n  web:\n    image: busybox\n    environment:\n      A: \"1\"\n      B: \"2\"\n";
  private static final String BA = "services:\n  web:\n    image: busybox\n    environment:\n      B: \"2\"\n      A: \"1\"\n";
  private static final String AC = "services:\n  web:\n    image: busybox\n    environment:\n      A: \"1\"\n      B: \"3\"\n";

  @Test
  void digest_sameStackWrittenInAnotherOrder_isTheSame() {
    assertThat(StackVersions.digest(stack(AB))).startsWith("sha256:").isEqualTo(StackVersions.digest(stack(BA)));
    assertThat(StackVersions.digest(stack(AB))).isNotEqualTo(StackVersions.digest(stack(AC)));
  }

  @Test
  void record_unchangedThenChanged_addsOnlyTheChangeAndReadsBackWhole() {
    StackVersions versions = new StackVersions(dir);
    Rollback.record(versions, "shop", stack(AB), Map.of("web", "sha256:" + "a".repeat(64)), null);
    Rollback.record(versions, "shop", stack(BA), Map.of("web", "sha256:" + "a".repeat(64)), null);
    Rollback.record(versions, "shop", stack(AB), Map.of("web", "sha256:" + "b".repeat(64)), null);
    Rollback.record(versions, "shop", stack(AC), Map.of("web", "sha256:" + "b".repeat(64)), 1);
    List<Version> list = versions.list("shop");
    assertThat(list).extracting(Version::number).containsExactly(1, 2, 3);
    assertThat(list.get(1).images()).containsEntry("web", "sha256:" + "b".repeat(64));
    assertThat(list.get(2).rollbackOf()).isEqualTo(1);
    assertThat(list.get(2).stack().services().getFirst().environment()).containsEntry("B", "3");
    assertThat(Files.exists(dir.resolve("shop/versions/000003.json"))).isTrue();
    assertThat(new StackVersions(dir).list("other")).isEmpty();
  }

  @Test
  void target_fewerThanTwoVersions_isRefusedWithTheReason() {
    assertThatThrownBy(() -> Rollback.target("shop", List.of())).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("rollback stack shop: no version of it is recorded");
    StackVersions versions = new StackVersions(dir);
    Rollback.record(versions, "shop", stack(AB), Map.of(), null);
    assertThatThrownBy(() -> Rollback.target("shop", versions.list("shop"))).hasMessageContaining("only one version");
    Rollback.record(versions, "shop", stack(AC), Map.of(), null);
    assertThat(Rollback.target("shop", versions.list("shop")).number()).isEqualTo(1);
  }
}
