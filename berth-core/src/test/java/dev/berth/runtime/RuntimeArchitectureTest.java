package dev.berth.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runtime's layering: wire records at the bottom, generation and the runc driver beside each other. */
class RuntimeArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
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
            "dev.berth.runtime.specgen..", "dev.berth.runtime.runc..", "dev.berth.errors..", "dev.berth.sys..")
        .check(core);
  }

  @Test
  void specgenAndRunc_doNotDependOnEachOther() {
    noClasses().that().resideInAPackage("dev.berth.runtime.specgen..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.runc..").check(core);
    noClasses().that().resideInAPackage("dev.berth.runtime.runc..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.specgen..").check(core);
  }
}
