package io.muslin.lab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The lab's architecture rules, on its compiled classes. */
class ArchitectureTest {
    private static final JavaClasses LAB = ArchitectureRules.productionClasses("io.muslin.lab");

    @Test
    void theTopologyAndTheConfigurationsArePure() {
        ArchitectureRules.pure("io.muslin.lab.topology..", "io.muslin.lab.config..").check(LAB);
    }

    @Test
    void theTopologyKnowsNothingOfTheDrivers() {
        noClasses().that().resideInAPackage("io.muslin.lab.topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.lab.driver..", "io.muslin.lab.check..",
                        "io.muslin.lab.config..")
                .check(LAB);
    }

    @Test
    void noPackageCycles() {
        ArchitectureRules.noPackageCycles("io.muslin.lab").check(LAB);
    }

    @Test
    void slf4jIsTheOneLoggingApi() {
        ArchitectureRules.slf4jIsTheOnlyLoggingApi().check(LAB);
    }

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.lab"));
    }
}
