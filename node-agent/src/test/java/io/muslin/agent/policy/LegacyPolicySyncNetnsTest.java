package io.muslin.agent.policy;

import io.muslin.policy.dataplane.Backend;

/** {@link PolicySyncNetnsTestBase} on the legacy iptables backend. */
class LegacyPolicySyncNetnsTest extends PolicySyncNetnsTestBase {
    LegacyPolicySyncNetnsTest() {
        super(Backend.LEGACY);
    }
}
