package io.muslin.bgp.settings;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a speaker should be, in one value: its start-time settings, the routing settings
 * that may change at runtime, the peers and the originated prefixes. {@code Speaker.apply} takes
 * one and reconciles the running speaker with it.
 */
public record DesiredState(SpeakerSettings speaker, RoutingSettings routing, List<PeerSpec> peers,
                           List<OriginatedRoute> originated) {
    public DesiredState {
        if (speaker == null) {
            throw new SettingException("speaker", "is required");
        }
        if (routing == null) {
            throw new SettingException("routing", "is required (RoutingSettings.DEFAULT for the defaults)");
        }
        if (peers == null) {
            throw new SettingException("peers", "must be a list (empty for none)");
        }
        if (originated == null) {
            throw new SettingException("originated", "must be a list (empty for none)");
        }
        Map<IpAddress, Integer> seen = new HashMap<>();
        for (int i = 0; i < peers.size(); i++) {
            PeerSpec p = peers.get(i);
            if (p == null) {
                throw new SettingException("peers[" + i + "]", "is missing");
            }
            Integer before = seen.putIfAbsent(p.address(), i);
            if (before != null) {
                throw new SettingException("peers[" + i + "].address", p.address() + " is configured twice (also peers["
                        + before + "])");
            }
        }
        Map<IpPrefix, Integer> prefixes = new HashMap<>();
        for (int i = 0; i < originated.size(); i++) {
            OriginatedRoute r = originated.get(i);
            if (r == null) {
                throw new SettingException("originated[" + i + "]", "is missing");
            }
            Integer before = prefixes.putIfAbsent(r.prefix(), i);
            if (before != null) {
                throw new SettingException("originated[" + i + "].prefix", r.prefix() + " is listed twice (also originated["
                        + before + "])");
            }
        }
        peers = List.copyOf(peers);
        originated = List.copyOf(originated);
    }

    /** No peers, nothing originated, default routing settings. */
    public static DesiredState of(SpeakerSettings speaker) {
        return new DesiredState(speaker, RoutingSettings.DEFAULT, List.of(), List.of());
    }

    public DesiredState withRouting(RoutingSettings r) {
        return new DesiredState(speaker, r, peers, originated);
    }

    public DesiredState withPeers(List<PeerSpec> p) {
        return new DesiredState(speaker, routing, p, originated);
    }

    public DesiredState withOriginated(List<OriginatedRoute> o) {
        return new DesiredState(speaker, routing, peers, o);
    }

    public DesiredState withSpeaker(SpeakerSettings s) {
        return new DesiredState(s, routing, peers, originated);
    }
}
