package dev.berth.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The CLI is a client of the wire protocol only: it never reaches into the engine, the stores or the daemon. */
class CliArchitectureTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      // Not ImportOption.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and builds here may use
      // -Dberth.target=target-NAME.
      .withImportOption(location -> !location.contains("/test-classes/"))
      .importPackages("dev.berth.cli", "dev.berth.client");

  @Test
  void cliAndClient_useNoEngineStoreOrDaemonCode() {
    noClasses().that().resideInAnyPackage("dev.berth.cli..", "dev.berth.client..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.engine..", "dev.berth.image..", "dev.berth.storage..", "dev.berth.api..", "dev.berth.daemon..")
        .check(CLASSES);
  }

  /** Only {@code manifest inspect} talks to registries itself (as docker's CLI does); every other command goes through berthd. */
  @Test
  void onlyManifestInspect_usesTheRegistryClient() {
    noClasses().that().resideInAnyPackage("dev.berth.cli..", "dev.berth.client..")
        .and().resideOutsideOfPackage("dev.berth.cli.registry.manifest")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.oci..", "dev.berth.registry..")
        .check(CLASSES);
  }

  @Test
  void client_doesNotKnowTheCommands() {
    noClasses().that().resideInAPackage("dev.berth.client..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.cli..")
        .check(CLASSES);
  }

  @Test
  void format_knowsNothingOfCommandsOrDaemon() {
    noClasses().that().resideInAPackage("dev.berth.cli.format..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.client..", "picocli..")
        .check(CLASSES);
  }

  @Test
  void tty_knowsNothingOfCommandsOrDaemon() {
    noClasses().that().resideInAPackage("dev.berth.cli.tty..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.client..", "picocli..", "dev.berth.cli.container..")
        .check(CLASSES);
  }
}
