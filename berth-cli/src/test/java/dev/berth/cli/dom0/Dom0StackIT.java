package dev.berth.cli.dom0;

import static dev.berth.cli.dom0.Dom0Daemon.step;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * dom0 images that carry a stack ({@code /etc/berth/stack.yml}, read from the image's layers), applied as project
 * {@code dom0} at each berthd start, through a real berthd and the berth CLI: a farm's update from one image to the
 * next, and the seed's whole setup (an sshd stand-in, a home volume container, a dev container with volumes_from it)
 * surviving a restart with its data.
 */
class Dom0StackIT extends Dom0TestBase {
  Dom0StackIT() {
    super("berth-dom0-stack-");
  }

  /** A stack-only dom0 image: FROM scratch, so it has no CMD and no dom0 container runs. */
  private String dom0(String stack, String... tags) throws Exception {
    return d.build(Map.of("Dockerfile", "FROM scratch\nCOPY stack.yml /etc/berth/stack.yml\n", "stack.yml", stack), tags);
  }

  private static String service(String name, String arg) {
    return "  " + name + ":\n    image: busybox\n    command: [\"sleep\", \"" + arg + "\"]\n    restart: always\n";
  }

  @Test
  void farmUpdate_newImage_recreatesChanged_keepsUnchanged_removesDropped() throws Exception {
    dom0("services:\n" + service("a", "100001") + service("b", "100002") + service("c", "100003"), "dom0:v1", "dom0:latest");
    JsonNode first = d.restart();
    assertThat(step(first, "stack").path("Outcome").asText()).as(first.toPrettyString()).isEqualTo("done");
    assertThat(step(first, "container").path("Outcome").asText()).isEqualTo("skipped");
    d.waitForPs(ps -> ps.contains("dom0-a-1 running") && ps.contains("dom0-b-1 running") && ps.contains("dom0-c-1 running"));
    String a = d.containerId("dom0-a-1");
    String b = d.containerId("dom0-b-1");

    JsonNode same = d.restart();
    assertThat(step(same, "stack").path("Detail").asText()).isEqualTo("3 services, unchanged");
    assertThat(d.containerId("dom0-a-1")).isEqualTo(a);
    assertThat(d.containerId("dom0-b-1")).isEqualTo(b);

    dom0("services:\n" + service("a", "100001") + service("b", "200002"), "dom0:latest");
    JsonNode update = d.restart();
    assertThat(step(update, "stack").path("Outcome").asText()).as(update.toPrettyString()).isEqualTo("done");
    assertThat(step(update, "stack").path("Detail").asText()).contains("1 recreated", "1 kept", "1 removed");
    String ps = d.waitForPs(p -> p.contains("dom0-a-1 running") && p.contains("dom0-b-1 running") && !p.contains("dom0-c-1"));
    assertThat(d.containerId("dom0-a-1")).as("unchanged service keeps its container").isEqualTo(a);
    assertThat(d.containerId("dom0-b-1")).as("changed service is recreated").isNotEqualTo(b);
    assertThat(d.ok("inspect", "--format", "{{json .Config.Cmd}}", "dom0-b-1").out()).contains("200002");
    assertThat(ps).doesNotContain("dom0-c-1");
    assertThat(d.ok("ps", "-a", "--filter", "label=com.docker.compose.project=dom0", "--format", "{{.Names}}").out().lines().sorted().toList())
        .containsExactly("dom0-a-1", "dom0-b-1");
  }

  @Test
  void seedSetup_sshdHomeVolumeAndDevContainer_surviveARestartWithTheirData() throws Exception {
    String stack = """
        services:
          sshd:
            image: busybox
            command: ["sh", "-c", "mkdir -p /www && echo sshd-stand-in > /www/index.html && exec httpd -f -p 8022 -h /www"]
            restart: always
          home-volume:
            image: busybox
            command: ["sleep", "1000000"]
            volumes: ["home:/home"]
            restart: always
          dev:
            image: busybox
            command: ["sleep", "1000000"]
            volumes_from: ["home-volume"]
            restart: always
        volumes:
          home: {}
        """;
    dom0(stack, "dom0:latest");
    JsonNode boot = d.restart();
    assertThat(boot.path("Failed").asBoolean()).as(boot.toPrettyString()).isFalse();
    d.waitForPs(ps -> ps.contains("dom0-sshd-1 running") && ps.contains("dom0-home-volume-1 running") && ps.contains("dom0-dev-1 running"));
    d.ok("exec", "dom0-dev-1", "sh", "-c", "mkdir -p /home/alice && echo hello-from-before > /home/alice/notes");

    JsonNode again = d.restart();
    assertThat(again.path("Failed").asBoolean()).as(again.toPrettyString()).isFalse();
    d.waitForPs(ps -> ps.contains("dom0-sshd-1 running") && ps.contains("dom0-home-volume-1 running") && ps.contains("dom0-dev-1 running"));
    assertThat(d.ok("exec", "dom0-dev-1", "cat", "/home/alice/notes").out()).isEqualTo("hello-from-before\n");
    assertThat(d.ok("exec", "dom0-home-volume-1", "cat", "/home/alice/notes").out()).isEqualTo("hello-from-before\n");
    assertThat(d.ok("exec", "dom0-sshd-1", "wget", "-qO-", "http://127.0.0.1:8022/").out()).isEqualTo("sshd-stand-in\n");
    assertThat(d.ok("volume", "ls", "--format", "{{.Name}}").out()).contains("dom0_home");
  }
}
