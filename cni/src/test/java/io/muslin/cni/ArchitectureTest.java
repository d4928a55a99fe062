package io.muslin.cni;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The plugin's architecture rules, checked on its compiled classes. */
class ArchitectureTest {
    private static final JavaClasses CNI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.muslin.cni");

    @Test
    void theSpecificationPackageIsPure() {
        noClasses().that().resideInAPackage("io.muslin.cni.spec..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.netlink..", "io.muslin.datastore..",
                        "io.muslin.ipam..", "io.etcd..", "io.grpc..", "io.netty..", "java.lang.foreign..", "io.muslin.cni.plugin..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .check(CNI);
    }

    @Test
    void theThinClientUsesTheJdkOnly() {
        noClasses().that().resideInAPackage("io.muslin.cni.client..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "io.muslin.cni.client..")
                .check(CNI);
    }

    @Test
    void noIpSubprocessesOnThePluginPath() {
        noClasses().that().resideInAnyPackage("io.muslin.cni.plugin..", "io.muslin.cni.spec..", "io.muslin.cni.server..", "io.muslin.cni.client..")
                .should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Process.class.getName())
                .check(CNI);
    }

    @Test
    void slf4jIsTheOneLoggingApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.util.logging..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(System.Logger.class.getName())
                .check(CNI);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.muslin.cni.(*)..").should().beFreeOfCycles().check(CNI);
    }
}
