package io.muslin.routing.reconcile;

import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Batch;
import io.muslin.netlink.Netlink;
import io.muslin.netlink.NetlinkException;
import io.muslin.netlink.Route;
import io.muslin.routing.HostInterface;
import io.muslin.routing.Intent;
import io.muslin.routing.LearnedRoute;
import io.muslin.routing.NodeIntent;
import io.muslin.routing.Plan;
import io.muslin.routing.PlanContext;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.RoutePlanner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Desired routes vs the kernel (Felix's delta tracker and BIRD's krt scan); the comparison of a
 * dump with the plans, and which routes need a delete or a replace, is {@link KernelDiff}'s.
 * <ul>
 *   <li>Inputs: this node ({@link #setNode}), the learned routes as a whole ({@link #replaceLearned},
 *       with whether the Loc-RIB is complete) or as changes ({@link #updateLearned}).</li>
 *   <li>Incremental: an {@link #apply} between resyncs plans and writes only the destinations
 *       that changed since the last one; a resync (timer, {@link #requestResync}, a new node or
 *       new interfaces) dumps the kernel and compares everything.</li>
 *   <li>Ownership: a route is ours when it carries our protocol number in our table; only those
 *       are ever deleted. A foreign route holding a key we want is left alone and reported.</li>
 *   <li>Nothing is read or written before the first node intent, nothing written before the
 *       first successful dump.</li>
 *   <li>While the learned routes are not complete (a restart: the speaker waits for its peers'
 *       End-of-RIB), nothing of ours is deleted — learned routes, blackholes, neighbour entries,
 *       tunnel addresses and devices stay; new and changed routes are still written. Once
 *       complete, the kernel is re-read and what is stale goes.</li>
 *   <li>Deletes first, then replaces; errors are collected per route and retried next time.
 *       A second {@link #apply} with nothing new writes nothing.</li>
 * </ul>
 * Not thread-safe: {@link io.muslin.routing.linux.RouteProgrammer} calls it from one thread.
 */
public final class RouteReconciler {
    private final Netlink kernel;
    private final PlannerConfig config;
    private final RoutePlanner planner;
    private final Clock clock;
    private final long resyncMillis;
    private final RouteBook book = new RouteBook();
    private final TunnelDevices devices;
    private final VxlanPeers peers;

    private NodeIntent node;
    private boolean learnedComplete;
    private boolean synced;
    private boolean resyncRequested = true;
    private long nextResyncAt;
    private Intent lastIntent;

    private PlanContext context;
    private List<HostInterface> contextInterfaces;
    private Map<String, Integer> contextIndexes;
    private KernelForm form;
    private final KernelView view;
    private final KernelDiff diff;
    private final List<RouteState> dirty = new ArrayList<>();
    private TunnelStatus tunnels = TunnelStatus.NONE;

    public RouteReconciler(Netlink kernel, PlannerConfig config, Clock clock, long resyncMillis) {
        this.kernel = kernel;
        this.config = config;
        this.planner = new RoutePlanner(config);
        this.clock = clock;
        this.resyncMillis = resyncMillis;
        this.devices = new TunnelDevices(kernel);
        this.peers = new VxlanPeers(kernel);
        this.view = new KernelView(kernel, config);
        this.diff = new KernelDiff(view, book);
    }

    // ---- inputs ----------------------------------------------------------------------------

    /** This node: address, pools, own blocks, tunnel address. Everything is planned again. */
    public void setNode(NodeIntent n) {
        if (n.equals(node)) {
            return;
        }
        Set<IpPrefix> before = node == null ? Set.of() : new HashSet<>(node.ownBlocks());
        node = n;
        context = null;
        for (IpPrefix b : before) {
            RouteState st = book.get(b);
            if (st != null && !n.ownBlocks().contains(b)) {
                st.own = false;
                markDirty(st);
            }
        }
        for (IpPrefix b : n.ownBlocks()) {
            RouteState st = book.getOrCreate(b);
            st.own = true;
            markDirty(st);
        }
    }

    /**
     * Every learned route (a prefix listed twice gets the union of its next hops). Learned
     * prefixes missing from {@code all} are withdrawn. {@code complete} false: the Loc-RIB is
     * still filling after a restart, so no route of ours is deleted until a later call says true.
     */
    public void replaceLearned(Collection<LearnedRoute> all, boolean complete) {
        Map<IpPrefix, List<IpAddress>> merged = RoutePlanner.merge(List.copyOf(all));
        for (RouteState st : book.all()) {
            if (st.learned != null && !merged.containsKey(st.prefix)) {
                st.learned = null;
                markDirty(st);
            }
        }
        merged.forEach(this::setLearned);
        setLearnedComplete(complete);
    }

    /** Changes to the learned routes, in order (the last one for a prefix wins); no next hop = withdrawn. */
    public void updateLearned(Collection<LearnedRoute> changes) {
        for (LearnedRoute c : changes) {
            setLearned(c.prefix(), c.isWithdrawn() ? null : c.nextHops());
        }
    }

    /** Whether the Loc-RIB is complete; becoming complete re-reads the kernel so stale routes go. */
    public void setLearnedComplete(boolean complete) {
        if (complete && !learnedComplete) {
            resyncRequested = true;
        }
        learnedComplete = complete;
    }

    private void setLearned(IpPrefix prefix, List<IpAddress> hops) {
        RouteState st = hops == null ? book.get(prefix) : book.getOrCreate(prefix);
        if (st != null && !Objects.equals(st.learned, hops)) {
            st.learned = hops;
            markDirty(st);
        }
    }

    private void markDirty(RouteState st) {
        if (!st.dirty) {
            st.dirty = true;
            dirty.add(st);
        }
    }

    /** The next {@link #apply} re-reads the kernel first (link/address change, overrun, route removed by hand). */
    public void requestResync() {
        resyncRequested = true;
    }

    /** True when the next apply re-reads the kernel. */
    public boolean resyncDue() {
        return !synced || resyncRequested || clock.millis() >= nextResyncAt;
    }

    /** True when learned-route or node changes wait to be applied. */
    public boolean changesQueued() {
        return node != null && !dirty.isEmpty();
    }

    /** True when an apply now would do something (changes queued, or a resync due). */
    public boolean workPending() {
        return node != null && (!dirty.isEmpty() || resyncDue());
    }

    /** Whether a node intent has been given (before it, nothing is read or written). */
    public boolean hasIntent() {
        return node != null;
    }

    /** Whether the kernel has been read successfully at least once. */
    public boolean synced() {
        return synced;
    }

    public boolean learnedComplete() {
        return learnedComplete;
    }

    public TunnelStatus tunnels() {
        return tunnels;
    }

    // ---- status ----------------------------------------------------------------------------

    /** Counts by kind and outcome; no walk over the routes. */
    public RouteTotals totals() {
        return book.totals();
    }

    /** Up to {@code limit} routes in prefix order, each with its kind, devices and outcome. */
    public List<RouteStatus> routes(int limit) {
        return book.statuses(limit, view.names());
    }

    /** One route's status, or null when the prefix is not known. */
    public RouteStatus route(IpPrefix prefix) {
        RouteState st = book.get(prefix);
        return st == null ? null : RouteBook.status(st, view.names());
    }

    // ---- applying --------------------------------------------------------------------------

    /** The whole intent at once (complete); the same object again costs only a resync when one is due. */
    public ReconcileReport apply(Intent intent) {
        if (intent != lastIntent) {
            setNode(intent.node());
            replaceLearned(intent.learned(), true);
            lastIntent = intent;
        }
        return apply();
    }

    /** One pass: a full resync when due, else the changed destinations (and earlier failures) only. */
    public ReconcileReport apply() {
        if (node == null) {
            return ReconcileReport.idle(tunnels); // no intent yet: nothing read, nothing written
        }
        if (inFlight > 0) {
            throw new IllegalStateException(inFlight + " kernel writes still in flight: finish them first");
        }
        KernelWrites w = begin(resyncDue());
        if (w.report != null) {
            return w.report;
        }
        w.run();
        return finish(w);
    }

    /**
     * The first half of an incremental apply, for a caller that pipelines: plans the queued
     * changes and returns their kernel writes without doing them. {@link KernelWrites#run} may
     * then go on another thread while the next changes are planned; {@link #finish} (on this
     * reconciler's thread) takes the outcome. Destinations whose writes are still in flight wait
     * for a later round. Null when a full resync is due (use {@link #apply} once nothing is in
     * flight), when there is no intent yet, or when nothing is queued.
     */
    public KernelWrites beginChanges() {
        if (node == null || context == null || resyncDue()) {
            return null;
        }
        boolean any = false;
        for (RouteState st : dirty) {
            if (!st.inRound) {
                any = true;
                break;
            }
        }
        if (!any && retry.isEmpty()) {
            return null;
        }
        return begin(false);
    }

    /** How many {@link KernelWrites} are planned and not finished. */
    public int inFlight() {
        return inFlight;
    }

    private int inFlight;

    private KernelWrites begin(boolean full) {
        long t0 = System.nanoTime();
        KernelWrites w = new KernelWrites(kernel, full, t0);
        List<Route> dumped = null;
        if (full) {
            try {
                dumped = view.read();
                peers.read(view.neighbours(), view.byName().get(config.vxlanDevice()));
            } catch (NetlinkException e) {
                w.errors.add(new RouteError("kernel", "dump", e.getMessage() + "; nothing written"));
                w.report = new ReconcileReport(false, 0, 0, 0, 0, 0, 0, w.errors, 1, List.of(), tunnels, System.nanoTime() - t0);
                return w;
            }
            synced = true;
            resyncRequested = false;
            nextResyncAt = clock.millis() + resyncMillis;
        }
        if (full || context == null) {
            prepare(w.errors, w.deviceWrites);
        }
        List<RouteState> round;
        if (full) {
            round = new ArrayList<>(book.all());
            dirty.clear();
        } else {
            round = new ArrayList<>(dirty.size() + retry.size());
            List<RouteState> later = new ArrayList<>();
            for (RouteState st : dirty) {
                (st.inRound ? later : round).add(st); // in flight: next time
            }
            dirty.clear();
            dirty.addAll(later);
            for (RouteState st : retry) {
                if (!st.dirty && !st.inRound && book.get(st.prefix) == st) {
                    round.add(st);
                }
            }
        }
        retry.clear();
        w.problems.addAll(context.problems());
        List<String> scratch = new ArrayList<>();
        for (RouteState st : round) {
            book.uncount(st);
            st.inRound = true;
            if (st.dirty || !full) {
                plan(st, scratch, w.problems);
            }
            st.dirty = false;
        }
        if (full) {
            diff.match(dumped, form, learnedComplete, w.strayDeletes);
            diff.takeStale(round);
        }
        w.round = round;
        w.kept = KernelDiff.decide(round, full ? diff.generation() : 0, form, learnedComplete, w.deletes, w.replaces)
                + (full ? diff.strays() : 0);
        w.dels = new Batch(w.deletes.size() + w.strayDeletes.size());
        w.writes = new Batch(w.replaces.size());
        for (RouteState st : w.deletes) {
            w.dels.routeDel(form.deletion(st.installed));
        }
        for (Route r : w.strayDeletes) {
            w.dels.routeDel(form.deletion(r));
        }
        for (RouteState st : w.replaces) {
            if (st.installed == null) {
                w.writes.routeAdd(st.desired); // nothing of ours there: exclusive, a foreign route is refused
            } else {
                w.writes.routeReplace(st.desired);
            }
        }
        inFlight++;
        return w;
    }

    /** The second half: what the kernel said for {@code w}, into the states, counts and the report. */
    public ReconcileReport finish(KernelWrites w) {
        if (w.report != null) {
            return w.report;
        }
        inFlight--;
        List<RouteError> errors = w.errors;
        int deleted = w.afterDeletes(book, retry, errors);
        int replaced = w.afterWrites(view, retry);
        if (w.unknownOwnerSeen) {
            resyncRequested = true; // a route we did not write holds a destination: learn whose
        }
        int routeErrors = 0;
        for (RouteState st : w.round) {
            st.inRound = false;
            if (st.empty()) {
                st.desired = null;
                if (book.get(st.prefix) == st && !st.dirty) {
                    book.remove(st);
                }
                continue;
            }
            book.count(st);
            if (st.problem != null && st.hops != null && !st.asPlanned) {
                routeErrors++;
                if (errors.size() < ReconcileReport.LISTED) {
                    errors.add(new RouteError(st.desired != null ? st.desired.toString() : st.planned().toString(),
                            st.desired != null ? "replace" : "plan", st.problem));
                }
            }
            st.desired = null; // built again when next needed: a million kept routes would be a lot of memory
        }
        int neighbourWrites = 0;
        if (book.takeVxlanPeersChanged() || w.full) {
            neighbourWrites = peers.reconcile(book.vxlanPeers(), context.vxlan() == null ? null : view.byName().get(config.vxlanDevice()),
                    !learnedComplete, errors);
        }
        int otherErrors = (int) errors.stream().filter(e -> !e.operation().equals("replace") && !e.operation().equals("plan")).count();
        return new ReconcileReport(w.full, w.round.size(), deleted, replaced, w.kept, neighbourWrites, w.deviceWrites[0], errors,
                routeErrors + otherErrors, w.problems, tunnels, System.nanoTime() - w.startNanos);
    }

    // Destinations whose write the kernel refused: tried again with the next apply.
    private final List<RouteState> retry = new ArrayList<>();

    /** Tunnel devices, then the planning context; a new context re-plans every destination. */
    private void prepare(List<RouteError> errors, int[] deviceWrites) {
        PlanContext candidate = planner.context(node, view.hostInterfaces());
        tunnels = devices.ensure(candidate.ipip(), candidate.vxlan(), config.vxlanDevice(), view.byName(), view.addrs(), !learnedComplete,
                errors, deviceWrites);
        if (deviceWrites[0] > 0) {
            view.refreshLinks();
        }
        List<HostInterface> interfaces = view.hostInterfaces();
        Map<String, Integer> indexes = new HashMap<>();
        view.byName().forEach((k, v) -> indexes.put(k, v.index()));
        if (context == null || !context.node().equals(node) || !interfaces.equals(contextInterfaces)
                || !indexes.equals(contextIndexes) || form == null || !tunnels.equals(formTunnels)) {
            context = planner.context(node, interfaces);
            contextInterfaces = interfaces;
            contextIndexes = indexes;
            form = new KernelForm(config, view.byName(), tunnels);
            formTunnels = tunnels;
            for (RouteState st : book.all()) {
                markDirty(st);
            }
        }
    }

    private TunnelStatus formTunnels;

    private void plan(RouteState st, List<String> scratch, List<String> problems) {
        scratch.clear();
        st.problem = null;
        List<Plan.Hop> hops = null;
        if (st.own) {
            hops = BLACKHOLE;
        } else if (st.learned != null) {
            hops = context.learnedHops(st.prefix, st.learned, scratch);
            if (!scratch.isEmpty()) {
                for (String s : scratch) {
                    if (problems.size() < ReconcileReport.LISTED) {
                        problems.add(st.prefix + ": " + s);
                    }
                }
                if (hops == null) {
                    st.problem = scratch.getLast();
                }
            }
        }
        if (st.asPlanned && !Objects.equals(st.hops, hops)) {
            // The kernel holds the old plan: all of it to compare with a new plan, its key to delete it.
            st.installed = hops == null ? form.deletionOf(st.prefix, st.hops) : form.asWritten(st.prefix, st.hops);
            st.asPlanned = false;
        }
        st.hops = hops;
        st.desired = null;
        KernelDiff.desired(st, form);
    }

    private static final List<Plan.Hop> BLACKHOLE = List.of();
}
