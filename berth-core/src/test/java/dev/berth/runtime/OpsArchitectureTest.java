package dev.berth.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the container operations (top, stats, archive copies) at the bottom of the runtime: they read the
 * host and the rootfs and never drive runc or know the container model; the engine wires them together.
 */
class OpsArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
  }

  @Test
  void topAndCgroups_dependOnlyOnErrors() {
    noClasses().that().resideInAnyPackage("dev.berth.runtime.top..", "dev.berth.runtime.cgroups..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.oci..", "dev.berth.sys..", "dev.berth.runtime.runc..", "dev.berth.runtime.spec..",
            "dev.berth.runtime.specgen..", "dev.berth.runtime.container..", "dev.berth.runtime.fs..")
        .check(core);
  }

  @Test
  void fs_usesNeitherRuncNorTheContainerModel() {
    noClasses().that().resideInAPackage("dev.berth.runtime.fs..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.runtime.runc..", "dev.berth.runtime.container..", "dev.berth.runtime.bundle..",
            "dev.berth.runtime.monitor..", "dev.berth.runtime.state..")
        .check(core);
  }

  @Test
  void nothingBelowTheEngine_usesTheOps() {
    noClasses().that().resideInAnyPackage("dev.berth.runtime.runc..", "dev.berth.runtime.spec..",
            "dev.berth.runtime.specgen..", "dev.berth.runtime.container..", "dev.berth.runtime.state..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.runtime.top..", "dev.berth.runtime.cgroups..", "dev.berth.runtime.fs..")
        .check(core);
  }
}
