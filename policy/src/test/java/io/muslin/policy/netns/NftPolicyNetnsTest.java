package io.muslin.policy.netns;

import io.muslin.policy.dataplane.Backend;

/** The real-packet tests on the nf_tables backend (iptables-nft). */
class NftPolicyNetnsTest extends PolicyNetnsTestBase {
    NftPolicyNetnsTest() {
        super(Backend.NFT);
    }
}
