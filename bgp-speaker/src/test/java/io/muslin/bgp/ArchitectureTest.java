package io.muslin.bgp;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.muslin.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The speaker library's structure, checked on its compiled classes (tests excluded):
 * <ul>
 *   <li>its packages form no cycle;</li>
 *   <li>the pure layers do no I/O: {@code fsm}, {@code rib} and {@code settings} use no Netty at
 *       all; {@code wire} uses Netty's {@code ByteBuf} ({@code io.netty.buffer}) and nothing else of
 *       Netty — no channel, bootstrap, handler or event loop;</li>
 *   <li>the layers point one way: {@code settings} and {@code fsm} know no RIB, transport or
 *       speaker; the RIB knows no transport or speaker; the transport knows no RIB, settings or
 *       speaker;</li>
 *   <li>nothing depends on vert.x, Jackson (the YAML front end is the {@code bgp-cli} module), an
 *       SLF4J binding, {@code System.Logger} or {@code java.util.logging};</li>
 *   <li>BFD's state machine and packet codec ({@code BfdSession}, {@code BfdPacket}) use no Netty:
 *       only {@code BfdEndpoint} and its socket options do I/O; {@code bfd} knows no RIB, transport or
 *       speaker;</li>
 *   <li>of Muslin's modules only {@code net-types} is used.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "io.muslin.bgp", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.muslin.bgp.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule bfdStateMachineUsesNoNetty = noClasses().that().resideInAPackage("io.muslin.bgp.bfd..")
            .and().haveNameNotMatching("io\\.muslin\\.bgp\\.bfd\\.(BfdEndpoint|SocketOptions)(\\$.*)?")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..");

    @ArchTest
    static final ArchRule bfdKnowsNoBgpLayers = noClasses().that().resideInAPackage("io.muslin.bgp.bfd..")
            .should().dependOnClassesThat().resideInAnyPackage("io.muslin.bgp.rib..", "io.muslin.bgp.transport..",
                    "io.muslin.bgp.speaker..", "io.muslin.bgp.fsm..");

    @ArchTest
    static final ArchRule pureLayersUseNoNetty = noClasses().that()
            .resideInAnyPackage("io.muslin.bgp.fsm..", "io.muslin.bgp.rib..", "io.muslin.bgp.settings..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..");

    @ArchTest
    static final ArchRule wireUsesOnlyByteBufOfNetty = noClasses().that().resideInAPackage("io.muslin.bgp.wire..")
            .should().dependOnClassesThat(resideInAPackage("io.netty..").and(not(resideInAPackage("io.netty.buffer.."))))
            .because("the codec works on ByteBuf; channels, pipelines and event loops belong to the transport");

    @ArchTest
    static final ArchRule settingsAndFsmKnowNoRuntime = noClasses().that()
            .resideInAnyPackage("io.muslin.bgp.settings..", "io.muslin.bgp.fsm..")
            .should().dependOnClassesThat().resideInAnyPackage("io.muslin.bgp.rib..", "io.muslin.bgp.transport..",
                    "io.muslin.bgp.speaker..");

    @ArchTest
    static final ArchRule ribKnowsNoTransport = noClasses().that().resideInAPackage("io.muslin.bgp.rib..")
            .should().dependOnClassesThat().resideInAnyPackage("io.muslin.bgp.transport..", "io.muslin.bgp.speaker..");

    @ArchTest
    static final ArchRule transportKnowsNoRib = noClasses().that().resideInAPackage("io.muslin.bgp.transport..")
            .should().dependOnClassesThat().resideInAnyPackage("io.muslin.bgp.rib..", "io.muslin.bgp.settings..",
                    "io.muslin.bgp.speaker..");

    @ArchTest
    static final ArchRule noFrontEndLibraries = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("io.vertx..", "com.fasterxml.jackson..", "org.slf4j.simple..", "org.slf4j.impl..");

    @ArchTest
    static final ArchRule slf4jIsTheOneLoggingApi = noClasses().should().dependOnClassesThat(
            resideInAPackage("java.util.logging..").or(name("java.lang.System$Logger")));

    @ArchTest
    static final ArchRule onlyNetTypesOfMuslin = noClasses().should().dependOnClassesThat(resideInAPackage("io.muslin..")
            .and(not(resideInAnyPackage("io.muslin.bgp..", "io.muslin.net.."))));

    /** Its tests skip only through Prerequisites (skip outside CI, fail under CI=true). */
    @Test
    void testsSkipOnlyThroughPrerequisites() {
        ArchitectureRules.testsSkipOnlyThroughPrerequisites()
                .check(ArchitectureRules.testClasses("io.muslin.bgp"));
    }
}
