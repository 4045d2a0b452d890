package dev.berth.engine.exec;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Exec and health stand beside the container service, not on it: they reach containers only through
 * {@link ContainerLookup} and the ExecService interface, so the container service can use them freely.
 */
class ExecArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
  }

  @Test
  void execAndHealth_doNotUseTheContainerServiceOrFrontEnds() {
    noClasses().that().resideInAnyPackage("dev.berth.engine.exec..", "dev.berth.engine.health..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.engine.container..", "dev.berth.api..", "dev.berth.cli..", "dev.berth.daemon..",
            "dev.berth.runtime.monitor..", "dev.berth.image..", "dev.berth.storage..")
        .check(core);
  }

  @Test
  void health_usesExecOnlyThroughTheInterface() {
    noClasses().that().resideInAPackage("dev.berth.engine.health..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.engine.exec..")
        .check(core);
  }

  @Test
  void runcDriver_doesNotReachIntoTheEngine() {
    noClasses().that().resideInAPackage("dev.berth.runtime.runc..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.engine..", "dev.berth.sys..")
        .check(core);
  }
}
