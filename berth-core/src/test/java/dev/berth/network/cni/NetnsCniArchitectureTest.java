package dev.berth.network.cni;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The namespace and CNI parts stay host-level: no containers, images, storage or engine. */
class NetnsCniArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.berth");
  }

  @Test
  void netnsAndCni_dependOnlyOnSysErrorsAndTheNetworkModel() {
    noClasses().that().resideInAnyPackage("dev.berth.network.netns..", "dev.berth.network.cni..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.berth.engine..", "dev.berth.runtime..",
            "dev.berth.image..", "dev.berth.storage..", "dev.berth.oci..", "dev.berth.network.firewall..",
            "dev.berth.network.dns..", "dev.berth.proxy..")
        .check(core);
  }

  @Test
  void netns_doesNotUseCni() {
    noClasses().that().resideInAPackage("dev.berth.network.netns..")
        .should().dependOnClassesThat().resideInAPackage("dev.berth.network.cni..")
        .check(core);
  }
}
