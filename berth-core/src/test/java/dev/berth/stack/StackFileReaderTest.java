package dev.berth.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.container.Healthcheck;
import dev.berth.stack.Service.DependsOn;
import dev.berth.stack.Service.Link;
import dev.berth.stack.Service.PortSpec;
import dev.berth.stack.Service.ServiceNetwork;
import dev.berth.stack.Service.ServiceVolume;
import dev.berth.stack.Service.ServiceVolume.Type;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syntaxes the reader takes, each turned into its resolved form. */
class StackFileReaderTest {
  @TempDir Path dir;

  private StackFile read(String yaml) {
    return read(yaml, Map.of());
  }

  private StackFile read(String yaml, Map<String, String> env) {
    return StackFileReader.read(yaml, "stack.yml", dir, env, true);
  }

  private Service only(String yaml) {
    return read(yaml).services().getFirst();
  }

  @Test
  void read_minimalFile_givesServiceWithDefaultsAndItsLine() {
    StackFile stack = read("""
        version: "3.8"
        services:
          web:
            image: busybox
        """);
    assertThat(stack.name()).isNull();
    Service web = stack.services().getFirst();
    assertThat(web.name()).isEqualTo("web");
    assertThat(web.image()).isEqualTo("busybox");
    assertThat(web.command()).isNull();
    assertThat(web.healthcheck()).isNull();
    assertThat(web.networks()).isEmpty();
    assertThat(web.location()).isEqualTo(new StackLocation("stack.yml", 3));
  }

  @Test
  void read_topLevelName_isTheProjectName() {
    assertThat(read("name: shop\nservices:\n  a:\n    image: busybox\n").name()).isEqualTo("shop");
  }

  @Test
  void read_servicesKeepFileOrder() {
    StackFile stack = read("services:\n  z:\n    image: a\n  a:\n    image: b\n  m:\n    image: c\n");
    assertThat(stack.services()).extracting(Service::name).containsExactly("z", "a", "m");
    assertThat(stack.service("a")).map(Service::image).contains("b");
  }

  @Test
  void ports_shortSyntaxes_areParsed() {
    Service s = only("""
        services:
          web:
            image: busybox
            ports:
              - "8080:80"
              - 127.0.0.1:8081:81/udp
              - "90"
              - 9090:90
              - "127.0.0.1::91"
              - "[::1]:8443:443"
              - "7000-7001:70-71"
        """);
    assertThat(s.ports()).containsExactly(
        new PortSpec(null, 8080, 80, "tcp"),
        new PortSpec("127.0.0.1", 8081, 81, "udp"),
        new PortSpec(null, null, 90, "tcp"),
        new PortSpec(null, 9090, 90, "tcp"),
        new PortSpec("127.0.0.1", null, 91, "tcp"),
        new PortSpec("::1", 8443, 443, "tcp"),
        new PortSpec(null, 7000, 70, "tcp"),
        new PortSpec(null, 7001, 71, "tcp"));
  }

  @Test
  void ports_longSyntax_isParsed() {
    Service s = only("""
        services:
          web:
            image: busybox
            ports:
              - target: 80
                published: "8080"
                host_ip: 127.0.0.1
                protocol: udp
              - target: 81
        """);
    assertThat(s.ports()).containsExactly(new PortSpec("127.0.0.1", 8080, 80, "udp"), new PortSpec(null, null, 81, "tcp"));
  }

  @Test
  void volumes_shortSyntaxes_resolveNamedBindAndAnonymous() {
    Service s = only("""
        services:
          web:
            image: busybox
            volumes:
              - data:/data:ro
              - ./site:/www
              - /etc/hosts:/h:rw
              - ../up:/up
              - /cache
              - ~/notes:/notes
        volumes:
          data:
        """);
    assertThat(s.volumes()).containsExactly(
        new ServiceVolume(Type.VOLUME, "data", "/data", true),
        new ServiceVolume(Type.BIND, dir.resolve("site").toString(), "/www", false),
        new ServiceVolume(Type.BIND, "/etc/hosts", "/h", false),
        new ServiceVolume(Type.BIND, dir.getParent().resolve("up").toString(), "/up", false),
        new ServiceVolume(Type.VOLUME, null, "/cache", false),
        new ServiceVolume(Type.BIND, Path.of(System.getProperty("user.home"), "notes").toString(), "/notes", false));
  }

