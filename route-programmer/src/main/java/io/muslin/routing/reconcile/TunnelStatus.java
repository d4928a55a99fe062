package io.muslin.routing.reconcile;

/**
 * What became of the tunnel devices: for each of ipip and vxlan, whether it is needed and ready,
 * or why not — in particular {@link State#UNSUPPORTED} when the kernel has no ipip support.
 */
public record TunnelStatus(State ipip, String ipipDetail, State vxlan, String vxlanDetail) {

    public enum State { NOT_NEEDED, READY, UNSUPPORTED, FAILED }

    public static final TunnelStatus NONE = new TunnelStatus(State.NOT_NEEDED, "", State.NOT_NEEDED, "");
}
