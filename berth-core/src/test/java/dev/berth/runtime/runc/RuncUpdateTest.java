package dev.berth.runtime.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.errors.NotFoundException;
import dev.berth.oci.Json;
import dev.berth.runtime.spec.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runc update} against a fake runc that records its argv and the resources document on its stdin. */
class RuncUpdateTest {
  @TempDir Path dir;
  private Runc runc;

  private static final String FAKE = """
      #!/bin/sh
      printf '%s\\n' "$@" > "$(dirname "$0")/args"
      log="$2"; shift 7
      cat > "$(dirname "$0")/stdin"
      for a in "$@"; do last="$a"; done
      if [ "$last" = gone ]; then
        echo '{"level":"error","msg":"container does not exist"}' > "$log"; exit 1
      fi
      exit 0
      """;

  @BeforeEach
  void fakeRunc() throws IOException {
    Path fake = dir.resolve("runc");
    Files.writeString(fake, FAKE);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
    runc = new Runc(fake, dir.resolve("exec"));
  }

  private JsonNode stdin() throws IOException {
    return Json.MAPPER.readTree(Files.readString(dir.resolve("stdin")));
  }

  @Test
  void update_allControllers_sendsTheirFieldsOnStdinWithoutNulls() throws IOException {
    Resources r = new Resources(List.of(new Resources.DeviceRule(false, "a", null, null, "rwm")),
        new Resources.Memory(64L << 20, null, 128L << 20), new Resources.Cpu(512L, 50_000L, 100_000L, null, null),
        new Resources.Pids(100));
    runc.update("c1", r);

    assertThat(Files.readAllLines(dir.resolve("args"))).endsWith("update", "--resources", "-", "c1");
    JsonNode doc = stdin();
    assertThat(doc.toString()).isEqualTo(
        "{\"memory\":{\"limit\":67108864,\"swap\":134217728},\"cpu\":{\"shares\":512,\"quota\":50000,\"period\":100000},"
            + "\"pids\":{\"limit\":100}}");
  }

  @Test
  void update_onlyPids_leavesMemoryAndCpuOut() throws IOException {
    runc.update("c1", Resources.NONE.withPids(new Resources.Pids(7)));
    assertThat(stdin().toString()).isEqualTo("{\"pids\":{\"limit\":7}}");
  }

  @Test
  void update_unknownContainer_isNotFoundWithRuncsMessage() {
    assertThatThrownBy(() -> runc.update("gone", Resources.NONE.withPids(new Resources.Pids(7))))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("update container gone")
        .hasMessageContaining("does not exist");
  }
}
