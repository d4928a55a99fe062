package io.muslin.agent.status;

import java.time.Instant;

/**
 * Network policy enforcement on this node.
 *
 * @param enabled   whether policy is enforced
 * @param backend   the iptables backend in use ({@code legacy} or {@code nft}), or as configured before detection
 * @param policies  network policies that apply to this node's endpoints
 * @param rules     iptables rules Muslin owns
 * @param ipsets    ipsets Muslin owns
 * @param lastApply when the rules were last written; null before the first time
 * @param lastError the last apply error; null when the last apply succeeded
 */
public record PolicySummary(boolean enabled, String backend, int policies, int rules, int ipsets, Instant lastApply,
                            String lastError) {}
