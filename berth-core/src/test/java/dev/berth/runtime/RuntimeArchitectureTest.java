package dev.berth.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the container model below the engine: states depend on errors only, containers never reach up; the
 * runtime spec records sit at the bottom, spec generation and the runc driver beside each other; the container
 * model may use specgen's values but not the reverse; the bundle translator sits above container and specgen.
 */
class RuntimeArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
  }

  @Test
  void state_dependsOnlyOnErrors() {
    noClasses().that().resideInAPackage("dev.berth.runtime.state..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.oci..", "dev.berth.image..", "dev.berth.storage..", "dev.berth.engine..", "dev.berth.sys..",
            "dev.berth.runtime.container..")
        .check(core);
  }

  @Test
  void container_doesNotReachIntoEngineImagesOrStorage() {
    noClasses().that().resideInAPackage("dev.berth.runtime.container..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.image..", "dev.berth.storage..", "dev.berth.engine..", "dev.berth.sys..")
        .check(core);
  }

  @Test
  void lowerPackages_doNotDependOnRuntime() {
    noClasses().that().resideInAnyPackage("dev.berth.oci..", "dev.berth.errors..", "dev.berth.image..", "dev.berth.storage..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime..")
        .check(core);
  }

  @Test
  void runtime_doesNotReachUpIntoEngineImageOrStorage() {
    noClasses().that().resideInAPackage("dev.berth.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.engine..", "dev.berth.image..", "dev.berth.storage..")
        .check(core);
  }

  @Test
  void spec_dependsOnlyOnTheJsonCodec() {
    noClasses().that().resideInAPackage("dev.berth.runtime.spec")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.runtime.specgen..", "dev.berth.runtime.runc..", "dev.berth.runtime.container..",
            "dev.berth.runtime.state..", "dev.berth.errors..", "dev.berth.sys..")
        .check(core);
  }

  @Test
  void specgenAndRunc_doNotDependOnEachOther() {
    noClasses().that().resideInAPackage("dev.berth.runtime.specgen..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.runc..").check(core);
    noClasses().that().resideInAPackage("dev.berth.runtime.runc..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.specgen..").check(core);
  }

  @Test
  void specgen_doesNotDependOnTheContainerModel() {
    // The container model stores specgen's Ulimit; the reverse would make a cycle.
    noClasses().that().resideInAPackage("dev.berth.runtime.specgen..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.runtime.container..", "dev.berth.runtime.bundle..")
        .check(core);
  }

  @Test
  void lowerRuntimePackages_doNotDependOnBundle() {
    noClasses().that().resideInAnyPackage(
            "dev.berth.runtime.spec", "dev.berth.runtime.container..", "dev.berth.runtime.state..", "dev.berth.runtime.runc..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.bundle..")
        .check(core);
  }

  @Test
  void bundle_doesNotDriveRunc() {
    noClasses().that().resideInAPackage("dev.berth.runtime.bundle..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.runc..")
        .check(core);
  }
}
