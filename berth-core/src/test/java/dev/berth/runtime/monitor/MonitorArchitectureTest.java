package dev.berth.runtime.monitor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The monitor sits beside the runc driver: it may start and delete through runc, never reach higher. */
class MonitorArchitectureTest {
  private static final JavaClasses CORE =
      new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");

  @Test
  void monitor_usesOnlyRuncSysOciAndErrors() {
    noClasses().that().resideInAPackage("dev.berth.runtime.monitor..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "dev.berth.runtime.specgen..", "dev.berth.runtime.container..", "dev.berth.runtime.state..",
            "dev.berth.engine..", "dev.berth.image..", "dev.berth.storage..")
        .check(CORE);
  }

  @Test
  void runc_doesNotDependOnTheMonitor() {
    noClasses().that().resideInAPackage("dev.berth.runtime.runc..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.runtime.monitor..")
        .check(CORE);
  }
}