  @Test
  void volumes_homeFromEnvironment_expandsTilde() {
    StackFile stack = read("services:\n  a:\n    image: x\n    volumes: [\"~/n:/n\"]\n", Map.of("HOME", "/home/ann"));
    assertThat(stack.services().getFirst().volumes()).containsExactly(new ServiceVolume(Type.BIND, "/home/ann/n", "/n", false));
  }

  @Test
  void volumes_longSyntax_isParsed() {
    Service s = only("""
        services:
          web:
            image: busybox
            volumes:
              - type: volume
                source: data
                target: /data
                read_only: true
              - type: bind
                source: ./conf
                target: /conf
              - type: tmpfs
                target: /tmp
        volumes:
          data: {}
        """);
    assertThat(s.volumes()).containsExactly(
        new ServiceVolume(Type.VOLUME, "data", "/data", true),
        new ServiceVolume(Type.BIND, dir.resolve("conf").toString(), "/conf", false),
        new ServiceVolume(Type.TMPFS, null, "/tmp", false));
  }

  @Test
  void environment_mapForm_takesScalarsAsTextAndNullFromEnvironment() {
    Service s = read("""
        services:
          web:
            image: busybox
            environment:
              DEBUG: true
              PORT: 8080
              NAME: shop
              FROM_SHELL:
              MISSING:
        """, Map.of("FROM_SHELL", "yes")).services().getFirst();
    assertThat(s.environment()).containsExactly(
        Map.entry("DEBUG", "true"), Map.entry("PORT", "8080"), Map.entry("NAME", "shop"), Map.entry("FROM_SHELL", "yes"));
  }

  @Test
  void environment_listForm_splitsAtFirstEqualsAndLooksUpBareNames() {
    Service s = read("""
        services:
          web:
            image: busybox
            environment:
              - A=1
              - B=x=y
              - C=
              - FROM_SHELL
              - MISSING
        """, Map.of("FROM_SHELL", "v")).services().getFirst();
    assertThat(s.environment()).containsExactly(
        Map.entry("A", "1"), Map.entry("B", "x=y"), Map.entry("C", ""), Map.entry("FROM_SHELL", "v"));
  }

  @Test
  void envFile_stringAndList_areReadRelativeToTheFileAndEnvironmentWins() throws IOException {
    Files.writeString(dir.resolve("common.env"), "# shared\nA=from-common\nB=from-common\n");
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/web.env"), "B=from-web\nC='quoted # not a comment'\n");
    StackFile stack = read("""
        services:
          one:
            image: busybox
            env_file: common.env
          two:
            image: busybox
            env_file: [common.env, ./conf/web.env]
            environment:
              A: explicit
        """);
    assertThat(stack.service("one").orElseThrow().environment()).containsExactly(Map.entry("A", "from-common"), Map.entry("B", "from-common"));
    assertThat(stack.service("two").orElseThrow().environment())
        .containsEntry("A", "explicit").containsEntry("B", "from-web").containsEntry("C", "quoted # not a comment");
  }

  @Test
  void envFile_optionalMissingFile_isSkipped() {
    Service s = only("services:\n  a:\n    image: x\n    env_file:\n      - path: nope.env\n        required: false\n");
    assertThat(s.environment()).isEmpty();
  }

  @Test
  void command_string_isSplitAsAShellSplitsWords() {
    Service s = only("""
        services:
          web:
            image: busybox
            command: sh -c 'echo "hello world" && sleep 1' "a b" c\\ d
            entrypoint: ["/bin/tini", "--"]
        """);
    assertThat(s.command()).containsExactly("sh", "-c", "echo \"hello world\" && sleep 1", "a b", "c d");
    assertThat(s.entrypoint()).containsExactly("/bin/tini", "--");
  }

