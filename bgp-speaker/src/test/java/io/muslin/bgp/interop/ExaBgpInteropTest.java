package io.muslin.bgp.interop;

class ExaBgpInteropTest extends InteropScenarios {
    @Override
    PeerDaemon newDaemon() {
        return new ExaBgp();
    }
}
