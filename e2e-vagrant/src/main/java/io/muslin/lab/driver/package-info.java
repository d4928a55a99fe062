/**
 * The network-namespace driver: namespaces, veths and bridges for the racks, the core and the
 * hosts ({@link io.muslin.lab.driver.Fabric}); BIRD/FRR routers, etcd and the node agents as
 * processes in them, recorded in the lab's state so that a later command or a crashed run's
 * successor finds and removes them ({@link io.muslin.lab.driver.NetnsLab}).
 */
package io.muslin.lab.driver;
