package io.muslin.exabgp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The bridge's structure: the parsing, the command and configuration text and the topology
 * model start no process, open no socket and touch no file; the bridge uses the speaker through
 * its public API only (speaker, settings, wire values), never its transport or RIB internals;
 * SLF4J is the one logging API.
 */
class ArchitectureTest {
    private final JavaClasses classes = ArchitectureRules.productionClasses("io.muslin.exabgp");

    @Test
    void parsingAndRenderingArePure() {
        noClasses().that().haveNameMatching(
                        "io\\.muslin\\.exabgp\\.(EventParser|LinkStateParser|ApiCommands|ExabgpConfig|LinkStateTopology|ExabgpEvent|LinkStateObject)(\\$.*)?")
                .should().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Process")
                .orShould().dependOnClassesThat().resideInAnyPackage("java.nio.channels..", "java.net..", "java.io..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .check(classes);
    }

    @Test
    void speakerUsedThroughItsPublicApiOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.muslin.bgp.transport..", "io.muslin.bgp.rib..",
                "io.netty..").check(classes);
    }

    @Test
    void oneLoggingApiAndTestsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.slf4jIsTheOnlyLoggingApi().check(classes);
        ArchitectureRules.testsSkipOnlyThroughPrerequisites().check(ArchitectureRules.testClasses("io.muslin.exabgp"));
    }
}
