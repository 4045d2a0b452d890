package dev.berth.build.context;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The context package works on files only: the builder reaches images and containers, this package does not. */
class ContextArchitectureTest {
  @Test
  void context_dependsOnlyOnErrorsAmongBerthPackages() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.berth.build.context");
    noClasses().that().resideInAPackage("dev.berth.build.context..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.oci..", "dev.berth.image..", "dev.berth.storage..", "dev.berth.engine..",
            "dev.berth.runtime..", "dev.berth.sys..", "dev.berth.build.dockerfile..", "dev.berth.api..",
            "dev.berth.cli..")
        .check(classes);
  }
}
