package io.muslin.datastore.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A stored resource: {@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}, as in Calico's
 * projectcalico.org/v3 API.
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
    @JsonSubTypes.Type(value = NetworkPolicy.class, name = "NetworkPolicy"),
    @JsonSubTypes.Type(value = WorkloadEndpoint.class, name = "WorkloadEndpoint"),
})
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "spec"})
@JsonIgnoreProperties(value = {"apiVersion"}, allowGetters = true)
public sealed interface Resource
        permits Node, IPPool, IPAMBlock, BlockAffinity, IPAMHandle, IPAMConfig, IPReservation, BGPConfiguration,
                BGPPeer, BGPFilter, NetworkPolicy, WorkloadEndpoint {
    String API_VERSION = "projectcalico.org/v3";

    ObjectMeta metadata();

    /** Every problem with this resource's fields; empty when it is valid. */
    List<FieldError> validate();

    /** The same resource with other metadata (used to fill in {@code resourceVersion}). */
    Resource withMetadata(ObjectMeta metadata);

    @JsonProperty("apiVersion")
    default String apiVersion() {
        return API_VERSION;
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
            c.name("metadata.namespace", m.namespace());
        }
        return c;
    }
}
