package io.muslin.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.fsm.SessionState;
import org.junit.jupiter.api.Test;

class BirdInteropTest extends InteropScenarios {
    @Override
    PeerDaemon newDaemon() {
        return new Bird(testName.startsWith("ttlSecurity") ? "  ttl security on;" : "");
    }

    /** RFC 5082 both ways: BIRD sends with TTL 255 and checks; Muslin too. */
    @Test
    void ttlSecurityOnBothSidesEstablishes() throws Exception {
        startDaemon(65001, 64512, null, 9);
        startMuslin(64512, 65001, null, 9, ", ttlSecurity: 1");
        awaitEstablished();
        awaitRoutesBothWays();
    }

    /** Muslin requires TTL 255 but BIRD (no GTSM, eBGP) sends with TTL 1: nothing gets through. */
    @Test
    void gtsmRejectsAPeerThatDoesNotSendWithTtl255() throws Exception {
        startDaemon(65001, 64512, null, 9);
        startMuslin(64512, 65001, null, 9, ", ttlSecurity: 1");
        Thread.sleep(5000);
        assertThat(peer(P4).state()).isNotEqualTo(SessionState.ESTABLISHED);
        assertThat(peer(P4).messagesReceived()).isZero();
    }
}
