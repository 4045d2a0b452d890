package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.testing.CliRun;
import org.junit.jupiter.api.Test;

/** The command tree itself: help, usage errors, completion, names and aliases; no daemon involved. */
class BerthCommandTest {
  static final String NOWHERE = "unix:///nonexistent/berth-test.sock";

  @Test
  void help_listsEveryCommandWithItsDescription() {
    CliRun run = CliRun.run(NOWHERE, "--help");
    assertThat(run.status()).isZero();
    for (String command : new String[] {"version", "info", "images", "inspect", "tag", "rmi", "history", "save", "load", "import", "events", "image", "system", "completion"}) {
      assertThat(run.out()).containsPattern("(?m)^  " + command + " +\\S");
    }
  }

  @Test
  void help_lazyTree_printsExactlyWhatTheFullTreePrints() {
    for (String[] args : new String[][] {{"--help"}, {"image", "--help"}, {"system", "--help"}, {"images", "--help"}}) {
      java.io.StringWriter lazy = new java.io.StringWriter();
      java.io.StringWriter full = new java.io.StringWriter();
      Berth.commandLine(context(), args).setOut(new java.io.PrintWriter(lazy)).execute(args);
      Berth.commandLine(context()).setOut(new java.io.PrintWriter(full)).execute(args);
      assertThat(lazy.toString()).as(String.join(" ", args)).isNotEmpty().isEqualTo(full.toString());
    }
  }

  @Test
  void lazyTree_onlyNamedCommandsAreBuilt() {
    picocli.CommandLine tree = Berth.commandLine(context(), "-H", "unix:///x.sock", "image", "ls", "-q");
    assertThat((Object) tree.getSubcommands().get("image").getSubcommands().get("ls").getCommand()).isInstanceOf(dev.berth.cli.image.ImagesCommand.class);
    assertThat(tree.getSubcommands().get("images").getCommandSpec().userObject()).isNull();
    assertThat(tree.getSubcommands().get("system").getCommandSpec().userObject()).isNull();
    assertThat(tree.getSubcommands().get("image").getSubcommands().get("rm").getCommandSpec().userObject()).isNull();
  }

  @Test
  void unknownCommand_lazyTree_exits125WithPointerToHelp() {
    CliRun run = CliRun.run(NOWHERE, "imagez");
    assertThat(run.status()).isEqualTo(125);
    assertThat(run.err()).isEqualTo("Unmatched argument at index 0: 'imagez'\nSee 'berth --help'.\n");
  }

  static CliContext context() {
    return new CliContext(java.util.Map.of(), java.io.InputStream.nullInputStream(), java.io.OutputStream.nullOutputStream(),
        java.io.OutputStream.nullOutputStream(), new CliContext.Terminals(false, false), java.time.Clock.systemUTC());
  }

  @Test
  void imageHelp_listsSubcommandsAndAliases() {
    String out = CliRun.run(NOWHERE, "image", "--help").out();
    assertThat(out).contains("ls, list").contains("rm, remove").contains("prune").contains("bootstrap");
    assertThat(CliRun.run(NOWHERE, "system").out()).contains("df").contains("prune").contains("events");
  }

  @Test
  void unknownOption_exits125WithPointerToHelp() {
    CliRun run = CliRun.run(NOWHERE, "images", "--bogus");
    assertThat(run.status()).isEqualTo(125);
    assertThat(run.err()).isEqualTo("Unknown option: '--bogus'\nSee 'berth images --help'.\n");
  }

  @Test
  void missingArgument_exits125() {
    CliRun run = CliRun.run(NOWHERE, "tag", "only-one");
    assertThat(run.status()).isEqualTo(125);
    assertThat(run.err()).contains("TARGET_IMAGE").contains("See 'berth tag --help'.");
  }

  @Test
  void version_flag_printsClientVersionOnly() {
    assertThat(CliRun.run(NOWHERE, "-v").out()).isEqualTo("Berth version 0.1.0\n");
  }

  @Test
  void completionBash_generatesScriptForTheTree() {
    CliRun run = CliRun.run(NOWHERE, "completion", "bash");
    assertThat(run.status()).isZero();
    assertThat(run.out()).contains("complete -F _complete_berth").contains("images").contains("bootstrap").contains("--no-trunc");
  }

  @Test
  void completion_unknownShell_fails() {
    CliRun run = CliRun.run(NOWHERE, "completion", "tcsh");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("unsupported shell \"tcsh\"");
  }

  @Test
  void hostFlag_badScheme_reportedAsInvalidArgument() {
    CliRun run = CliRun.run(null, "-H", "fd://box", "images");
    assertThat(run.status()).isEqualTo(1);
    assertThat(run.err()).contains("invalid daemon host \"fd://box\"");
  }

  @Test
  void hostFlag_winsOverEnvironment() {
    CliRun run = CliRun.run("unix:///from/env.sock", "-H", "unix:///from/flag.sock", "images");
    assertThat(run.err()).isEqualTo("Cannot connect to the Berth daemon at unix:///from/flag.sock. Is berthd running?\n");
  }
}
