/**
 * The route programmer on a real kernel: {@link io.muslin.routing.linux.RouteProgrammer} wires
 * the reconciler to {@code LinuxNetlink}, a netlink monitor (link/address/route events trigger
 * an immediate resync) and a resync timer, on one thread.
 */
package io.muslin.routing.linux;
