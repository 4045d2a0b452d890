package dev.berth.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI is a client of the wire protocol only: it never reaches into the engine, the stores or the daemon. */
class CliArchitectureTest {
  static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.berth.cli", "dev.berth.client");

  @Test
  void cliAndClient_useNoEngineStoreOrDaemonCode() {
    noClasses().that().resideInAnyPackage("dev.berth.cli..", "dev.berth.client..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.engine..", "dev.berth.image..", "dev.berth.storage..", "dev.berth.api..", "dev.berth.daemon..", "dev.berth.oci..")
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
}
