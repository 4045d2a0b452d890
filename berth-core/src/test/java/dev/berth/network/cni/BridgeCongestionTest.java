package dev.berth.network.cni;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BridgeCongestionTest {
  @TempDir
  Path tmp;

  private final List<List<String>> calls = new ArrayList<>();
  private String ipError;

  private BridgeCongestion congestion(String choice) {
    return new BridgeCongestion(choice, args -> {
      calls.add(args);
      return ipError;
    }, tmp.resolve("net"));
  }

  private Path proc(String current, String available) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("ipv4"));
    Files.writeString(dir.resolve("tcp_congestion_control"), current + "\n");
    Files.writeString(dir.resolve("tcp_available_congestion_control"), available + "\n");
    return dir;
  }

  private void bridge(String name, int ifindex) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("net").resolve(name));
    Files.writeString(dir.resolve("ifindex"), ifindex + "\n");
  }

  @Test
  void choose_bbrDefaultWithCubicAvailable_cubic() throws IOException {
    assertThat(BridgeCongestion.choose(proc("bbr", "reno cubic bbr"), null)).isEqualTo("cubic");
  }

  @Test
  void choose_otherDefaultOrNoCubicOrSwitchedOff_nothing() throws IOException {
    assertThat(BridgeCongestion.choose(proc("cubic", "reno cubic bbr"), null)).isNull();
    assertThat(BridgeCongestion.choose(proc("bbr", "reno bbr"), null)).isNull();
    assertThat(BridgeCongestion.choose(proc("bbr", "reno cubic bbr"), "off")).isNull();
    assertThat(BridgeCongestion.choose(tmp.resolve("missing"), null)).isNull();
  }

  @Test
  void apply_firstAttachment_replacesTheSubnetRouteWithCongctl() throws IOException {
    bridge("br-a", 7);

    assertThat(congestion("cubic").apply("br-a", "10.89.3.1", 24)).isNull();

    assertThat(calls).containsExactly(List.of("-4", "route", "replace", "10.89.3.0/24", "dev", "br-a", "proto", "kernel",
        "scope", "link", "src", "10.89.3.1", "congctl", "cubic"));
  }

  @Test
  void apply_sameBridgeAgain_noSecondExecUntilTheBridgeIsMadeAgain() throws IOException {
    BridgeCongestion c = congestion("cubic");
    bridge("br-a", 7);
    c.apply("br-a", "10.89.3.1", 24);
    c.apply("br-a", "10.89.3.1", 24);
    assertThat(calls).hasSize(1);

    bridge("br-a", 9); // deleted and made again: a new interface index, a new kernel route
    c.apply("br-a", "10.89.3.1", 24);
    assertThat(calls).hasSize(2);

    c.forget("br-a");
    c.apply("br-a", "10.89.3.1", 24);
    assertThat(calls).hasSize(3);
  }

  @Test
  void apply_ipFails_returnsItsErrorAndTriesAgainNextTime() throws IOException {
    BridgeCongestion c = congestion("cubic");
    bridge("br-a", 7);
    ipError = "RTNETLINK answers: No such device";

    assertThat(c.apply("br-a", "10.89.3.1", 24)).isEqualTo("RTNETLINK answers: No such device");
    ipError = null;
    assertThat(c.apply("br-a", "10.89.3.1", 24)).isNull();
    assertThat(calls).hasSize(2);
  }

  @Test
  void apply_noChoiceOrOddPrefix_nothingRuns() throws IOException {
    bridge("br-a", 7);

    assertThat(congestion(null).apply("br-a", "10.89.3.1", 24)).isNull();
    assertThat(congestion("cubic").apply("br-a", "10.89.3.1", 31)).isNull();

    assertThat(calls).isEmpty();
  }
}
