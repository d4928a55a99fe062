package io.muslin.policy.netns;

import io.muslin.policy.dataplane.Backend;

/** The real-packet tests on the legacy (x_tables) backend. */
class LegacyPolicyNetnsTest extends PolicyNetnsTestBase {
    LegacyPolicyNetnsTest() {
        super(Backend.LEGACY);
    }
}
