package io.muslin.netlink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * Only {@code io.muslin.netlink.linux} touches the FFM API; the values, the wire codec and the
 * fake kernel are plain Java; the library never forks a process; packages form no cycle; SLF4J
 * is the one logging API.
 */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.muslin.netlink");

    @Test
    void onlyTheLinuxPackageTouchesForeignMemory() {
        noClasses().that().resideOutsideOfPackage("io.muslin.netlink.linux..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .check(classes);
    }

    @Test
    void valuesWireAndFakeNeverReachTheLinuxPackage() {
        noClasses().that().resideInAnyPackage("io.muslin.netlink", "io.muslin.netlink.wire..", "io.muslin.netlink.fake..")
                .should().dependOnClassesThat().resideInAPackage("io.muslin.netlink.linux..")
                .check(classes);
    }

    @Test
    void theLibraryNeverForksAProcess() {
        noClasses().should().dependOnClassesThat()
                .haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().callMethod(Runtime.class, "exec", String.class)
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.muslin.netlink.(*)..").should().beFreeOfCycles().check(classes);
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
                .check(ArchitectureRules.testClasses("io.muslin.netlink"));
    }
}
