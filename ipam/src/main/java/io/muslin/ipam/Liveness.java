package io.muslin.ipam;

/** Tells garbage collection whether an allocation's owner (a pod, usually) still exists. */
@FunctionalInterface
public interface Liveness {
    boolean isLive(Allocation allocation);
}
