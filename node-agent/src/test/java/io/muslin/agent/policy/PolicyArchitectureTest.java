package io.muslin.agent.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The policy sync's rules: one translation to the policy model, and that translation pure. */
class PolicyArchitectureTest {
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.muslin.agent");

    @Test
    void onlyThePolicyPackageMapsOntoThePolicyModel() {
        noClasses().that().resideOutsideOfPackage("io.muslin.agent.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.muslin.policy.model..")
                .check(AGENT);
    }

    @Test
    void theTranslatorIsPure() {
        noClasses().that().haveFullyQualifiedName(PolicyTranslator.class.getName())
                .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.grpc..", "io.netty..", "io.vertx..",
                        "io.micrometer..", "io.muslin.policy.dataplane..", "io.muslin.policy.apply..", "io.muslin.datastore.cache..",
                        "java.lang.foreign..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName(ProcessBuilder.class.getName())
                .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .check(AGENT);
    }
}
