package io.muslin.kube;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The sync talks to the datastore through its interface, starts no processes, and logs through SLF4J only. */
class ArchitectureTest {
    private final JavaClasses classes = ArchitectureRules.productionClasses("io.muslin.kube");

    @Test
    void theSyncUsesTheDatastoreInterfaceAndNoConcreteStore() {
        noClasses().that().resideInAPackage("io.muslin.kube..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.datastore.etcd..", "io.muslin.datastore.file..",
                        "io.etcd..", "io.grpc..")
                .check(classes);
        noClasses().that().resideInAPackage("io.muslin.kube..")
                .should().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .check(classes);
    }

    @Test
    void oneLoggingApiAndNoCycles() {
        ArchitectureRules.slf4jIsTheOnlyLoggingApi().check(classes);
        ArchitectureRules.noPackageCycles("io.muslin.kube").check(classes);
    }

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.kube"));
    }
}
