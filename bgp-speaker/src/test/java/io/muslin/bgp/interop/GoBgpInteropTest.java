package io.muslin.bgp.interop;

class GoBgpInteropTest extends InteropScenarios {
    @Override
    PeerDaemon newDaemon() {
        return new GoBgp();
    }
}
