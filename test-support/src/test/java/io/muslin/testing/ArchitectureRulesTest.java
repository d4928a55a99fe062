package io.muslin.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The shared rule that keeps skips honest reports each way of skipping silently, and accepts the honest one. */
class ArchitectureRulesTest {

    static final class SkipsThroughAssumptions {
        void check() {
            Assumptions.assumeTrue(false, "bird missing");
        }
    }

    @Disabled("flaky")
    static final class DisabledClass {
    }

    static final class ConditionOnAMethod {
        @EnabledIfEnvironmentVariable(named = "HAVE_BIRD", matches = "1")
        void check() {
        }
    }

    static final class SkipsThroughPrerequisites {
        void check() {
            Prerequisites.require(Prerequisites.executableReason("bird2", "/usr/sbin/bird"));
        }
    }

    @EnabledIfSystemProperty(named = "golden.capture", matches = "true")
    static final class ToolRunByHand {
    }

    private static EvaluationResult evaluate(Class<?> c) {
        return ArchitectureRules.testsSkipOnlyThroughPrerequisites().evaluate(new ClassFileImporter().importClasses(c));
    }

    @Test
    void theTestClassesOfAPackageAreFoundWithoutTheProductionOnes() {
        assertThat(ArchitectureRules.testClasses("io.muslin.testing").contain(ArchitectureRulesTest.class)).isTrue();
        assertThat(ArchitectureRules.testClasses("io.muslin.testing").contain(Prerequisites.class)).isFalse();
        assertThat(ArchitectureRules.testsSkipOnlyThroughPrerequisites().evaluate(ArchitectureRules.testClasses("io.muslin.testing"))
                .hasViolation()).as("the fixtures above, found by the package import, use Assumptions").isTrue();
    }

    @Test
    void assumptionsDisabledAndConditionsAreViolations() {
        assertThat(evaluate(SkipsThroughAssumptions.class).hasViolation()).isTrue();
        assertThat(evaluate(DisabledClass.class).hasViolation()).isTrue();
        assertThat(evaluate(ConditionOnAMethod.class).hasViolation()).isTrue();
    }

    @Test
    void prerequisitesAndAToolRunByHandAreNot() {
        assertThat(evaluate(SkipsThroughPrerequisites.class).hasViolation()).isFalse();
        assertThat(evaluate(ToolRunByHand.class).hasViolation()).isFalse();
    }
}
