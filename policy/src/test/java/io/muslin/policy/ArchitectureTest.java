package io.muslin.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * Pure packages (model, render, apply) start no process and read no file: side effects stay behind
 * the interfaces of {@code dataplane}. The module uses no other Muslin module than the net types.
 */
class ArchitectureTest {
    private final JavaClasses classes = ArchitectureRules.productionClasses("io.muslin.policy");

    @Test
    void purePackagesStartNoProcessesAndReadNoFiles() {
        String[] pure = {"io.muslin.policy.model..", "io.muslin.policy.render..", "io.muslin.policy.apply.."};
        ArchitectureRules.pure(pure).check(classes);
        noClasses().that().resideInAnyPackage(pure)
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
                .check(classes);
    }

    @Test
    void theModelKnowsNothingOfRulesOrTools() {
        noClasses().that().resideInAPackage("io.muslin.policy.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.policy.render..", "io.muslin.policy.apply..",
                        "io.muslin.policy.dataplane..", "io.muslin.policy.fake..")
                .check(classes);
    }

    @Test
    void policyUsesNoOtherMuslinModuleThanTheNetTypes() {
        noClasses().that().resideInAPackage("io.muslin.policy..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("another Muslin module",
                        c -> c.getPackageName().startsWith("io.muslin.") && !c.getPackageName().startsWith("io.muslin.policy")
                                && !c.getPackageName().equals("io.muslin.net")))
                .check(classes);
    }

    @Test
    void oneLoggingApiAndNoCycles() {
        ArchitectureRules.slf4jIsTheOnlyLoggingApi().check(classes);
        ArchitectureRules.noPackageCycles("io.muslin.policy").check(classes);
    }

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.policy"));
    }
}
