/**
 * Muslin's resource model. Calico's ({@code projectcalico.org/v3}) kinds and field names where
 * Calico has them: {@link io.muslin.datastore.model.Node}, {@link io.muslin.datastore.model.IPPool},
 * {@link io.muslin.datastore.model.IPAMBlock}, {@link io.muslin.datastore.model.BlockAffinity},
 * {@link io.muslin.datastore.model.IPAMHandle}, {@link io.muslin.datastore.model.IPAMConfig},
 * {@link io.muslin.datastore.model.IPReservation}, {@link io.muslin.datastore.model.BGPConfiguration},
 * {@link io.muslin.datastore.model.BGPPeer}, {@link io.muslin.datastore.model.BGPFilter} and
 * {@link io.muslin.datastore.model.WorkloadEndpoint}; Kubernetes' own schema for what users write
 * in Kubernetes and the policy module enforces: {@link io.muslin.datastore.model.NetworkPolicy}
 * ({@code networking.k8s.io/v1}), {@link io.muslin.datastore.model.Namespace} and
 * {@link io.muslin.datastore.model.Secret} ({@code v1}).
 *
 * <p>Addresses and networks are strings on the wire and {@code io.muslin.net} values in code
 * (validation parses them; accessors such as {@code IPPool.cidr()} return them). JSON and YAML
 * through {@link io.muslin.datastore.model.Resources}; every resource validates itself and names
 * the field and the reason ({@link io.muslin.datastore.model.FieldError}).
 */
package io.muslin.datastore.model;
