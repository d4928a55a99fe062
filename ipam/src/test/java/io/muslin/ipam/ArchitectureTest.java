package io.muslin.ipam;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** IPAM is pure logic over the Datastore interface: no jetcd, gRPC, Netty, processes, nor a particular store. */
class ArchitectureTest {
    private final JavaClasses classes = ArchitectureRules.productionClasses("io.muslin.ipam");

    @Test
    void ipamTalksOnlyToTheDatastoreInterface() {
        ArchitectureRules.pure("io.muslin.ipam..").check(classes);
        noClasses().that().resideInAPackage("io.muslin.ipam..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.datastore.etcd..", "io.muslin.datastore.file..")
                .check(classes);
    }

    @Test
    void oneLoggingApiAndNoCycles() {
        ArchitectureRules.slf4jIsTheOnlyLoggingApi().check(classes);
        ArchitectureRules.noPackageCycles("io.muslin.ipam").check(classes);
    }

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.ipam"));
    }
}
