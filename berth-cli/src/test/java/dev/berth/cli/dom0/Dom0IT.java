package dev.berth.cli.dom0;

import static dev.berth.cli.dom0.Dom0Daemon.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.testing.CliRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * dom0 at berthd start, through a real berthd (in-process, overlay, runc, conmon) and the berth CLI: the dom0 image's
 * CMD run as the container dom0 with berthd's socket, a restart that keeps it, failures that never stop berthd from
 * serving and show in {@code berth dom0 status}, and {@code berth dom0 rollback}.
 */
class Dom0IT extends Dom0TestBase {
  /** The seed's tiny orchestration container: starts two containers through the mounted socket, then stays. */
  static final String START_SH = """
      set -e
      for n in one two; do
        /usr/local/bin/docker start dom0-$n 2>/dev/null || /usr/local/bin/docker run -d --name dom0-$n busybox sleep 100000
      done
      exec sleep 100000
      """;

  Dom0IT() {
    super("berth-dom0-");
  }

  @Test
  void boot_withoutADom0Image_skipsTheDom0Steps() throws Exception {
    JsonNode boot = d.restart();
    assertThat(step(boot, "image").path("Outcome").asText()).isEqualTo("skipped");
    assertThat(step(boot, "image").path("Detail").asText()).contains("no image dom0:latest");
    assertThat(boot.path("Failed").asBoolean()).isFalse();
    assertThat(d.ok("dom0", "status").out()).contains("dom0 image: dom0:latest", "image ", "skipped", "No dom0 image applied yet.");
  }

  @Test
  void literalForm_theDom0CmdStartsTwoContainersThroughTheSocket_andARestartKeepsThemAll() throws Exception {
    String image = d.build(Map.of(
        "Dockerfile", "FROM busybox\nCOPY docker /usr/local/bin/docker\nCOPY start.sh /start.sh\nCMD [\"/bin/sh\", \"/start.sh\"]\n",
        "docker", "", "start.sh", START_SH), "dom0:latest");

    JsonNode boot = d.restart();
    assertThat(step(boot, "image").path("Outcome").asText()).isEqualTo("done");
    assertThat(boot.path("ImageID").asText()).isEqualTo(image);
    assertThat(step(boot, "stack").path("Outcome").asText()).isEqualTo("skipped");
    assertThat(step(boot, "container").path("Outcome").asText()).as(boot.toPrettyString()).isEqualTo("done");
    d.waitForPs(ps -> ps.contains("dom0 running") && ps.contains("dom0-one running") && ps.contains("dom0-two running"));
    assertThat(d.ok("inspect", "--format", "{{.HostConfig.Privileged}} {{.HostConfig.NetworkMode}} {{.HostConfig.RestartPolicy.Name}}", "dom0")
        .out().strip()).isEqualTo("true host always");
    String dom0 = d.containerId("dom0");
    String one = d.containerId("dom0-one");

    JsonNode again = d.restart();
    assertThat(step(again, "container").path("Detail").asText()).as(again.toPrettyString()).startsWith("kept ");
    d.waitForPs(ps -> ps.contains("dom0 running") && ps.contains("dom0-one running") && ps.contains("dom0-two running"));
    assertThat(d.containerId("dom0")).isEqualTo(dom0);
    assertThat(d.containerId("dom0-one")).isEqualTo(one);
    assertThat(d.ok("exec", "dom0", "/usr/local/bin/docker", "ps", "--format", "{{.Names}}").out())
        .as("the restarted dom0 reaches the new berthd through its socket").contains("dom0-one", "dom0-two");
    assertThat(d.status().path("Applied").get(0).path("ImageID").asText()).isEqualTo(image);
  }

  @Test
  void failingCmd_berthdStillServes_statusShowsIt_andRollbackReappliesThePreviousImage() throws Exception {
    String v1 = d.build(Map.of("Dockerfile", "FROM busybox\nCMD [\"sleep\", \"100000\"]\n"), "dom0:v1", "dom0:latest");
    JsonNode good = d.restart();
    assertThat(good.path("Failed").asBoolean()).as(good.toPrettyString()).isFalse();
    String v2 = d.build(Map.of("Dockerfile", "FROM busybox\nLABEL v=2\nCMD [\"sh\", \"-c\", \"echo broken; exit 1\"]\n"), "dom0:latest");
    assertThat(v2).isNotEqualTo(v1);

    JsonNode bad = d.restart();
    assertThat(bad.path("Failed").asBoolean()).isTrue();
    assertThat(step(bad, "container").path("Error").asText()).contains("exited with code 1");
    assertThat(d.ok("version").status()).isZero();
    String text = d.ok("dom0", "status").out();
    assertThat(text).contains("failed", "container", "exited with code 1", v2, v1);

    CliRun rollback = d.berth("dom0", "rollback");
    assertThat(rollback.status()).as(rollback.out() + rollback.err()).isZero();
    assertThat(rollback.out()).contains("(rollback): ok", "tagged " + v1);
    assertThat(d.imageId("dom0:latest")).isEqualTo(v1);
    assertThat(d.ok("inspect", "--format", "{{.Image}} {{.State.Status}}", "dom0").out().strip()).isEqualTo(v1 + " running");
    JsonNode status = d.status();
    assertThat(status.path("Boots").get(0).path("Trigger").asText()).isEqualTo("rollback");
    assertThat(status.path("Applied").get(0).path("ImageID").asText()).isEqualTo(v1);
    assertThat(status.path("Applied").get(1).path("ImageID").asText()).isEqualTo(v2);
    assertThat(status.path("Applied").get(1).path("Ok").asBoolean()).isFalse();
  }

  @Test
  void rollback_withNoEarlierImage_isNotFound() throws Exception {
    d.build(Map.of("Dockerfile", "FROM busybox\nLABEL only=1\nCMD [\"sleep\", \"100000\"]\n"), "dom0:latest");
    d.restart();
    CliRun r = d.berth("dom0", "rollback");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("rolling back dom0: no dom0 image was applied before");
  }

  @Test
  void missingNamedImage_andABrokenStack_areFailedSteps_andBerthdServes() throws Exception {
    JsonNode missing = d.restart(d.config().withDom0Image("farm/dom0:nope"));
    assertThat(step(missing, "image").path("Outcome").asText()).isEqualTo("failed");
    assertThat(step(missing, "image").path("Error").asText()).contains("farm/dom0:nope named in daemon.json does not exist");
    assertThat(d.ok("dom0", "status").out()).contains("dom0 image: farm/dom0:nope", "failed");

    d.build(Map.of("Dockerfile", "FROM busybox\nCOPY stack.yml /etc/berth/stack.yml\nCMD [\"sleep\", \"100000\"]\n",
        "stack.yml", "services:\n  web:\n    image: busybox\n    depends_on: [nowhere]\n  : bad\n"), "dom0:latest");
    JsonNode broken = d.restart(d.config().withDom0Image(null));
    assertThat(step(broken, "stack").path("Outcome").asText()).as(broken.toPrettyString()).isEqualTo("failed");
    assertThat(broken.path("StackDigest").asText()).startsWith("sha256:");
    assertThat(step(broken, "container").path("Outcome").asText()).as("a broken stack does not keep dom0's CMD from running").isEqualTo("done");
    assertThat(d.ok("version").status()).isZero();
  }
}
