package dev.berth.cli.container;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.client.StreamFrames;
import dev.berth.testing.CliRun;
import dev.berth.testing.FakeDaemon;
import dev.berth.testing.FakeDaemon.Response;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run} and {@code create} against a scripted daemon: the create JSON, the call sequence, the streams, the exit status. */
class RunCommandTest {
  static final String ID = "c0ffee".repeat(10) + "abcd";
  static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path dir;
  FakeDaemon daemon;

  @BeforeEach
  void start() throws Exception {
    daemon = new FakeDaemon(dir);
  }

  @AfterEach
  void stop() throws Exception {
    daemon.close();
  }

  CliRun berth(String... args) {
    return CliRun.run(daemon.host(), args);
  }

  static JsonNode golden(String name) throws Exception {
    try (InputStream in = RunCommandTest.class.getResourceAsStream(name)) {
      return MAPPER.readTree(in);
    }
  }

  JsonNode createBody() throws Exception {
    return MAPPER.readTree(daemon.last("POST /containers/create").body());
  }

  void created() {
    daemon.route("POST /containers/create", Response.json(201, "{\"Id\":\"" + ID + "\",\"Warnings\":[]}"));
  }

  static void frame(OutputStream out, int stream, String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    out.write(StreamFrames.header(stream, b.length));
    out.write(b);
  }

  @Test
  void create_everyFlag_sendsWhatDockerSends() throws Exception {
    created();
    Path envFile = Files.writeString(dir.resolve("envf"), "A=1\n# c\nB\n");
    Path labelFile = Files.writeString(dir.resolve("lf"), "l1=x\n");
    CliRun run = berth("create", "-i", "-t", "--name", "web", "-e", "X=1", "-e", "Y", "--env-file", envFile.toString(), "-w", "/w",
        "-u", "1:2", "-h", "hh", "--entrypoint", "/bin/sh", "-l", "a=b", "--label-file", labelFile.toString(), "--read-only",
        "--privileged", "--cap-add", "NET_ADMIN", "--cap-drop", "MKNOD", "--security-opt", "no-new-privileges", "-m", "64m",
        "--memory-swap", "128m", "--cpus", "1.5", "--cpu-shares", "512", "--pids-limit", "100", "--ulimit", "nofile=1024:2048",
        "--restart", "on-failure:3", "--init", "--stop-signal", "SIGUSR1", "--stop-timeout", "7", "--tmpfs", "/t:size=1m",
        "-v", "/h:/c:ro", "-v", "vol:/d", "-v", "/anon", "--mount", "type=bind,src=/a,dst=/b,readonly",
        "--mount", "type=tmpfs,dst=/tm,tmpfs-size=1m", "--volumes-from", "other:ro", "--health-cmd", "true",
        "--health-interval", "5s", "--health-timeout", "2s", "--health-retries", "4", "--health-start-period", "1m",
        "--log-driver", "json-file", "--log-opt", "max-size=1m", "--network", "none", "--expose", "80", "--expose", "90/udp",
        "--platform", "linux/amd64", "busybox", "-c", "echo hi");
    assertThat(run.err()).isEmpty();
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo(ID + "\n");
    assertThat(createBody()).isEqualTo(golden("create-all-flags.json"));
    FakeDaemon.Request create = daemon.last("POST /containers/create");
    assertThat(create.param("name")).isEqualTo("web");
    assertThat(create.param("platform")).isEqualTo("linux/amd64");
  }

