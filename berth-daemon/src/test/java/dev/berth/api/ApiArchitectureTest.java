package dev.berth.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API reaches the engine only through its services, and Netty stays inside the transport. */
class ApiArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.berth.api", "dev.berth.daemon");

  @Test
  void api_doesNotReachIntoStorageImageInternalsOrTheDaemon() {
    noClasses().that().resideInAPackage("dev.berth.api..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.storage..", "dev.berth.image..", "dev.berth.daemon..", "dev.berth.sys..")
        .check(CLASSES);
  }

  @Test
  void netty_isUsedOnlyByTheTransport() {
    noClasses().that().resideOutsideOfPackage("dev.berth.api.transport..")
        .should().dependOnClassesThat().resideInAPackage("io.netty..")
        .check(CLASSES);
  }

  @Test
  void daemon_usesTheEngineOnlyThroughItsFacade() {
    noClasses().that().resideInAPackage("dev.berth.daemon..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.storage..", "dev.berth.image..", "dev.berth.api.transport..")
        .check(CLASSES);
  }
}