  @Test
  void command_emptyList_isKeptEmptyNotNull() {
    assertThat(only("services:\n  a:\n    image: x\n    entrypoint: []\n").entrypoint()).isEmpty();
  }

  @Test
  void dependsOn_listAndMapForms_giveConditions() {
    StackFile stack = read("""
        services:
          db:
            image: busybox
          init:
            image: busybox
          cache:
            image: busybox
          web:
            image: busybox
            depends_on:
              db:
                condition: service_healthy
              init:
                condition: service_completed_successfully
              cache:
          api:
            image: busybox
            depends_on: [db, cache]
        """);
    assertThat(stack.service("web").orElseThrow().dependsOn()).containsExactly(
        new DependsOn("db", DependsOn.Condition.HEALTHY),
        new DependsOn("init", DependsOn.Condition.COMPLETED_SUCCESSFULLY),
        new DependsOn("cache", DependsOn.Condition.STARTED));
    assertThat(stack.service("api").orElseThrow().dependsOn()).containsExactly(
        new DependsOn("db", DependsOn.Condition.STARTED), new DependsOn("cache", DependsOn.Condition.STARTED));
  }

  @Test
  void networks_listAndMapWithAliases_areRead() {
    StackFile stack = read("""
        services:
          a:
            image: busybox
            networks: [front, back]
          b:
            image: busybox
            networks:
              back:
                aliases: [database, db]
              default:
        networks:
          front:
          back:
            driver: bridge
            internal: true
            labels: [tier=back]
            ipam:
              config:
                - subnet: 10.9.0.0/24
                  gateway: 10.9.0.1
          outside:
            external: true
          named:
            name: real-net
        """);
    assertThat(stack.service("a").orElseThrow().networks())
        .containsExactly(new ServiceNetwork("front", List.of()), new ServiceNetwork("back", List.of()));
    assertThat(stack.service("b").orElseThrow().networks())
        .containsExactly(new ServiceNetwork("back", List.of("database", "db")), new ServiceNetwork("default", List.of()));
    assertThat(stack.networks()).containsExactly(
        new NetworkDecl("front", false, null, null, false, null, null, Map.of(), new StackLocation("stack.yml", 12)),
        new NetworkDecl("back", false, null, "bridge", true, "10.9.0.0/24", "10.9.0.1", Map.of("tier", "back"), new StackLocation("stack.yml", 13)),
        new NetworkDecl("outside", true, "outside", null, false, null, null, Map.of(), new StackLocation("stack.yml", 21)),
        new NetworkDecl("named", false, "real-net", null, false, null, null, Map.of(), new StackLocation("stack.yml", 23)));
  }

  @Test
  void volumes_topLevel_declarationsAreRead() {
    StackFile stack = read("""
        services:
          a:
            image: busybox
        volumes:
          data:
          shared:
            external: true
          opts:
            driver: local
            driver_opts: {type: tmpfs, device: tmpfs}
            labels: {team: web}
            name: opts-real
        """);
    assertThat(stack.volumes()).containsExactly(
        new VolumeDecl("data", false, null, null, Map.of(), Map.of(), new StackLocation("stack.yml", 5)),
        new VolumeDecl("shared", true, "shared", null, Map.of(), Map.of(), new StackLocation("stack.yml", 6)),
        new VolumeDecl("opts", false, "opts-real", "local", Map.of("type", "tmpfs", "device", "tmpfs"), Map.of("team", "web"),
            new StackLocation("stack.yml", 8)));
  }

  @Test
  void links_withAndWithoutAlias_andVolumesFrom_areRead() {
    StackFile stack = read("""
        services:
          db:
            image: busybox
          home:
            image: busybox
          web:
            image: busybox
            links: [db, "db:database"]
            volumes_from: [home, "home:ro", "container:other"]
        """);
    Service web = stack.service("web").orElseThrow();
    assertThat(web.links()).containsExactly(new Link("db", "db"), new Link("db", "database"));
    assertThat(web.volumesFrom()).containsExactly("home", "home:ro", "container:other");
  }

