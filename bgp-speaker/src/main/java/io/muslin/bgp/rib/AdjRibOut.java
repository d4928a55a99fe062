package io.muslin.bgp.rib;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.Update;
import io.muslin.bgp.wire.UpdatePacker;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one peer has been told and what it is still to be told (BIRD's bucket scheme): pending
 * announcements grouped by attribute set, so each UPDATE carries many prefixes; pending
 * withdrawals; a prefix that changes again before it is sent only moves between groups and is
 * sent once. UPDATEs are taken by the peer only when its socket can accept them.
 */
final class AdjRibOut {
    private static final Object WITHDRAW = new Object();

    private final List<AfiSafi> families;
    private final int maxMessageLength;
    private final PrefixTable<AttrSet> sent = new PrefixTable<>();
    private final PrefixTable<Object> pending = new PrefixTable<>();
    private final Map<AfiSafi, Map<AttrSet, LinkedHashSet<IpPrefix>>> groups = new LinkedHashMap<>();
    private final Map<AfiSafi, LinkedHashSet<IpPrefix>> withdrawals = new LinkedHashMap<>();
    private final Set<AfiSafi> endOfRibDue = new LinkedHashSet<>();
    private boolean initialDumpQueued;

    AdjRibOut(List<AfiSafi> families, int maxMessageLength) {
        this.families = List.copyOf(families);
        this.maxMessageLength = maxMessageLength;
        for (AfiSafi f : families) {
            groups.put(f, new LinkedHashMap<>());
            withdrawals.put(f, new LinkedHashSet<>());
        }
    }

    /** Nothing sent and nothing pending: a withdrawal would change nothing. */
    boolean isEmpty() {
        return pending.isEmpty() && sent.isEmpty();
    }

    boolean carries(IpPrefix p) {
        return families.contains(AfiSafi.of(p));
    }

    /** After the first full table has been queued: End-of-RIB follows it for every family (RFC 4724). */
    void initialDumpQueued() {
        if (!initialDumpQueued) {
            initialDumpQueued = true;
            endOfRibDue.addAll(families);
        }
    }

    /**
     * What the peer should have for {@code p}: these attributes, or nothing (null). False when that
     * is already so and nothing was queued.
     */
    boolean change(IpPrefix p, AttrSet attrs) {
        if (attrs == null && pending.isEmpty() && sent.isEmpty()) {
            return false;
        }
        AfiSafi family = AfiSafi.of(p);
        Object prev = pending.remove(p);
        if (prev instanceof AttrSet a) {
            LinkedHashSet<IpPrefix> g = groups.get(family).get(a);
            g.remove(p);
            if (g.isEmpty()) {
                groups.get(family).remove(a);
            }
        } else if (prev == WITHDRAW) {
            withdrawals.get(family).remove(p);
        }
        AttrSet current = sent.get(p);
        if (attrs != null) {
            if (!attrs.equals(current)) {
                groups.get(family).computeIfAbsent(attrs, k -> new LinkedHashSet<>()).add(p);
                pending.put(p, attrs);
                return true;
            }
        } else if (current != null) {
            withdrawals.get(family).add(p);
            pending.put(p, WITHDRAW);
            return true;
        }
        return prev != null;
    }

    /** Everything sent is sent again (the peer asked with ROUTE-REFRESH, RFC 2918). */
    void resend(AfiSafi family) {
        List<IpPrefix> again = new ArrayList<>();
        List<AttrSet> attrs = new ArrayList<>();
        sent.forEach((p, a) -> {
            if (AfiSafi.of(p).equals(family) && !(pending.get(p) != null)) {
                again.add(p);
                attrs.add(a);
            }
        });
        for (int i = 0; i < again.size(); i++) {
            sent.remove(again.get(i));
            change(again.get(i), attrs.get(i));
        }
    }

    boolean hasPending() {
        return !pending.isEmpty() || (initialDumpQueued && !endOfRibDue.isEmpty());
    }

    int sentCount() {
        return sent.size();
    }

    /** Up to {@code max} UPDATEs: withdrawals first, then announcements group by group, then End-of-RIB. */
    List<Update> take(int max) {
        List<Update> out = new ArrayList<>();
        for (AfiSafi f : families) {
            LinkedHashSet<IpPrefix> w = withdrawals.get(f);
            while (!w.isEmpty() && out.size() < max) {
                List<IpPrefix> batch = drain(w.iterator(), 1000);
                for (IpPrefix p : batch) {
                    pending.remove(p);
                    sent.remove(p);
                }
                out.addAll(UpdatePacker.withdraw(f, batch, maxMessageLength));
            }
        }
        for (AfiSafi f : families) {
            Iterator<Map.Entry<AttrSet, LinkedHashSet<IpPrefix>>> it = groups.get(f).entrySet().iterator();
            while (it.hasNext() && out.size() < max) {
                Map.Entry<AttrSet, LinkedHashSet<IpPrefix>> g = it.next();
                while (!g.getValue().isEmpty() && out.size() < max) {
                    List<IpPrefix> batch = drain(g.getValue().iterator(), 1000);
                    for (IpPrefix p : batch) {
                        pending.remove(p);
                        sent.put(p, g.getKey());
                    }
                    out.addAll(UpdatePacker.announce(f, batch, g.getKey().attributes(), g.getKey().nextHops(),
                            maxMessageLength));
                }
                if (g.getValue().isEmpty()) {
                    it.remove();
                }
            }
        }
        if (out.size() < max && pending.isEmpty() && initialDumpQueued && !endOfRibDue.isEmpty()) {
            for (AfiSafi f : endOfRibDue) {
                out.add(Update.endOfRib(f));
            }
            endOfRibDue.clear();
        }
        return out;
    }

    private static List<IpPrefix> drain(Iterator<IpPrefix> it, int n) {
        List<IpPrefix> batch = new ArrayList<>(Math.min(n, 64));
        while (it.hasNext() && batch.size() < n) {
            batch.add(it.next());
            it.remove();
        }
        return batch;
    }
}
