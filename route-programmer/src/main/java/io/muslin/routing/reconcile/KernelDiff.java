package io.muslin.routing.reconcile;

import io.muslin.netlink.Route;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kernel has against what is planned, for {@link RouteReconciler}: a resync's dump
 * matched to the route states (routes of ours under keys we never write are strays, routes of
 * ours that no state wants are stale and join the round), and for every state of a round whether
 * it needs a delete or a replace. Also the two small steps both sides share: whether a state's
 * plan can be written, and the kernel route it is written as.
 * <p>Not thread-safe: the reconciler's thread only. Nothing here is built per route beyond what
 * the plan's own kernel route needs.
 */
final class KernelDiff {
    private final KernelView view;
    private final RouteBook book;
    /** Which dump a state was last seen in; 0 means "no dump" to {@link #decide}. */
    private int generation;
    /** Routes of ours the last dump showed under keys we never write (deleted once the learned routes are complete). */
    private final List<Route> strays = new ArrayList<>();
    /** States made for routes of ours the last dump showed and nothing wants: stale, they join the round. */
    private final List<RouteState> stale = new ArrayList<>();

    KernelDiff(KernelView view, RouteBook book) {
        this.view = view;
        this.book = book;
    }

    /** The last dump's generation (never 0 after a dump). */
    int generation() {
        return generation;
    }

    /** Strays of the last dump still withheld (the learned routes were not complete). */
    int strays() {
        return strays.size();
    }

    /** Moves the stale states the last dump found into {@code round}. */
    void takeStale(List<RouteState> round) {
        round.addAll(stale);
        stale.clear();
    }

    /**
     * Sets what the kernel has of ours for every state from the dump; routes of ours under keys
     * we never write are strays, into {@code strayDeletes} once {@code learnedComplete}.
     */
    void match(List<Route> dumped, KernelForm form, boolean learnedComplete, List<Route> strayDeletes) {
        int gen = ++generation == 0 ? ++generation : generation; // 0 means "no dump" to decide
        strays.clear();
        for (Route k : dumped) {
            if (!view.inOurTable(k)) {
                continue;
            }
            if (!view.ours(k)) {
                view.noteForeign(k);
                continue;
            }
            if (!form.underOurKey(k)) {
                strays.add(k);
                continue;
            }
            RouteState st = book.get(k.dst());
            if (st == null) {
                st = book.getOrCreate(k.dst()); // ours, wanted by no one (yet): stale
                st.inRound = true;
                stale.add(st);
            }
            st.seen = gen;
            // Compared with the plan's shape, not with a route built for this destination.
            st.asPlanned = routable(st, form) && form.asPlanned(k, st.hops);
            st.installed = st.asPlanned ? null : k;
        }
        if (learnedComplete) {
            strayDeletes.addAll(strays);
            strays.clear();
        }
    }

    /**
     * Which states need a delete or a replace; returns how many deletions are withheld (the
     * learned routes not complete). After a dump ({@code dumpGeneration} not 0), a state the dump
     * did not show has nothing in the kernel.
     */
    static int decide(List<RouteState> round, int dumpGeneration, KernelForm form, boolean learnedComplete,
                      List<RouteState> deletes, List<RouteState> replaces) {
        int kept = 0;
        for (RouteState st : round) {
            if (dumpGeneration != 0 && st.seen != dumpGeneration) {
                st.asPlanned = false;
                st.installed = null;
            }
            if (!routable(st, form)) {
                if (st.installed != null) {
                    if (learnedComplete) {
                        deletes.add(st);
                    } else {
                        kept++;
                    }
                }
            } else if (!st.asPlanned) {
                Route want = desired(st, form);
                if (st.installed != null && KernelForm.same(st.installed, want)) {
                    st.asPlanned = true;
                    st.installed = null;
                } else {
                    replaces.add(st);
                }
            }
        }
        return kept;
    }

    /**
     * Whether the current plan can be written (it has hops, and a device for them), without
     * building its route; when it cannot, the reason goes into the state's problem, as {@link #desired} does.
     */
    static boolean routable(RouteState st, KernelForm form) {
        if (st.hops == null) {
            return false;
        }
        if (st.desired != null) {
            return true;
        }
        String why = form.problem(st.hops);
        if (why != null) {
            st.problem = why;
            return false;
        }
        return true;
    }

    /** The kernel route to write for the current plan (kept on the state for this apply), or null. */
    static Route desired(RouteState st, KernelForm form) {
        if (st.desired == null && st.hops != null) {
            String[] why = {null};
            st.desired = form.toKernel(st.prefix, st.hops, why);
            if (st.desired == null) {
                st.problem = why[0];
            }
        }
        return st.desired;
    }
}
