package dev.berth.runtime.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.errors.InvalidArgumentException;
import dev.berth.runtime.top.ProcessTop.PsResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ps output filtering and argument handling against a fake ps that records its calls. */
class ProcessTopTest {
  private static final String EF = """
      UID          PID    PPID  C STIME TTY          TIME CMD
      root           1       0  0 05:05 ?        00:00:06 /sbin/init splash
      root         100       1  0 05:06 ?        00:00:00 sleep 60
      1000         101     100  0 05:06 pts/0    00:00:00 sh -c echo  two   spaces
      root         200       1  0 05:07 ?        00:00:00 /usr/bin/other
      """;

  private final List<List<String>> calls = new ArrayList<>();

  private ProcessTop.Ps answering(PsResult... results) {
    return args -> {
      calls.add(args);
      return results[Math.min(calls.size() - 1, results.length - 1)];
    };
  }

  @Test
  void top_defaultArgs_keepsHeaderAndOnlyTheContainersRows() {
    ProcessTop.Table t = ProcessTop.top(List.of(100, 101), null, answering(new PsResult(0, EF, "")));

    assertThat(calls).containsExactly(List.of("-ef", "-q", "100,101"));
    assertThat(t.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
    assertThat(t.rows()).extracting(r -> r.get(1)).containsExactly("100", "101");
    assertThat(t.rows().get(0)).hasSize(8).last().isEqualTo("sleep 60");
    assertThat(t.rows().get(1).getLast()).isEqualTo("sh -c echo two spaces");
  }

  @Test
  void top_psRefusesQuickPid_retriesWithoutItAndStillFilters() {
    ProcessTop.Ps ps = answering(new PsResult(1, "", "error: -q cannot be used with forest"), new PsResult(0, EF, ""));
    ProcessTop.Table t = ProcessTop.top(List.of(200), "f -ef", ps);

    assertThat(calls).containsExactly(List.of("f", "-ef", "-q", "200"), List.of("f", "-ef"));
    assertThat(t.rows()).singleElement().satisfies(r -> assertThat(r.getLast()).isEqualTo("/usr/bin/other"));
  }

  @Test
  void top_psRejectsArguments_isInvalidArgumentWithPsFirstLine() {
    ProcessTop.Ps ps = answering(new PsResult(1, "", "error: unknown gnu long option\n\nUsage:\n ps [options]\n"));
    assertThatThrownBy(() -> ProcessTop.top(List.of(1), "--bogus", ps))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("ps --bogus: error: unknown gnu long option");
  }

  @Test
  void top_noPidColumn_isDockersError() {
    ProcessTop.Ps ps = answering(new PsResult(0, "USER     COMMAND\nroot     sleep\n", ""));
    assertThatThrownBy(() -> ProcessTop.top(List.of(1), "-o user,comm", ps))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessage("Couldn't find PID field in ps output");
  }

  @Test
  void top_columnRenamedToPid_isRefusedBeforePsRuns() {
    assertThatThrownBy(() -> ProcessTop.top(List.of(1), "-o user=PID", answering(new PsResult(0, EF, ""))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("\"user=PID\" is not allowed");
    assertThat(calls).isEmpty();
    assertThat(ProcessTop.arguments("-o pid=PID,comm")).containsExactly("-o", "pid=PID,comm");
  }

  @Test
  void top_threadLines_followTheirProcess() {
    String threads = """
          PID TTY      STAT   TIME COMMAND
          100 ?        -      0:00 java
            - -        Sl     0:00 -
          200 ?        -      0:00 other
            - -        S      0:00 -
        """;
    ProcessTop.Table t = ProcessTop.top(List.of(100), "m", answering(new PsResult(0, threads, "")));
    assertThat(t.rows()).extracting(r -> r.get(0)).containsExactly("100", "-");
  }

  @Test
  void top_noPids_runsPsWithoutQuickPidAndReturnsOnlyTitles() {
    ProcessTop.Table t = ProcessTop.top(List.of(), "-ef", answering(new PsResult(0, EF, "")));
    assertThat(calls).containsExactly(List.of("-ef"));
    assertThat(t.titles()).contains("PID");
    assertThat(t.rows()).isEmpty();
  }

  @Test
  void top_garbagePid_isReportedWithTheValue() {
    ProcessTop.Ps ps = answering(new PsResult(0, "PID CMD\nabc sleep\n", ""));
    assertThatThrownBy(() -> ProcessTop.top(List.of(1), "-o pid,cmd", ps)).hasMessageContaining("Unexpected pid 'abc'");
  }

  @Test
  void top_realHostPs_findsThisJvm() {
    int self = (int) ProcessHandle.current().pid();
    ProcessTop.Table t = ProcessTop.top(List.of(self), null);
    assertThat(t.rows()).singleElement().satisfies(r -> assertThat(r.get(1)).isEqualTo(Integer.toString(self)));
  }
}
