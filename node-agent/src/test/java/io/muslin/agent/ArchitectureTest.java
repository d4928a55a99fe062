package io.muslin.agent;

import io.muslin.testing.ArchitectureRules;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The agent's architecture rules, checked on its compiled classes. */
class ArchitectureTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.muslin.agent");
    private static final String[] PURE = {"io.muslin.agent.config..", "io.muslin.agent.address..", "io.muslin.agent.peers.."};

    @Test
    void configurationAddressSelectionAndPeerComputationArePure() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..", "io.etcd..", "io.grpc..",
                        "java.lang.foreign..", "io.muslin.netlink..", "io.micrometer..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Process.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessHandle.class.getName())
                .check(AGENT);
    }

    @Test
    void thePurePackagesDoNotReachIntoTheRestOfTheAgent() {
        noClasses().that().resideInAnyPackage(PURE)
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.agent.http..", "io.muslin.agent.cli..",
                        "io.muslin.agent.metrics..", "io.muslin.agent.status..")
                .check(AGENT);
    }

    /** One controller: the desired state reaches the speaker and the route programmer from the runtime alone. */
    @Test
    void onlyTheRuntimeDrivesTheSpeakerAndTheRouteProgrammer() {
        noClasses().that().resideOutsideOfPackages("io.muslin.agent.runtime..")
                .should().callMethod(io.muslin.bgp.speaker.Speaker.class, "apply", io.muslin.bgp.settings.DesiredState.class)
                .orShould().callMethod(io.muslin.routing.linux.RouteProgrammer.class, "setNode", io.muslin.routing.NodeIntent.class)
                .check(AGENT);
    }

    /** The translations into the libraries' inputs are pure: no kernel, no sockets, no threads of their own. */
    @Test
    void theMappingsArePure() {
        noClasses().that().resideInAnyPackage("io.muslin.agent.bgp..").or().haveSimpleNameEndingWith("Mapping")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.netlink.linux..", "io.netty..", "io.etcd..",
                        "java.lang.foreign..", "java.util.concurrent..")
                .check(AGENT);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.muslin.agent.(*)..").should().beFreeOfCycles().check(AGENT);
    }

    @Test
    void slf4jIsTheOneLoggingApi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.util.logging..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(System.Logger.class.getName())
                .check(AGENT);
    }

    @Test
    void onlyTheHttpPackageUsesVertx() {
        noClasses().that().resideOutsideOfPackages("io.muslin.agent.http..")
                .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
                .check(AGENT);
    }

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.agent"));
    }
}
