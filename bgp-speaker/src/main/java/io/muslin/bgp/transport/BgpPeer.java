package io.muslin.bgp.transport;

import io.muslin.bgp.fsm.Direction;
import io.muslin.bgp.fsm.Input;
import io.muslin.bgp.fsm.Negotiated;
import io.muslin.bgp.fsm.Output;
import io.muslin.bgp.fsm.SessionFsm;
import io.muslin.bgp.fsm.SessionState;
import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.BgpMessage;
import io.muslin.bgp.wire.BgpProtocolException;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.MessageDecoder;
import io.muslin.bgp.wire.MessageEncoder;
import io.muslin.bgp.wire.Notification;
import io.muslin.bgp.wire.RouteRefresh;
import io.muslin.bgp.wire.Update;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer: a {@link SessionFsm} driven on the peer's own event loop, and the Netty channels
 * and timers it asks for. All FSM inputs run on that loop, so the FSM needs no locks; one peer's
 * failure or malformed input touches nothing outside this object.
 */
public final class BgpPeer {
    private static final Logger log = LoggerFactory.getLogger(BgpPeer.class);

    private final PeerConfig config;
    private final Transport transport;
    private final EventLoop loop;
    private final Executor socketExecutor;
    private final PeerListener listener;
    private final OutboundUpdates outbound;
    private final SessionFsm fsm;
    private final Map<Integer, PeerChannel> connections = new HashMap<>();
    private final PeerTimers timers;
    private final Set<Channel> toFlush = new HashSet<>();
    private final PeerCounters counters = new PeerCounters();
    private volatile SessionState state = SessionState.IDLE;
    private volatile Negotiated negotiated;
    private volatile long establishedAtMillis;
    private volatile String lastDownReason = "";
    private volatile InetSocketAddress localAddress;
    private boolean exportRequested;
    private boolean exportWanted;

    BgpPeer(PeerConfig config, Transport transport, Executor socketExecutor, PeerListener listener,
            OutboundUpdates outbound) {
        transport.checkSupports(config);
        this.config = config;
        this.transport = transport;
        this.loop = transport.group().next();
        this.socketExecutor = socketExecutor;
        this.listener = listener;
        this.outbound = outbound;
        this.timers = new PeerTimers(loop, key -> input(new Input.TimerFired(key)));
        this.fsm = new SessionFsm(config.session(), () -> System.nanoTime() / 1_000_000, SessionFsm::rfcJitter);
    }

    public PeerConfig config() {
        return config;
    }

    public SessionState state() {
        return state;
    }

    /** What the session agreed while Established, else null. */
    public Negotiated negotiated() {
        return negotiated;
    }

    public long establishedAtMillis() {
        return establishedAtMillis;
    }

    public String lastDownReason() {
        return lastDownReason;
    }

    public long messagesReceived() {
        return counters.messagesIn.get();
    }

    public long messagesSent() {
        return counters.messagesOut.get();
    }

    public long updatesReceived() {
        return counters.updatesIn.get();
    }

    public long updatesSent() {
        return counters.updatesOut.get();
    }

    /** NOTIFICATIONs received so far by {@code code << 8 | subcode}. */
    public Map<Integer, Long> notificationsReceived() {
        return counters.notificationsReceived();
    }

    /** NOTIFICATIONs sent so far by {@code code << 8 | subcode}. */
    public Map<Integer, Long> notificationsSent() {
        return counters.notificationsSent();
    }

    public EventLoop eventLoop() {
        return loop;
    }

    public void start() {
        input(new Input.Start());
    }

    /** Administrative stop with a Cease carrying an RFC 9003 shutdown communication. */
    public void stop(int ceaseSubcode, String communication) {
        input(new Input.Stop(Notification.cease(ceaseSubcode, communication)));
    }

    /**
     * Stop for a restart: the connections close without NOTIFICATION, so a peer that negotiated
     * graceful restart keeps our routes as stale until we are back (RFC 4724 §4.2).
     */
    public void stopForRestart() {
        input(Input.Stop.forRestart());
    }

    /** This end of the established connection, or null. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** New UPDATEs may be waiting in the {@link OutboundUpdates}: send what the channel can take. */
    public void exportReady() {
        if (loop.isShuttingDown()) {
            return; // the speaker is closing: nothing will be sent any more
        }
        try {
            loop.execute(() -> {
                exportWanted = true;
                pump();
            });
        } catch (RejectedExecutionException e) {
            // closed between the check and the hand-over: nothing will be sent any more
        }
    }

    /**
     * Ends the session with this NOTIFICATION and stays Idle for {@code restartAfter} (e.g. Cease
     * 6/1 when the peer sent too many prefixes).
     */
    public void reset(Notification notification, Duration restartAfter) {
        input(new Input.Reset(notification, restartAfter.toMillis()));
    }

