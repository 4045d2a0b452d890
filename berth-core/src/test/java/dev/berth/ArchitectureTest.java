package dev.berth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the core's dependency direction honest: values at the bottom, services on top. */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
  }

  @Test
  void oci_dependsOnNoOtherBerthPackage() {
    noClasses().that().resideInAPackage("dev.berth.oci..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.image..", "dev.berth.storage..", "dev.berth.engine..", "dev.berth.sys..", "dev.berth.errors..")
        .check(core);
  }

  @Test
  void storage_doesNotReachUpIntoImagesOrEngine() {
    noClasses().that().resideInAPackage("dev.berth.storage..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.image..", "dev.berth.engine..")
        .check(core);
  }

  @Test
  void image_doesNotReachUpIntoEngine() {
    noClasses().that().resideInAPackage("dev.berth.image..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.engine..")
        .check(core);
  }

  @Test
  void lowLevelPackages_doNotDependOnEachOtherUpward() {
    noClasses().that().resideInAnyPackage("dev.berth.sys..", "dev.berth.errors..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.oci..", "dev.berth.image..", "dev.berth.storage..", "dev.berth.engine..")
        .check(core);
  }

  @Test
  void proxy_usesOnlyTheJdkErrorsAndSys() {
    classes().that().resideInAPackage("dev.berth.proxy..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.berth.proxy..", "dev.berth.errors..",
            "dev.berth.sys..")
        .check(core);
  }

  @Test
  void nativeLinker_isUsedOnlyByNativeCalls() {
    noClasses().that().doNotHaveFullyQualifiedName("dev.berth.sys.NativeCalls")
        .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.foreign.Linker")
        .because("every downcall is linked through dev.berth.sys.NativeCalls, the one place that says how")
        .check(core);
  }

  @Test
  void stacks_useOnlyTheEnginesServices() {
    noClasses().that().resideInAPackage("dev.berth.engine.stack..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.engine.container..", "dev.berth.engine.network..",
            "dev.berth.engine.volume..", "dev.berth.engine.image..", "dev.berth.image..", "dev.berth.storage..",
            "dev.berth.runtime.runc..", "dev.berth.runtime.monitor..")
        .check(core);
  }
}
