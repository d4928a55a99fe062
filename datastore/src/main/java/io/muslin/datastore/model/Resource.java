package io.muslin.datastore.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A stored resource: {@code apiVersion}, {@code kind}, {@code metadata} and its content. Calico's
 * kinds are {@code projectcalico.org/v3}; the Kubernetes kinds a node needs ({@code NetworkPolicy}
 * of {@code networking.k8s.io/v1}, {@code Namespace} and {@code Secret} of {@code v1}) keep their
 * Kubernetes apiVersion and schema.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Node.class, name = "Node"),
    @JsonSubTypes.Type(value = IPPool.class, name = "IPPool"),
    @JsonSubTypes.Type(value = IPAMBlock.class, name = "IPAMBlock"),
    @JsonSubTypes.Type(value = BlockAffinity.class, name = "BlockAffinity"),
    @JsonSubTypes.Type(value = IPAMHandle.class, name = "IPAMHandle"),
    @JsonSubTypes.Type(value = IPAMConfig.class, name = "IPAMConfig"),
    @JsonSubTypes.Type(value = IPReservation.class, name = "IPReservation"),
    @JsonSubTypes.Type(value = BGPConfiguration.class, name = "BGPConfiguration"),
    @JsonSubTypes.Type(value = BGPPeer.class, name = "BGPPeer"),
    @JsonSubTypes.Type(value = BGPFilter.class, name = "BGPFilter"),
    @JsonSubTypes.Type(value = WorkloadEndpoint.class, name = "WorkloadEndpoint"),
    @JsonSubTypes.Type(value = NetworkPolicy.class, name = "NetworkPolicy"),
    @JsonSubTypes.Type(value = Namespace.class, name = "Namespace"),
    @JsonSubTypes.Type(value = Secret.class, name = "Secret"),
})
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
@JsonIgnoreProperties(value = {"apiVersion"}, allowGetters = true)
public sealed interface Resource
        permits Node, IPPool, IPAMBlock, BlockAffinity, IPAMHandle, IPAMConfig, IPReservation, BGPConfiguration,
                BGPPeer, BGPFilter, WorkloadEndpoint, NetworkPolicy, Namespace, Secret {

    ObjectMeta metadata();

    /** Every problem with this resource's fields; empty when it is valid. */
    List<FieldError> validate();

    /** The same resource with other metadata (used to fill in {@code resourceVersion}). */
    Resource withMetadata(ObjectMeta metadata);

    @JsonProperty("apiVersion")
    default String apiVersion() {
        return Kinds.of(getClass()).apiVersion();
    }

    @JsonIgnore
    default String kind() {
        return Kinds.of(getClass()).name();
    }

    /** Throws {@link ValidationException} naming every bad field. */
    default void requireValid() {
        List<FieldError> errors = validate();
        if (!errors.isEmpty()) {
            throw new ValidationException(kind() + " " + (metadata() == null ? "(no metadata)" : metadata().name()), errors);
        }
    }

    /** Checks metadata.name (and namespace when namespaced). */
    static Check meta(ObjectMeta m, boolean namespaced) {
        Check c = new Check();
        if (m == null) {
            return c.fail("metadata", "is required");
        }
        c.name("metadata.name", m.name());
        if (namespaced) {
            c.label("metadata.namespace", m.namespace());
        } else if (m.namespace() != null) {
            c.fail("metadata.namespace", "must not be set: the kind is not namespaced");
        }
        c.labels("metadata.labels", m.labels());
        return c;
    }
}
