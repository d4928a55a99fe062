package io.muslin.datastore;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The contract, the resource model and the caches know no store: jetcd and gRPC live in
 * {@code etcd}, files in {@code file}. One logging API, no package cycles.
 */
class ArchitectureTest {
    private final JavaClasses classes = ArchitectureRules.productionClasses("io.muslin.datastore");

    @Test
    void modelContractAndCachesAreFreeOfStores() {
        ArchitectureRules.pure("io.muslin.datastore", "io.muslin.datastore.model..", "io.muslin.datastore.cache..")
                .check(classes);
        noClasses().that().resideInAnyPackage("io.muslin.datastore", "io.muslin.datastore.model..", "io.muslin.datastore.cache..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.datastore.etcd..", "io.muslin.datastore.file..")
                .check(classes);
    }

    @Test
    void theModelIsPlainData() {
        noClasses().that().resideInAPackage("io.muslin.datastore.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.datastore", "io.muslin.datastore.cache..",
                        "java.nio.file..", "java.net..")
                .check(classes);
    }

    @Test
    void oneLoggingApiAndNoCycles() {
        ArchitectureRules.slf4jIsTheOnlyLoggingApi().check(classes);
        ArchitectureRules.noPackageCycles("io.muslin.datastore").check(classes);
    }

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.datastore"));
    }
}
