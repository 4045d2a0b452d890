package dev.berth.registry;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the registry packages below the engine, and auth below the façade, as their package-info says. */
class RegistryArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
  }

  @Test
  void registry_doesNotReachUpIntoEngineStorageOrRuntime() {
    noClasses().that().resideInAPackage("dev.berth.registry..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.engine..", "dev.berth.storage..", "dev.berth.runtime..",
            "dev.berth.image.store..", "dev.berth.image.archive..", "dev.berth.image.layer..")
        .check(classes);
  }

  @Test
  void auth_doesNotUseTheFacadeOrThePullAndPushSteps() {
    noClasses().that().resideInAPackage("dev.berth.registry.auth..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.registry", "dev.berth.registry.pull..", "dev.berth.registry.push..")
        .check(classes);
  }

  @Test
  void pullAndPush_doNotUseEachOther() {
    noClasses().that().resideInAPackage("dev.berth.registry.pull..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.registry.push..").check(classes);
    noClasses().that().resideInAPackage("dev.berth.registry.push..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.registry.pull..").check(classes);
  }
}
