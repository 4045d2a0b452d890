package dev.berth.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every problem a stack file can have is reported with its line, all of them at once. */
class StackFileReaderErrorsTest {
  @TempDir Path dir;

  private List<String> problems(String yaml) {
    StackFileException e = catchThrowableOfType(StackFileException.class,
        () -> StackFileReader.read(yaml, "stack.yml", dir, Map.of(), true));
    assertThat(e).as("a StackFileException").isNotNull();
    return e.problems().stream().map(StackFileException.Problem::toString).toList();
  }

  @Test
  void malformedYaml_badIndentation_givesParserLineAndReason() {
    List<String> p = problems("services:\n  web:\n    image: busybox\n   ports: [80]\n");
    assertThat(p).hasSize(1);
    assertThat(p.getFirst()).startsWith("stack.yml:4: malformed YAML: ");
  }

  @Test
  void malformedYaml_unclosedQuote_givesALine() {
    assertThat(problems("services:\n  web:\n    image: \"busybox\n")).singleElement().asString()
        .matches("stack\\.yml:\\d+: malformed YAML: .*");
  }

  @Test
  void malformedYaml_twoDocuments_isRefused() {
    assertThat(problems("services: {}\n---\nservices: {}\n")).singleElement().asString().contains("malformed YAML");
  }

  @Test
  void emptyFileAndMissingServices_areRefused() {
    assertThat(problems("")).containsExactly("stack.yml:1: the file is empty: a stack file needs a top-level services mapping");
    assertThat(problems("volumes: {}\n")).containsExactly("stack.yml:1: the file has no top-level services mapping");
  }

  @Test
  void unsupportedKeys_atEveryLevel_areAllNamedWithTheirLines() {
    List<String> p = problems("""
        version: "3"
        configs: {}
        services:
          web:
            image: busybox
            container_name: web1
            deploy:
              replicas: 2
            healthcheck:
              test: ["CMD", "true"]
              timeoutt: 3s
            build:
              context: .
              cache_from: [x]
            ports:
              - target: 80
                mode: host
            networks:
              front:
                ipv4_address: 10.0.0.2
            depends_on:
              db:
                condition: service_started
                restart: true
          db:
            image: busybox
        volumes:
          data:
            nocopy: true
        networks:
          front:
            attachable: true
        """);
    assertThat(p).containsExactly(
        "stack.yml:2: unsupported key 'configs' in the top level",
        "stack.yml:6: unsupported key 'container_name' in services.web",
        "stack.yml:7: unsupported key 'deploy' in services.web",
        "stack.yml:11: unsupported key 'timeoutt' in services.web.healthcheck",
        "stack.yml:14: unsupported key 'cache_from' in services.web.build",
        "stack.yml:17: unsupported key 'mode' in services.web.ports[0]",
        "stack.yml:20: unsupported key 'ipv4_address' in services.web.networks.front",
        "stack.yml:24: unsupported key 'restart' in services.web.depends_on.db",
        "stack.yml:29: unsupported key 'nocopy' in volumes.data",
        "stack.yml:32: unsupported key 'attachable' in networks.front");
  }

  @Test
  void wrongTypes_nameKeyLineAndWhatWasExpected() {
    List<String> p = problems("""
        services:
          web:
            image: busybox
            ports: 80
            environment: 5
            privileged: maybe
            cap_add: NET_ADMIN
            command: {a: b}
            healthcheck:
              retries: many
              interval: 10
        """);
    assertThat(p).containsExactlyInAnyOrder(
        "stack.yml:4: services.web.ports: expected a list, got a number (80)",
        "stack.yml:5: services.web.environment: expected a mapping or a list of KEY=VALUE, got a number (5)",
        "stack.yml:6: services.web.privileged: expected true or false, got a string (\"maybe\")",
        "stack.yml:7: services.web.cap_add: expected a list, got a string (\"NET_ADMIN\")",
        "stack.yml:8: services.web.command: expected a string, got a mapping",
        "stack.yml:10: services.web.healthcheck.retries: expected a whole number, got a string (\"many\")",
        "stack.yml:11: services.web.healthcheck.interval: invalid duration '10' (expected a number with a unit, like 1m30s, 10s or 500ms)");
  }

  @Test
  void services_notAMappingOrAnEmptyService_areRefused() {
    assertThat(problems("services: [web]\n")).containsExactly("stack.yml:1: services: expected a mapping, got a list");
    assertThat(problems("services:\n  web:\n")).containsExactly("stack.yml:2: service web is empty: it needs at least an image or a build");
  }

