/**
 * The thin plugin process: forwards a CNI call to the plugin server of the node's agent over a
 * unix socket ({@link io.muslin.cni.client.ThinClient}). JDK classes only, for a quick start.
 */
package io.muslin.cni.client;