    /** Our restart is over: the next OPENs clear the restart-state bit (RFC 4724 §3). */
    public void restartComplete() {
        input(new Input.RestartComplete());
    }

    /** Sends a ROUTE-REFRESH (RFC 2918) when the session negotiated it; false otherwise. */
    public boolean requestRouteRefresh(AfiSafi family) {
        Negotiated n = negotiated;
        if (n == null || !n.routeRefresh() || !n.families().contains(family)) {
            return false;
        }
        loop.execute(() -> {
            int id = fsm.establishedConnection();
            if (id != 0) {
                send(id, new RouteRefresh(family));
                PeerChannel c = connections.get(id);
                if (c != null) {
                    c.channel.flush();
                }
            }
        });
        return true;
    }

    /** Stops reading from the established connection: at once on the peer's event loop, else handed to it. */
    public void pauseReading() {
        if (loop.inEventLoop()) {
            setReading(false);
        } else {
            loop.execute(() -> setReading(false));
        }
    }

    /** Reads from the established connection again: at once on the peer's event loop, else handed to it. */
    public void resumeReading() {
        if (loop.inEventLoop()) {
            setReading(true); // no task object for the common case: the throttle resumes from the loop
        } else {
            loop.execute(() -> setReading(true));
        }
    }

    private void setReading(boolean on) {
        PeerChannel c = connections.get(fsm.establishedConnection());
        if (c != null) {
            c.channel.config().setAutoRead(on);
        }
    }

    /** Runs a task on this peer's event loop (the only thread that touches its state). */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    // ---- inputs ------------------------------------------------------------------------------

