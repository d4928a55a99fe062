/**
 * The Container Network Interface as this plugin speaks it: the {@code CNI_*} environment
 * ({@link io.muslin.cni.spec.CniRequest}), the network configuration on standard input
 * ({@link io.muslin.cni.spec.NetConfParser}), results, errors and VERSION's answer
 * ({@link io.muslin.cni.spec.CniJson}). CNI specification 1.0.0; 0.3.x and 0.4.0 configurations
 * are accepted and answered in their own shape; STATUS and GC of 1.1.0. Pure: no kernel, no store.
 */
package io.muslin.cni.spec;
