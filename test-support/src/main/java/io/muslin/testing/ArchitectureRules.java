package io.muslin.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

/**
 * Architecture rules every module's {@code ArchitectureTest} shares (ArchUnit): one logging API,
 * no package cycles, what a pure package may not touch, and tests that skip only through
 * {@link Prerequisites}. Each module adds its own rules.
 */
public final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** The production classes (no tests) of the given packages and their sub-packages. */
    public static JavaClasses productionClasses(String... packages) {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(packages);
    }

    /** SLF4J is the one logging API: no {@code System.Logger}, {@code java.util.logging}, commons-logging or log4j. */
    public static ArchRule slf4jIsTheOnlyLoggingApi() {
        return noClasses().should().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$Logger")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.System$LoggerFinder")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.apache.commons.logging..",
                        "org.apache.log4j..", "org.apache.logging.log4j..")
                .because("SLF4J is the one logging API in Muslin");
    }

    /** No cycles between the sub-packages of {@code rootPackage} (each {@code rootPackage.x..} is one slice). */
    public static ArchRule noPackageCycles(String rootPackage) {
        // A module with one package has nothing to check.
        return slices().matching(rootPackage + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true);
    }

    /**
     * Classes in {@code packages} start no process, use no foreign memory and speak to no etcd,
     * gRPC, Netty or Vert.x: side effects stay behind the module's interfaces.
     */
    public static ArchRule pure(String... packages) {
        return noClasses().that().resideInAnyPackage(packages)
                .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.grpc..", "io.netty..", "io.vertx..",
                        "java.lang.foreign..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Process")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessHandle")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Runtime")
                .because("pure logic keeps side effects behind interfaces");
    }

    /** The test classes (no production classes) of the given packages and their sub-packages. */
    public static JavaClasses testClasses(String... packages) {
        // The skip rule needs only the names of what a test uses, not those classes' contents:
        // importing without following every dependency into the class path keeps it quick.
        ArchConfiguration config = ArchConfiguration.get();
        boolean resolve = config.resolveMissingDependenciesFromClassPath();
        config.setResolveMissingDependenciesFromClassPath(false);
        try {
            return new ClassFileImporter().withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                    .importPackages(packages);
        } finally {
            config.setResolveMissingDependenciesFromClassPath(resolve);
        }
    }

    /**
     * Tests say what they need only through {@link Prerequisites#require}, which fails under CI: no
     * {@code Assumptions}, no {@code @Disabled}, no {@code @EnabledIf…}/{@code @DisabledIf…}
     * condition (which would skip silently under CI too). The one exception is
     * {@code @EnabledIfSystemProperty}, which marks a tool run by hand (never part of the suite).
     */
    public static ArchRule testsSkipOnlyThroughPrerequisites() {
        DescribedPredicate<JavaAnnotation<?>> silentSkip = DescribedPredicate.describe(
                "@Disabled or a JUnit condition other than @EnabledIfSystemProperty", a -> {
                    String name = a.getRawType().getName();
                    return name.equals("org.junit.jupiter.api.Disabled")
                            || (a.getRawType().getPackageName().equals("org.junit.jupiter.api.condition")
                            && !name.equals("org.junit.jupiter.api.condition.EnabledIfSystemProperty"));
                });
        return CompositeArchRule.of(noClasses().that().doNotHaveFullyQualifiedName(Prerequisites.class.getName())
                        .should().dependOnClassesThat().haveFullyQualifiedName("org.junit.jupiter.api.Assumptions")
                        .because("a missing prerequisite goes through Prerequisites.require, which fails under CI=true"))
                .and(noClasses().should().beAnnotatedWith(silentSkip).because("a skipped test must fail under CI=true"))
                .and(noMethods().should().beAnnotatedWith(silentSkip).because("a skipped test must fail under CI=true"))
                .allowEmptyShould(true);
    }
}
