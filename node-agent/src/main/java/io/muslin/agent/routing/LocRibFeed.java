package io.muslin.agent.routing;

import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.linux.RouteProgrammer;
import java.util.ArrayList;
import java.util.List;

/**
 * The speaker's Loc-RIB into the route programmer, on the RIB's thread (the programmer only
 * queues). A route whose best path is our own (an originated block) is not a learned route: it
 * is the programmer's blackhole from the node intent, so it goes as a withdrawal. The snapshot's
 * {@code complete} flag passes through unchanged: while the speaker restarts gracefully it is
 * false and the programmer deletes nothing of ours.
 */
public final class LocRibFeed implements LocRibListener {
    private final RouteProgrammer programmer;
    private volatile boolean complete;
    private volatile boolean stopped;

    public LocRibFeed(RouteProgrammer programmer) {
        this.programmer = programmer;
    }

    /**
     * Hands nothing more to the programmer: called first when the agent stops, so the sessions
     * going down (and their routes leaving the Loc-RIB) never reach the kernel.
     */
    public void stop() {
        stopped = true;
    }

    @Override
    public void snapshot(List<RouteChange> routes, boolean complete) {
        if (stopped) {
            return;
        }
        List<LearnedRoute> learned = new ArrayList<>(routes.size());
        for (RouteChange c : routes) {
            if (!c.withdrawn() && !c.isLocal()) {
                learned.add(toLearned(c));
            }
        }
        programmer.replaceLearned(learned, complete);
        this.complete |= complete;
    }

    @Override
    public void changes(List<RouteChange> changes) {
        if (stopped) {
            return;
        }
        List<LearnedRoute> out = new ArrayList<>(changes.size());
        for (RouteChange c : changes) {
            out.add(toLearned(c));
        }
        programmer.updateLearned(out);
    }

    /** A complete snapshot has been handed over. */
    public boolean complete() {
        return complete;
    }

    static LearnedRoute toLearned(RouteChange c) {
        if (c.withdrawn() || c.isLocal() || c.nextHops().isEmpty()) {
            return LearnedRoute.withdrawn(c.prefix());
        }
        return new LearnedRoute(c.prefix(), c.nextHops());
    }
}
