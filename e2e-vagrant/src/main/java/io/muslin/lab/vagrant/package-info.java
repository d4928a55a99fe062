/**
 * The Vagrant driver's side in Java: the plan of VMs and networks a topology becomes
 * ({@link io.muslin.lab.vagrant.VagrantPlan}), and the files the VMs' provisioning reads (agent
 * configurations, the router's BIRD configuration, the starting datastore resources), rendered
 * from the same model as the namespace driver's.
 */
package io.muslin.lab.vagrant;
