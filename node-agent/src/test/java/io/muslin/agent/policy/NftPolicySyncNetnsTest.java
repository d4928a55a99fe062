package io.muslin.agent.policy;

import io.muslin.policy.dataplane.Backend;

/** {@link PolicySyncNetnsTestBase} on the nft iptables backend. */
class NftPolicySyncNetnsTest extends PolicySyncNetnsTestBase {
    NftPolicySyncNetnsTest() {
        super(Backend.NFT);
    }
}
