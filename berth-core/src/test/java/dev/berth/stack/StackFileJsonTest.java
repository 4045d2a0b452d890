package dev.berth.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI sends a read StackFile to berthd as JSON: it must come back equal. */
class StackFileJsonTest {
  @TempDir Path dir;

  @Test
  void json_roundTripOfAFullFile_givesAnEqualStackFile() {
    StackFile stack = StackFileReader.read("""
        name: shop
        services:
          db:
            image: busybox
            healthcheck: {test: "true", interval: 1s, retries: 2}
            volumes: ["data:/data", "/etc:/host-etc:ro", {type: tmpfs, target: /tmp}]
          web:
            build: {context: ., args: {A: "1"}}
            command: httpd -f -p 80
            environment: {Z: "1", A: "2"}
            ports: ["127.0.0.1:8080:80/tcp", "90"]
            networks: {front: {aliases: [www]}}
            depends_on: {db: {condition: service_healthy}}
            links: ["db:database"]
            volumes_from: [db]
            restart: always
            labels: {tier: web}
            privileged: true
            cap_add: [NET_ADMIN]
        volumes:
          data:
        networks:
          front:
            ipam: {config: [{subnet: 10.1.0.0/24}]}
        """, "stack.yml", dir, Map.of(), false);
    StackFile back = Json.read(Json.write(stack), StackFile.class);
    assertThat(back).isEqualTo(stack);
    assertThat(back.service("web").orElseThrow().environment().keySet()).containsExactly("Z", "A");
  }
}
