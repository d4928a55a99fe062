package io.muslin.routing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The planner ({@code io.muslin.routing}) and the reconciler ({@code io.muslin.routing.reconcile})
 * are plain Java: no FFM, no processes, no Linux netlink classes, no threads of their own. Only
 * {@code io.muslin.routing.linux} reaches the real kernel. The module depends on no Muslin module
 * but net-types and netlink (the agent adapts BGP and datastore types), its packages form no
 * cycle, and SLF4J is the one logging API.
 */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.muslin.routing");

    @Test
    void plannerAndReconcilerArePlainJava() {
        noClasses().that().resideInAnyPackage("io.muslin.routing", "io.muslin.routing.reconcile..")
                .should().dependOnClassesThat().resideInAnyPackage("java.lang.foreign..", "io.muslin.netlink.linux..",
                        "io.muslin.routing.linux..", "java.util.concurrent..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .check(classes);
    }

    @Test
    void nothingHereTouchesForeignMemory() {
        noClasses().should().dependOnClassesThat().resideInAPackage("java.lang.foreign..").check(classes);
    }

    @Test
    void dependsOnNoOtherMuslinModuleThanNetTypesAndNetlink() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.muslin.bgp..", "io.muslin.datastore..",
                "io.muslin.ipam..", "io.muslin.policy..", "io.muslin.agent..", "io.muslin.testing..").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.muslin.routing.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void slf4jIsTheOneLoggingApi() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(System.Logger.class.getName())
                .orShould().dependOnClassesThat().resideInAPackage("java.util.logging..")
                .check(classes);
    }

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.routing"));
    }
}