  @Test
  void healthcheck_stringTestAndDurations_becomeCmdShellAndNanoseconds() {
    Healthcheck h = only("""
        services:
          web:
            image: busybox
            healthcheck:
              test: wget -q -O- http://localhost/ || exit 1
              interval: 1m30s
              timeout: 500ms
              start_period: 1.5s
              start_interval: 2s
              retries: 3
        """).healthcheck();
    assertThat(h).isEqualTo(new Healthcheck(List.of("CMD-SHELL", "wget -q -O- http://localhost/ || exit 1"),
        90_000_000_000L, 500_000_000L, 1_500_000_000L, 2_000_000_000L, 3));
  }

  @Test
  void healthcheck_listTestAndDisable_areKept() {
    StackFile stack = read("""
        services:
          a:
            image: busybox
            healthcheck:
              test: ["CMD", "true"]
          b:
            image: busybox
            healthcheck:
              disable: true
        """);
    assertThat(stack.service("a").orElseThrow().healthcheck().test()).containsExactly("CMD", "true");
    assertThat(stack.service("b").orElseThrow().healthcheck().disabled()).isTrue();
  }

  @Test
  void build_stringAndMapForms_makeTheContextAbsolute() {
    StackFile stack = read("""
        services:
          a:
            build: ./app
          b:
            image: registry.local/b:1
            build:
              context: svc
              dockerfile: Dockerfile.dev
              args:
                VERSION: "1.2"
                FROM_SHELL:
              target: runtime
          c:
            build:
              args: [X=1]
        """, Map.of("FROM_SHELL", "s"));
    Service a = stack.service("a").orElseThrow();
    assertThat(a.image()).isNull();
    assertThat(a.build()).isEqualTo(new Service.BuildSpec(dir.resolve("app").toString(), null, Map.of(), null));
    assertThat(stack.service("b").orElseThrow().build()).isEqualTo(new Service.BuildSpec(
        dir.resolve("svc").toString(), "Dockerfile.dev", Map.of("VERSION", "1.2", "FROM_SHELL", "s"), "runtime"));
    assertThat(stack.service("c").orElseThrow().build().context()).isEqualTo(dir.toString());
  }

  @Test
  void scalarsAndLists_restLabelsCapsAndFlags_areRead() {
    Service s = only("""
        services:
          web:
            image: busybox
            restart: unless-stopped
            labels: [tier=front, "empty"]
            hostname: web1
            user: 1000
            working_dir: /srv
            privileged: true
            cap_add: [NET_ADMIN]
            cap_drop: [ALL]
            expose: [3000, "4000/udp"]
        """);
    assertThat(s.restart()).isEqualTo("unless-stopped");
    assertThat(s.labels()).containsExactly(Map.entry("tier", "front"), Map.entry("empty", ""));
    assertThat(s.hostname()).isEqualTo("web1");
    assertThat(s.user()).isEqualTo("1000");
    assertThat(s.workingDir()).isEqualTo("/srv");
    assertThat(s.privileged()).isTrue();
    assertThat(s.capAdd()).containsExactly("NET_ADMIN");
    assertThat(s.capDrop()).containsExactly("ALL");
    assertThat(s.expose()).containsExactly("3000", "4000/udp");
  }

  @Test
  void restart_unquotedNo_isTheNoPolicy() {
    assertThat(only("services:\n  a:\n    image: x\n    restart: no\n").restart()).isEqualTo("no");
    assertThat(only("services:\n  a:\n    image: x\n    restart: on-failure:3\n").restart()).isEqualTo("on-failure:3");
  }

  @Test
  void extensionFieldsAndMergeKeys_areAppliedLikeCompose() {
    StackFile stack = read("""
        x-common: &common
          image: busybox
          restart: always
          environment: {A: "1"}
        services:
          a:
            <<: *common
            x-note: not read
          b:
            <<: *common
            restart: "no"
        """);
    assertThat(stack.service("a").orElseThrow().restart()).isEqualTo("always");
    assertThat(stack.service("a").orElseThrow().environment()).containsEntry("A", "1");
    assertThat(stack.service("b").orElseThrow().restart()).isEqualTo("no");
    assertThat(stack.service("b").orElseThrow().image()).isEqualTo("busybox");
  }
}
