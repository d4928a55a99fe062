package io.muslin.bgp.interop;

class BirdInteropTest extends InteropScenarios {
    @Override
    PeerDaemon newDaemon() {
        return new Bird();
    }
}