  @Test
  void create_networkFlags_sendPortBindingsExposedPortsEndpointsLinksAndDns() throws Exception {
    created();
    CliRun run = berth("create", "-p", "127.0.0.1:8080:80", "-p", "53/udp", "-p", "127.0.0.1::9000", "-P", "--network", "web",
        "--network-alias", "api", "--ip", "10.89.0.9", "--link", "db:database", "--dns", "10.0.0.53", "--dns-search", "corp",
        "--dns-option", "ndots:2", "--add-host", "h:1.2.3.4", "busybox");
    assertThat(run.err()).isEmpty();
    JsonNode body = createBody();
    JsonNode h = body.get("HostConfig");
    assertThat(h.get("NetworkMode").asText()).isEqualTo("web");
    assertThat(h.get("PortBindings").get("80/tcp").get(0).get("HostIp").asText()).isEqualTo("127.0.0.1");
    assertThat(h.get("PortBindings").get("80/tcp").get(0).get("HostPort").asText()).isEqualTo("8080");
    assertThat(h.get("PortBindings").get("53/udp").get(0).get("HostIp").asText()).isEmpty();
    assertThat(h.get("PortBindings").get("53/udp").get(0).get("HostPort").asText()).isEmpty();
    assertThat(h.get("PortBindings").get("9000/tcp").get(0).get("HostPort").asText()).isEmpty();
    assertThat(h.get("PublishAllPorts").asBoolean()).isTrue();
    assertThat(h.get("Links").get(0).asText()).isEqualTo("db:database");
    assertThat(h.get("Dns").get(0).asText()).isEqualTo("10.0.0.53");
    assertThat(h.get("DnsSearch").get(0).asText()).isEqualTo("corp");
    assertThat(h.get("DnsOptions").get(0).asText()).isEqualTo("ndots:2");
    assertThat(h.get("ExtraHosts").get(0).asText()).isEqualTo("h:1.2.3.4");
    assertThat(body.get("ExposedPorts").has("80/tcp")).isTrue();
    assertThat(body.get("ExposedPorts").has("53/udp")).isTrue();
    JsonNode ep = body.get("NetworkingConfig").get("EndpointsConfig").get("web");
    assertThat(ep.get("Aliases").get(0).asText()).isEqualTo("api");
    assertThat(ep.get("IPAMConfig").get("IPv4Address").asText()).isEqualTo("10.89.0.9");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-p|80/xyz|invalid argument \"80/xyz\" for \"-p, --publish\" flag: invalid proto: xyz",
      "-p|1:2:3:4|invalid argument \"1:2:3:4\" for \"-p, --publish\" flag: too many colons",
      "-p|8080:http|invalid argument \"8080:http\" for \"-p, --publish\" flag: invalid containerPort: http",
      "--network-alias|a|network-scoped alias is supported only for containers in user defined networks",
      "--ip|10.0.0.2|user specified IP address is supported on user defined networks only"})
  void create_badNetworkFlag_isRefusedBeforeAnyCall(String flag, String value, String message) {
    CliRun run = berth("create", flag, value, "busybox");
    assertThat(run.status()).isNotZero();
    assertThat(run.err()).contains(message);
    assertThat(daemon.requests()).noneMatch(r -> r.path().equals("/containers/create"));
  }

  @Test
  void create_attachStdoutNoHealthcheckEmptyEntrypoint_sendsWhatDockerSends() throws Exception {
    created();
    assertThat(berth("create", "--no-healthcheck", "-a", "stdout", "--entrypoint", "", "busybox").status()).isZero();
    assertThat(createBody()).isEqualTo(golden("create-attach-stdout.json"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "-m|10x|invalid argument \"10x\" for \"-m, --memory\" flag: invalid suffix: 'x'",
      "--restart|sometimes|invalid argument \"sometimes\" for \"--restart\" flag: invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'",
      "--cpus|abc|invalid argument \"abc\" for \"--cpus\" flag: failed to parse abc as a rational number",
      "--ulimit|foo=1|invalid argument \"foo=1\" for \"--ulimit\" flag: invalid ulimit type: foo",
      "--health-interval|5|invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"",
      "--pids-limit|x|invalid argument \"x\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"x\": invalid syntax",
      "--mount|type=volume|invalid argument \"type=volume\" for \"--mount\" flag: target is required",
      "-a|foo|invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR",
      "--security-opt|foo|Invalid --security-opt: \"foo\"",
      "--expose|abc|invalid range format for --expose: abc, error: strconv.ParseUint: parsing \"abc\": invalid syntax",
      "-e|=x|invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x",
      "--restart|always:3|invalid argument \"always:3\" for \"--restart\" flag: invalid restart policy: maximum retry count can only be used with 'on-failure'",
      "--memory-swap|1q|invalid argument \"1q\" for \"--memory-swap\" flag: invalid suffix: 'q'",
      "--pull|sideways|invalid argument \"sideways\" for \"--pull\" flag: invalid pull option: 'sideways': must be one of \"always\", \"missing\" or \"never\"",
  })
  void run_badFlagValue_exits125AndSendsNothing(String flag, String value, String message) {
    CliRun run = berth("run", flag, value, "busybox", "true");
    assertThat(run.status()).isEqualTo(125);
    assertThat(run.err()).isEqualTo(message + "\nSee 'berth run --help'.\n");
    assertThat(daemon.calls()).isEmpty();
  }

  @Test
  void run_restartWithRm_conflictsBeforeSending() {
    CliRun run = berth("run", "--rm", "--restart", "always", "busybox");
    assertThat(run.status()).isEqualTo(125);
    assertThat(run.err()).startsWith("Conflicting options: --restart and --rm\n");
    assertThat(daemon.calls()).isEmpty();
  }

  @Test
  void run_attached_createsAttachesWaitsStartsAndExitsWithContainerStatus() throws Exception {
    created();
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, out) -> {
      frame(out, 1, "to stdout\n");
      frame(out, 2, "to stderr\n");
      frame(out, 1, "more\n");
    });
    daemon.route("POST /containers/" + ID + "/wait", Response.ok("{\"StatusCode\":3,\"Error\":null}"));
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    CliRun run = berth("run", "--rm", "busybox", "true");
    assertThat(run.status()).isEqualTo(3);
    assertThat(run.out()).isEqualTo("to stdout\nmore\n");
    assertThat(run.err()).isEqualTo("to stderr\n");
    assertThat(daemon.calls()).containsExactly("GET /_ping", "POST /containers/create", "POST /containers/" + ID + "/attach",
        "POST /containers/" + ID + "/wait", "POST /containers/" + ID + "/start");
    assertThat(createBody()).isEqualTo(golden("run-rm.json"));
    FakeDaemon.Request attach = daemon.last("POST /containers/" + ID + "/attach");
    assertThat(attach.query().keySet()).containsExactlyInAnyOrder("stderr", "stdout", "stream");
    assertThat(attach.headers()).containsEntry("upgrade", "tcp").containsEntry("connection", "Upgrade");
    assertThat(daemon.last("POST /containers/" + ID + "/wait").param("condition")).isEqualTo("removed");
  }

  @Test
  void run_interactive_passesStdinAndHalfClosesAtItsEnd() throws Exception {
    created();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, out) -> {
      in.transferTo(received);
      frame(out, 1, "got " + received.size() + " bytes\n");
    });
    daemon.route("POST /containers/" + ID + "/wait", Response.ok("{\"StatusCode\":0}"));
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    CliRun run = CliRun.run(daemon.host(), "hello\n".getBytes(StandardCharsets.UTF_8), false, java.time.Clock.systemUTC(),
        "run", "-i", "busybox", "cat");
    assertThat(run.status()).isZero();
    assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
    assertThat(run.out()).isEqualTo("got 6 bytes\n");
    assertThat(daemon.last("POST /containers/" + ID + "/attach").param("stdin")).isEqualTo("1");
    assertThat(daemon.last("POST /containers/" + ID + "/wait").param("condition")).isEqualTo("next-exit");
  }

  @Test
  void run_detached_createsStartsAndPrintsId() {
    created();
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    CliRun run = berth("run", "-d", "--name", "web", "busybox", "sleep", "9");
    assertThat(run.status()).isZero();
    assertThat(run.out()).isEqualTo(ID + "\n");
    assertThat(daemon.calls()).containsExactly("GET /_ping", "POST /containers/create", "POST /containers/" + ID + "/start");
  }

  @Test
  void run_unknownImage_saysUnableToFindPullsAndExits125WhenThePullFails() {
    daemon.route("POST /containers/create", Response.error(404, "No such image: nope:latest"));
    daemon.route("POST /images/create", Response.error(404, "pulling manifest docker.io/library/nope:latest: manifest unknown"));
    CliRun run = berth("run", "nope");
    assertThat(run.status()).isEqualTo(125);
    assertThat(run.err()).isEqualTo("Unable to find image 'nope:latest' locally\n"
        + "berth: Error response from daemon: pulling manifest docker.io/library/nope:latest: manifest unknown\n\n"
        + "Run 'berth run --help' for more information\n");
    assertThat(daemon.calls()).containsExactly("GET /_ping", "POST /containers/create", "POST /images/create");
  }

  @Test
  void run_pullNever_doesNotPull() {
    daemon.route("POST /containers/create", Response.error(404, "No such image: nope:latest"));
    CliRun run = berth("run", "--pull", "never", "nope");
    assertThat(run.status()).isEqualTo(125);
    assertThat(run.err()).startsWith("berth: Error response from daemon: No such image: nope:latest");
    assertThat(daemon.calls()).containsExactly("GET /_ping", "POST /containers/create");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "exec: \"nope\": executable file not found in $PATH|127",
      "exec: \"/etc\": permission denied|126",
      "cgroup: no space left|125",
  })
  void run_startFails_exitsAsDockerDoes(String message, int status) {
    created();
    daemon.hijack("POST /containers/" + ID + "/attach", (request, in, out) -> {});
    daemon.route("POST /containers/" + ID + "/wait", Response.ok("{\"StatusCode\":0}"));
    daemon.route("POST /containers/" + ID + "/start", Response.error(400, message));
    CliRun run = berth("run", "busybox", "nope");
    assertThat(run.status()).isEqualTo(status);
    assertThat(run.err()).startsWith("berth: Error response from daemon: " + message + "\n");
  }

  @Test
  void run_ttyWithoutTerminalStdin_refusesBeforeCreating() {
    CliRun run = berth("run", "-it", "busybox", "sh");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("the input device is not a TTY\n");
    assertThat(daemon.calls()).isEmpty();
  }

  @Test
  void containerRun_spelling_runsTheSameCommand() {
    created();
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    assertThat(berth("container", "run", "-d", "busybox").out()).isEqualTo(ID + "\n");
    assertThat(daemon.calls()).contains("POST /containers/create");
  }

  @Test
  void run_optionsAfterImage_belongToTheCommand() throws Exception {
    created();
    daemon.route("POST /containers/" + ID + "/start", Response.json(204, ""));
    berth("run", "-d", "busybox", "ls", "-l", "--name", "x");
    assertThat(createBody().path("Cmd")).isEqualTo(MAPPER.valueToTree(List.of("ls", "-l", "--name", "x")));
    assertThat(daemon.last("POST /containers/create").param("name")).isNull();
  }
}
