package io.muslin.bgp.speaker;

import io.muslin.bgp.settings.DesiredState;
import io.muslin.bgp.settings.OriginatedRoute;
import io.muslin.bgp.settings.PeerSpec;
import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.settings.SpeakerSettings;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What it takes to go from one desired state to the next; pure, so it is tested without sockets. */
final class Reconciler {
    private Reconciler() {
    }

    /**
     * The changes from {@code current} to {@code next}, peer by peer and prefix by prefix.
     *
     * @throws SettingException when something that needs a restart changed (AS, router id, listen address)
     */
    static ApplyResult plan(DesiredState current, DesiredState next) {
        checkNoRestartNeeded(current.speaker(), next.speaker());
        Map<IpAddress, PeerSpec> before = new LinkedHashMap<>();
        current.peers().forEach(p -> before.put(p.address(), p));
        List<IpAddress> added = new ArrayList<>();
        List<IpAddress> replaced = new ArrayList<>();
        List<IpAddress> policy = new ArrayList<>();
        List<IpAddress> relabelled = new ArrayList<>();
        List<IpAddress> bfd = new ArrayList<>();
        for (PeerSpec p : next.peers()) {
            PeerSpec old = before.remove(p.address());
            if (old == null) {
                added.add(p.address());
            } else if (!old.session().equals(p.session())) {
                replaced.add(p.address());
            } else {
                if (!old.policy().equals(p.policy())) {
                    policy.add(p.address());
                }
                if (!old.description().equals(p.description())) {
                    relabelled.add(p.address());
                }
                if (!Objects.equals(old.bfd(), p.bfd())) {
                    bfd.add(p.address());
                }
            }
        }
        List<IpAddress> removed = new ArrayList<>(before.keySet());
        Map<IpPrefix, OriginatedRoute> had = new LinkedHashMap<>();
        current.originated().forEach(r -> had.put(r.prefix(), r));
        List<IpPrefix> originated = new ArrayList<>();
        for (OriginatedRoute r : next.originated()) {
            OriginatedRoute old = had.remove(r.prefix());
            if (!r.equals(old)) {
                originated.add(r.prefix());
            }
        }
        List<IpPrefix> withdrawn = new ArrayList<>(had.keySet());
        return new ApplyResult(added, replaced, policy, relabelled, removed, originated, withdrawn,
                !current.routing().equals(next.routing()), bfd);
    }

    /** AS, router id and listen address are fixed for the life of a speaker. */
    static void checkNoRestartNeeded(SpeakerSettings cur, SpeakerSettings next) {
        if (cur.asNumber() != next.asNumber()) {
            throw new SettingException("asNumber", "changing the AS (" + cur.asNumber() + " to " + next.asNumber()
                    + ") needs a restart");
        }
        if (!cur.routerId().equals(next.routerId())) {
            throw new SettingException("routerId", "changing the router id (" + cur.routerId() + " to " + next.routerId()
                    + ") needs a restart");
        }
        if (!Objects.equals(cur.listenAddress(), next.listenAddress()) || cur.listenPort() != next.listenPort()) {
            throw new SettingException("listen", "changing the listen address needs a restart");
        }
    }
}