  @Test
  void badValues_portsVolumesRestartConditionAndNames_areReported() {
    List<String> p = problems("""
        name: My Project
        services:
          web:
            image: busybox
            ports: ["99999:80", "80/icmp", "1-3:1-2"]
            volumes: ["data:/d:z", "relative/only:/x", "/a:not-absolute", "/x:/y:ro:extra"]
            restart: sometimes
            links: ["a:b:c"]
            depends_on:
              db:
                condition: service_ready
          db:
            image: busybox
          bad/name:
            image: busybox
        """);
    assertThat(p).containsExactlyInAnyOrder(
        "stack.yml:1: invalid project name 'My Project': " + ProjectNames.RULE,
        "stack.yml:5: services.web.ports[0]: invalid port number '99999' (expected 1 to 65535)",
        "stack.yml:5: services.web.ports[1]: invalid protocol 'icmp' (expected tcp, udp or sctp)",
        "stack.yml:5: services.web.ports[2]: invalid port '1-3:1-2': the published and target ranges differ in length",
        "stack.yml:6: services.web.volumes[0]: unsupported volume mode 'z' in 'data:/d:z' (expected ro or rw)",
        "stack.yml:6: services.web.volumes[1]: invalid volume name 'relative/only' (a host path starts with /, . or ~)",
        "stack.yml:6: services.web.volumes[2]: invalid volume '/a:not-absolute': the container path 'not-absolute' is not absolute",
        "stack.yml:6: services.web.volumes[3]: invalid volume '/x:/y:ro:extra' (expected SOURCE:TARGET[:MODE])",
        "stack.yml:7: services.web.restart: invalid restart policy 'sometimes' (expected no, always, on-failure[:N] or unless-stopped)",
        "stack.yml:8: services.web.links[0]: invalid link 'a:b:c' (expected SERVICE[:ALIAS])",
        "stack.yml:11: services.web.depends_on.db.condition: unknown condition 'service_ready' (expected service_started, service_healthy or service_completed_successfully)",
        "stack.yml:14: invalid service name 'bad/name' (letters, digits, '.', '_' and '-', not first)");
  }

  @Test
  void duplicateKeys_areReportedWithBothLines() {
    assertThat(problems("services:\n  web:\n    image: a\n    image: b\n"))
        .containsExactly("stack.yml:4: duplicate key 'image' in services.web (first at line 3)");
  }

  @Test
  void unknownServices_inDependsOnLinksAndVolumesFrom_areReportedWhereUsed() {
    List<String> p = problems("""
        services:
          web:
            image: busybox
            depends_on: [dbx]
            links: ["cache:c"]
            volumes_from: ["home:ro"]
        """);
    assertThat(p).containsExactly(
        "stack.yml:4: service web depends on undefined service dbx",
        "stack.yml:5: service web links to undefined service cache",
        "stack.yml:6: service web takes volumes_from undefined service home");
  }

  @Test
  void dependencyCycle_isNamedOnce() {
    List<String> p = problems("""
        services:
          a:
            image: busybox
            depends_on: [b]
          b:
            image: busybox
            links: [c]
          c:
            image: busybox
            volumes_from: [a]
          d:
            image: busybox
            depends_on: [d]
        """);
    assertThat(p).containsExactly("stack.yml:4: dependency cycle: a -> b -> c -> a", "stack.yml:13: dependency cycle: d -> d");
  }

  @Test
  void undeclaredVolumesAndNetworks_areRefusedButDefaultNetworkIsFine() {
    List<String> p = problems("""
        services:
          web:
            image: busybox
            volumes: ["data:/data", "/host:/h", "/anon"]
            networks: [default, front]
        """);
    assertThat(p).containsExactly(
        "stack.yml:4: service web uses volume data, which is not declared under the top-level volumes",
        "stack.yml:5: service web joins network front, which is not declared under the top-level networks");
  }

  @Test
  void hostPortPublishedTwice_clashesUnlessProtocolOrAddressDiffers() {
    List<String> p = problems("""
        services:
          a:
            image: busybox
            ports: ["8080:80", "127.0.0.1:9090:90", "7070:70/udp"]
          b:
            image: busybox
            ports:
              - "8080:81"
              - "127.0.0.2:9090:90"
              - "7070:70/tcp"
              - "127.0.0.1:8080:82"
        """);
    assertThat(p).containsExactly(
        "stack.yml:8: host port 8080/tcp is published twice: by service b and by service a (line 4)",
        "stack.yml:11: host port 8080/tcp is published twice: by service b and by service a (line 4)",
        "stack.yml:11: host port 8080/tcp is published twice: by service b and by service b (line 8)");
  }

  @Test
  void serviceWithoutImageOrBuild_isRefused() {
    assertThat(problems("services:\n  web:\n    command: [true]\n"))
        .containsExactly("stack.yml:2: service web has neither an image nor a build");
  }

  @Test
  void missingEnvFileAndBadHealthcheckTest_areReported() {
    List<String> p = problems("""
        services:
          web:
            image: busybox
            env_file: missing.env
            healthcheck:
              test: ["curl", "x"]
        """);
    assertThat(p).containsExactly(
        "stack.yml:4: services.web.env_file: env file " + dir.resolve("missing.env") + " not found",
        "stack.yml:6: services.web.healthcheck.test: a test list starts with CMD, CMD-SHELL or NONE, got 'curl'");
  }

  @Test
  void exceptionMessage_listsEveryProblemOnItsOwnLine() {
    assertThatThrownBy(() -> StackFileReader.read("services:\n  a:\n    foo: 1\n  b:\n    bar: 2\n", "s.yml", dir, Map.of(), false))
        .isInstanceOf(StackFileException.class)
        .hasMessage("s.yml:2: service a has neither an image nor a build\ns.yml:3: unsupported key 'foo' in services.a\n"
            + "s.yml:4: service b has neither an image nor a build\ns.yml:5: unsupported key 'bar' in services.b");
  }
}
