package io.muslin.ipam;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Pure logic stays pure: IPAM and the resource model never touch jetcd, gRPC, Netty or processes. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.muslin.ipam", "io.muslin.datastore");

    @Test
    void ipamTalksOnlyToTheDatastoreInterface() {
        noClasses().that().resideInAPackage("io.muslin.ipam..")
                .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.grpc..", "io.netty..", "io.vertx..",
                        "io.muslin.datastore.etcd..", "io.muslin.datastore.file..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.ProcessBuilder")
                .check(classes);
    }

    @Test
    void modelAndContractAreFreeOfEtcd() {
        noClasses().that().resideInAnyPackage("io.muslin.datastore", "io.muslin.datastore.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.grpc..", "io.netty..", "io.vertx..",
                        "io.muslin.datastore.etcd..")
                .check(classes);
    }
}
