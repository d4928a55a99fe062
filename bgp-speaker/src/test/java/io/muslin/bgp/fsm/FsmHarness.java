package io.muslin.bgp.fsm;

import io.muslin.bgp.wire.AfiSafi;
import io.muslin.bgp.wire.BgpMessage;
import io.muslin.bgp.wire.Capability;
import io.muslin.bgp.wire.DecodedMessage;
import io.muslin.bgp.wire.Keepalive;
import io.muslin.bgp.wire.Open;
import java.util.ArrayList;
import java.util.List;

/** Drives a {@link SessionFsm} synchronously with a fake clock: no sockets, no sleeps. */
final class FsmHarness {
    long now = 1_000_000;
    final SessionFsm fsm;
    final List<Output> all = new ArrayList<>();
    List<Output> last = List.of();

    FsmHarness(SessionSettings settings) {
        fsm = new SessionFsm(settings, () -> now, d -> d);
    }

    static int ip(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    static Open peerOpen(long as, int id, int hold, Capability... extra) {
        List<Capability> caps = new ArrayList<>(List.of(new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
                new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST), new Capability.RouteRefreshSupport(),
                new Capability.FourOctetAs(as)));
        caps.addAll(List.of(extra));
        return Open.of(as, hold, id, caps);
    }

    List<Output> in(Input input) {
        last = fsm.process(input);
        all.addAll(last);
        return last;
    }

    List<Output> receive(int conn, BgpMessage m) {
        return in(new Input.Received(conn, DecodedMessage.clean(m)));
    }

    List<Output> advance(long millis) {
        now += millis;
        return List.of();
    }

    List<Output> fire(Timer t, int conn) {
        return in(new Input.TimerFired(new TimerKey(t, conn)));
    }

    /** Start, connect out on connection 1, exchange OPEN and KEEPALIVE: Established. */
    void establishOutbound(Open peer) {
        in(new Input.Start());
        in(new Input.Connected(1, Direction.OUTBOUND));
        receive(1, peer);
        receive(1, Keepalive.INSTANCE);
    }

    <T extends Output> List<T> of(Class<T> kind) {
        return last.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    List<BgpMessage> sent(int conn) {
        return last.stream().filter(o -> o instanceof Output.Send s && s.connection() == conn)
                .map(o -> ((Output.Send) o).message()).toList();
    }
}
