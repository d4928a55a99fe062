package io.muslin.bgp.interop;

class FrrInteropTest extends InteropScenarios {
    @Override
    PeerDaemon newDaemon() {
        return new Frr();
    }
}
