package io.muslin.bgp.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * muslin-bgp is a front end on the speaker API: it builds a desired state and reads status, and
 * does not reach into the RIB; it logs through SLF4J only.
 */
@AnalyzeClasses(packages = "io.muslin.bgp.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule throughTheApi = noClasses().should().dependOnClassesThat().resideInAPackage("io.muslin.bgp.rib..");

    @ArchTest
    static final ArchRule slf4jOnly = noClasses().should().dependOnClassesThat().resideInAPackage("java.util.logging..");

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.bgp.cli"));
    }
}
