package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCompactorTest {
  @TempDir Path dir;

  private static String line(int i) {
    return "2026-11-28T08:00:00.000000000+00:00 stdout F line-" + i;
  }

  @Test
  void compact_overMaxSize_keepsTheNewestLinesInAtMostMaxFileFiles() throws Exception {
    Path log = dir.resolve("container.log");
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      lines.add(line(i));
    }
    Files.write(log, lines);

    LogCompactor.compact(log, 2048, 2);

    assertThat(Files.size(log)).isLessThanOrEqualTo(2048);
    assertThat(Files.size(dir.resolve("container.log.1"))).isLessThanOrEqualTo(2048);
    assertThat(dir.resolve("container.log.2")).doesNotExist();
    assertThat(Files.readAllLines(log).getLast()).isEqualTo(line(399));
    List<String> older = Files.readAllLines(dir.resolve("container.log.1"));
    List<String> newer = Files.readAllLines(log);
    assertThat(older.getLast()).isEqualTo(lines.get(lines.indexOf(newer.getFirst()) - 1));
    assertThat(older).doesNotContain(line(0));
  }

  @Test
  void compact_underMaxSize_leavesTheLogAlone() throws Exception {
    Path log = dir.resolve("container.log");
    Files.write(log, List.of(line(1), line(2)));

    LogCompactor.compact(log, 4096, 3);

    assertThat(Files.readAllLines(log)).containsExactly(line(1), line(2));
    assertThat(dir.resolve("container.log.1")).doesNotExist();
  }
}