    private void input(Input in) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> input(in));
            return;
        }
        List<Output> outputs;
        try {
            outputs = fsm.process(in);
        } catch (RuntimeException e) {
            log.error("peer {}: state machine failed on {}", name(), in, e);
            return;
        }
        for (int i = 0; i < outputs.size(); i++) {
            perform(outputs.get(i));
        }
        if (!toFlush.isEmpty()) {
            for (Channel ch : toFlush) {
                ch.flush();
            }
            toFlush.clear();
        }
    }

    /** An accepted connection from this peer's address (auto-read off until registered here). */
    void incoming(SocketChannel ch) {
        loop.execute(() -> {
            int id = fsm.newConnectionId();
            ConnectionOptions.inbound(ch, config, transport);
            connections.put(id, new PeerChannel(ch));
            ch.pipeline().addLast(new ConnectionHandler(this, id));
            input(new Input.Connected(id, Direction.INBOUND));
            ch.config().setAutoRead(true);
        });
    }

    void frame(int id, ByteBuf frame) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> frame(id, frame));
            return;
        }
        try {
            PeerChannel c = connections.get(id);
            if (c == null) {
                return;
            }
            counters.messagesIn.incrementAndGet();
            DecodedMessage decoded;
            try {
                decoded = MessageDecoder.decode(frame, c.codec);
            } catch (BgpProtocolException e) {
                input(new Input.ProtocolError(id, e));
                return;
            } catch (RuntimeException e) {
                log.error("peer {}: decoder failed; ending only this session", name(), e);
                input(new Input.ProtocolError(id, new BgpProtocolException(Notification.CEASE, 0, "internal error: " + e)));
                return;
            }
            if (!decoded.errors().isEmpty()) {
                log.warn("peer {}: {} {}", name(), decoded.action().label(), decoded.errors());
            }
            if (decoded.message() instanceof Update) {
                counters.updatesIn.incrementAndGet();
            } else if (decoded.message() instanceof Notification n) {
                counters.notificationReceived(n);
                listener.notificationReceived(this, n);
            }
            input(new Input.Received(id, decoded));
        } finally {
            frame.release();
        }
    }

    void frameError(int id, BgpProtocolException e) {
        input(new Input.ProtocolError(id, e));
    }

    void closed(int id, String reason) {
        input(new Input.Closed(id, reason));
    }

    void writable(int id) {
        loop.execute(() -> {
            PeerChannel c = connections.get(id);
            if (c != null && c.channel.isWritable() && id == fsm.establishedConnection()) {
                pump();
            }
        });
    }

    // ---- outputs -----------------------------------------------------------------------------

    private void perform(Output o) {
        if (o instanceof Output.Deliver d) {
            listener.received(this, d.message()); // most outputs: decided without the type switch
            return;
        }
        switch (o) {
            case Output.Connect c -> connect(c.connection());
            case Output.Send s -> send(s.connection(), s.message());
            case Output.Close c -> {
                PeerChannel conn = connections.remove(c.connection());
                if (conn != null) {
                    conn.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                    toFlush.remove(conn.channel);
                }
            }
            case Output.UseCodec u -> {
                PeerChannel conn = connections.get(u.connection());
                if (conn != null) {
                    conn.codec = u.context();
                }
            }
            case Output.ArmTimer a -> timers.arm(a.key(), a.delayMillis());
            case Output.CancelTimer c -> timers.cancel(c.key());
            case Output.StateChanged s -> {
                state = s.to();
                log.debug("peer {}: {} -> {} ({})", name(), s.from().displayName(), s.to().displayName(), s.reason());
                listener.stateChanged(this, s.from(), s.to(), s.reason());
            }
            case Output.Established e -> {
                negotiated = e.negotiated();
                establishedAtMillis = System.currentTimeMillis();
                PeerChannel conn = connections.get(e.connection());
                localAddress = conn == null ? null : (InetSocketAddress) conn.channel.localAddress();
                exportRequested = false;
                outbound.reset(e.negotiated(), localAddress);
                listener.established(this, e.negotiated());
                pump();
            }
            case Output.Down d -> {
                negotiated = null;
                localAddress = null;
                lastDownReason = d.reason();
                listener.down(this, d.reason(), d.peerMayRestart());
            }
            case Output.Deliver d -> listener.received(this, d.message());
            case Output.FamilyDisabled f -> listener.familyDisabled(this, f.family(), f.reason());
        }
    }

    private void send(int id, BgpMessage message) {
        PeerChannel c = connections.get(id);
        if (c == null) {
            return;
        }
        ByteBuf buf;
        try {
            buf = MessageEncoder.encode(message, c.codec, c.channel.alloc());
        } catch (IllegalArgumentException e) {
            log.error("peer {}: not sending {}: {}", name(), BgpMessage.typeName(message.type()), e.getMessage());
            return;
        }
        counters.messagesOut.incrementAndGet();
        if (message instanceof Update) {
            counters.updatesOut.incrementAndGet();
        } else if (message instanceof Notification n) {
            counters.notificationSent(n);
            listener.notificationSent(this, n);
        }
        c.channel.write(buf);
        toFlush.add(c.channel);
    }

    /**
     * Asks the outbound source for UPDATEs while the established channel is writable, one request
     * at a time; an answer for a session that has ended meanwhile is dropped.
     */
    private void pump() {
        int id = fsm.establishedConnection();
        PeerChannel c = connections.get(id);
        if (c == null || exportRequested || !c.channel.isWritable()) {
            return;
        }
        exportRequested = true;
        exportWanted = false;
        outbound.request(64, batch -> loop.execute(() -> {
            exportRequested = false;
            PeerChannel now = connections.get(id);
            if (now == null || fsm.establishedConnection() != id) {
                return;
            }
            for (Update u : batch) {
                send(id, u);
            }
            if (!batch.isEmpty()) {
                now.channel.flush();
                toFlush.remove(now.channel);
            }
            if (!batch.isEmpty() || exportWanted) {
                pump();
            }
        }));
    }

    private void connect(int id) {
        Bootstrap b = ConnectionOptions.outbound(config, transport, loop);
        InetSocketAddress remote = new InetSocketAddress(config.address().toInetAddress(), config.port());
        socketExecutor.execute(() -> {
            ChannelFuture f = config.localAddress() == null ? b.connect(remote)
                    : b.connect(remote, new InetSocketAddress(config.localAddress().toInetAddress(), 0));
            f.addListener((ChannelFuture done) -> loop.execute(() -> connectDone(id, done)));
        });
    }

    private void connectDone(int id, ChannelFuture f) {
        if (!f.isSuccess()) {
            input(new Input.ConnectFailed(id, ConnectionHandler.describe(f.cause())));
            return;
        }
        Channel ch = f.channel();
        connections.put(id, new PeerChannel(ch));
        ch.pipeline().addLast(new ConnectionHandler(this, id));
        input(new Input.Connected(id, Direction.OUTBOUND));
        if (connections.containsKey(id)) {
            ch.config().setAutoRead(true);
        } else {
            ch.close();
        }
    }

    /** Closes every channel and cancels every timer without telling the FSM (speaker shutdown). */
    void forceClose() {
        loop.execute(() -> {
            for (PeerChannel c : connections.values()) {
                c.channel.close();
            }
            connections.clear();
            timers.cancelAll();
        });
    }

    /** The peer's address as text (RFC 5952 for IPv6): its name in logs, events and the RIB. */
    public String name() {
        return config.address().toString();
    }

    @Override
    public String toString() {
        return "BgpPeer[" + name() + " " + state.displayName() + "]";
    }
}
