/**
 * Muslin's resource model, with Calico's (projectcalico.org/v3) kinds and field names where Calico
 * has them: {@link io.muslin.datastore.model.Node}, {@link io.muslin.datastore.model.IPPool},
 * {@link io.muslin.datastore.model.IPAMBlock}, {@link io.muslin.datastore.model.BlockAffinity},
 * {@link io.muslin.datastore.model.IPAMHandle}, {@link io.muslin.datastore.model.IPAMConfig},
 * {@link io.muslin.datastore.model.IPReservation}, {@link io.muslin.datastore.model.BGPConfiguration},
 * {@link io.muslin.datastore.model.BGPPeer}, {@link io.muslin.datastore.model.BGPFilter},
 * {@link io.muslin.datastore.model.NetworkPolicy} and {@link io.muslin.datastore.model.WorkloadEndpoint}.
 * JSON and YAML through {@link io.muslin.datastore.model.Resources}; every resource validates itself
 * and names the field and the reason ({@link io.muslin.datastore.model.FieldError}).
 */
package io.muslin.datastore.model;
