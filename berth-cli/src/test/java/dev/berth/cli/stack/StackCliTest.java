package dev.berth.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.CliContext;
import dev.berth.cli.CliException;
import dev.berth.client.DaemonClient;
import dev.berth.stack.Service;
import dev.berth.stack.StackFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client-side parts of the stack commands: naming, build arguments, printed lines, prefixes, help words. */
class StackCliTest {
  @TempDir Path tmp;

  private static JsonNode json(String text) throws IOException {
    return DaemonClient.mapper().readTree(text);
  }

  private static StackFile stack(String name) {
    return new StackFile(name, List.of(), List.of(), List.of());
  }

  @Test
  void project_optionThenNameThenDirectory() throws IOException {
    Path file = Files.createDirectories(tmp.resolve("My Shop.v2")).resolve("compose.yaml");
    assertThat(StackFiles.project("given", stack("named"), file)).isEqualTo("given");
    assertThat(StackFiles.project(null, stack("named"), file)).isEqualTo("named");
    assertThat(StackFiles.project(null, stack(null), file)).isEqualTo("myshopv2");
    assertThatThrownBy(() -> StackFiles.project("Bad Name", stack(null), file))
        .isInstanceOf(CliException.class).hasMessageContaining("invalid project name 'Bad Name' (-p)");
  }

  @Test
  void locate_withoutFile_findsComposeNamesInOrder() throws IOException {
    assertThatThrownBy(() -> StackFiles.locate(null, tmp)).isInstanceOf(CliException.class).hasMessageContaining("no stack file");
    Files.writeString(tmp.resolve("docker-compose.yml"), "services: {}\n");
    assertThat(StackFiles.locate(null, tmp)).isEqualTo(tmp.resolve("docker-compose.yml"));
    Files.writeString(tmp.resolve("compose.yaml"), "services: {}\n");
    assertThat(StackFiles.locate(null, tmp)).isEqualTo(tmp.resolve("compose.yaml"));
    assertThat(StackFiles.locate("sub/other.yml", tmp)).isEqualTo(Path.of("sub/other.yml"));
  }

  @Test
  void buildArguments_tagDockerfileArgsTargetContext() {
    Service.BuildSpec spec = new Service.BuildSpec("/src/app", "Dockerfile.dev", Map.of("V", "1"), "runtime");
    assertThat(ImageBuilds.arguments(spec, "shop-app")).containsExactly(
        "build", "-t", "shop-app", "-f", "/src/app/Dockerfile.dev", "--build-arg", "V=1", "--target", "runtime", "/src/app");
    assertThat(ImageBuilds.arguments(new Service.BuildSpec("/src", null, Map.of(), null), "x"))
        .containsExactly("build", "-t", "x", "/src");
  }

  @Test
  void step_linesSayWhatHappenedAndWhy() throws IOException {
    assertThat(StepLines.step(json("""
        {"step": {"kind": "SERVICE", "name": "web", "action": "RECREATE", "reason": "config changed: environment"}, "outcome": "DONE"}""")))
        .isEqualTo("service web: recreated (config changed: environment)");
    assertThat(StepLines.step(json("""
        {"step": {"kind": "SERVICE", "name": "db", "action": "CREATE", "reason": "no container"}, "outcome": "FAILED", "error": "No such image: pg"}""")))
        .isEqualTo("service db: FAILED to create: No such image: pg");
    assertThat(StepLines.step(json("""
        {"step": {"kind": "NETWORK", "name": "shop_default", "action": "KEEP", "reason": "exists"}, "outcome": "DONE"}""")))
        .isEqualTo("network shop_default: unchanged (exists)");
  }

  @Test
  void summary_unchangedReportSaysSo_elseCountsPerAction() throws IOException {
    JsonNode unchanged = json("""
        {"results": [{"step": {"action": "KEEP"}, "outcome": "DONE"}, {"step": {"action": "KEEP"}, "outcome": "DONE"}]}""");
    assertThat(StepLines.summary("shop", unchanged)).isEqualTo("shop: up to date, nothing changed");
    assertThat(StepLines.failed(unchanged)).isFalse();
    JsonNode mixed = json("""
        {"results": [{"step": {"action": "CREATE"}, "outcome": "DONE"}, {"step": {"action": "KEEP"}, "outcome": "DONE"},
                     {"step": {"action": "RECREATE"}, "outcome": "FAILED"}, {"step": {"action": "CREATE"}, "outcome": "DONE"}]}""");
    assertThat(StepLines.summary("shop", mixed)).isEqualTo("shop: 2 created, 1 unchanged, 1 failed");
    assertThat(StepLines.failed(mixed)).isTrue();
  }

  @Test
  void planRows_areLowercaseActionsAndKinds() throws IOException {
    List<Map<String, String>> rows = StepLines.planRows(json("""
        {"project": "shop", "steps": [{"kind": "SERVICE", "name": "web", "action": "CREATE", "reason": "no container"}]}"""));
    assertThat(rows).containsExactly(Map.of("Action", "create", "Kind", "service", "Name", "web", "Reason", "no container"));
  }

  @Test
  void lsRow_showsServicesRunningAndAge() throws IOException {
    Map<String, String> row = StackLsCommand.row(json("""
        {"project": "shop", "services": ["db", "web"], "running": 1, "total": 2, "updated": "2026-11-28T10:00:00Z"}"""),
        Instant.parse("2026-11-28T10:05:00Z"));
    assertThat(row).containsEntry("Name", "shop").containsEntry("Services", "db,web").containsEntry("Running", "1/2")
        .containsEntry("Updated", "5 minutes ago");
  }

  @Test
  void prefixedLines_prefixEveryLineAndFlushTheLastOne() throws IOException {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (PrefixedLines out = new PrefixedLines("web-1 | ", target)) {
      out.write("one\ntw".getBytes(StandardCharsets.UTF_8));
      out.write("o\nthree".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("web-1 | one\nweb-1 | two\nweb-1 | three\n");
  }

  @Test
  void helpTexts_sayTheSameWordsAsTheDocs() throws IOException {
    String docs = normalise(Files.readString(Path.of("..", "docs", "stacks.md")));
    CliContext ctx = new CliContext(Map.of(), new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
        new ByteArrayOutputStream(), new CliContext.Terminals(false, false), Clock.systemUTC());
    List<CommandLine> commands = List.of(new CommandLine(new ApplyCommand(ctx)), new CommandLine(new StackLsCommand(ctx)),
        new CommandLine(new StackPsCommand(ctx)), new CommandLine(new StackLogsCommand(ctx)), new CommandLine(new StackDownCommand(ctx)));
    for (CommandLine c : commands) {
      assertThat(docs).contains(normalise(String.join(" ", c.getCommandSpec().usageMessage().description())));
    }
    for (String option : List.of("--dry-run", "--remove-orphans", "--build")) {
      String description = String.join(" ", commands.getFirst().getCommandSpec().findOption(option).description());
      assertThat(docs).contains(normalise(description));
    }
  }

  private static String normalise(String text) {
    return text.replace("`", "").replaceAll("\\s+", " ").toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
  }
}
