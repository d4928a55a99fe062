import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.muslin.bgp.cli.SpeakerConfig;
import io.muslin.bgp.rib.AttrSet;
import io.muslin.bgp.rib.LocRibListener;
import io.muslin.bgp.rib.RouteChange;
import io.muslin.bgp.rib.Selection;
import io.muslin.bgp.speaker.PeerStatus;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.speaker.SpeakerStatus;
import io.muslin.bgp.wire.AsPathSegment;
import io.muslin.bgp.wire.PathAttribute;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Muslin as the ingest benchmark runs it: the speaker of the node agent ({@code new
 * Speaker(desired)}, the configuration file of {@code muslin-bgp}) with a Loc-RIB consumer
 * attached the way the agent attaches the route programmer: on the RIB's thread each change
 * becomes a (prefix, next hops) value handed to a queue, and a thread of its own applies the
 * batches to its desired table. Nothing is warmed up. HTTP on {@code --http ADDR:PORT}:
 * {@code /count} (routes in the consumer's table: what the benchmark waits for), {@code /route?prefix=P}
 * (the consumer's next hops and the Loc-RIB's best path attributes) and {@code /status}.
 *
 * <p>Usage: {@code java -cp muslin-bgp-cli.jar:lib/*:. MuslinReceiver --config FILE --http 127.0.0.1:9179}
 */
public final class MuslinReceiver {
    /** A learned route as the route programmer takes it: prefix and next hops (none: withdrawn). */
    record Learned(IpPrefix prefix, List<IpAddress> nextHops) {
    }

    /** The route programmer's side: batches from the RIB thread, applied on a thread of its own. */
    static final class Consumer implements LocRibListener {
        final BlockingQueue<List<Learned>> queue = new LinkedBlockingQueue<>();
        final Map<IpPrefix, List<IpAddress>> table = new HashMap<>();
        volatile int size;
        volatile long batches;

        @Override
        public void snapshot(List<RouteChange> routes, boolean complete) {
            changes(routes);
        }

        @Override
        public void changes(List<RouteChange> changes) {
            List<Learned> out = new ArrayList<>(changes.size());
            for (RouteChange c : changes) {
                out.add(c.withdrawn() || c.isLocal() || c.nextHops().isEmpty()
                        ? new Learned(c.prefix(), List.of()) : new Learned(c.prefix(), c.nextHops()));
            }
            queue.add(out);
        }

        void run() {
            try {
                while (true) {
                    List<Learned> batch = queue.take();
                    for (Learned l : batch) {
                        if (l.nextHops().isEmpty()) {
                            table.remove(l.prefix());
                        } else {
                            table.put(l.prefix(), l.nextHops());
                        }
                    }
                    synchronized (this) {
                        size = table.size();
                        batches++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        synchronized List<IpAddress> get(IpPrefix p) {
            return table.get(p);
        }
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        String http = "127.0.0.1:9179";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> config = Path.of(args[i + 1]);
                case "--http" -> http = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        SpeakerConfig cfg = SpeakerConfig.load(config);
        Consumer consumer = new Consumer();
        Thread.ofPlatform().daemon().name("route-programmer").start(consumer::run);
        Speaker speaker = new Speaker(cfg.desired());
        speaker.subscribe(consumer);
        speaker.start();

        int colon = http.lastIndexOf(':');
        HttpServer server = HttpServer.create(new InetSocketAddress(http.substring(0, colon), Integer.parseInt(http.substring(colon + 1))), 16);
        server.createContext("/count", ex -> reply(ex, "{\"consumer\":" + consumer.size + "}"));
        server.createContext("/status", ex -> reply(ex, status(speaker, consumer)));
        server.createContext("/route", ex -> {
            String q = ex.getRequestURI().getQuery();
            IpPrefix p = IpPrefix.parse(q.substring(q.indexOf('=') + 1));
            reply(ex, route(speaker, consumer, p));
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            speaker.close();
        }));
        Thread.currentThread().join();
    }

    static void reply(HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("content-type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    static String status(Speaker speaker, Consumer consumer) {
        SpeakerStatus s = speaker.status();
        long received = 0;
        int established = 0;
        for (PeerStatus p : s.peers()) {
            received += p.prefixesReceived();
            established += p.establishedSince() != null ? 1 : 0;
        }
        return "{\"locRibRoutes\":" + s.locRibRoutes() + ",\"prefixesReceived\":" + received + ",\"established\":" + established
                + ",\"consumer\":" + consumer.size + ",\"consumerBatches\":" + consumer.batches + "}";
    }

    static String route(Speaker speaker, Consumer consumer, IpPrefix p) {
        List<IpAddress> hops = consumer.get(p);
        Selection sel;
        try {
            sel = speaker.rib().query(core -> core.selection(p)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "{\"error\":\"" + e + "\"}";
        }
        StringJoiner j = new StringJoiner(",", "{", "}");
        j.add("\"consumer_next_hops\":" + (hops == null ? "null" : strings(hops)));
        if (sel == null) {
            j.add("\"rib\":null");
            return j.toString();
        }
        AttrSet a = sel.best().attrs();
        StringJoiner path = new StringJoiner(",", "[", "]");
        for (AsPathSegment seg : a.asPath().segments()) {
            for (long asn : seg.asns()) {
                path.add(Long.toString(asn));
            }
        }
        PathAttribute.MultiExitDisc med = a.find(PathAttribute.MultiExitDisc.class);
        PathAttribute.Origin origin = a.find(PathAttribute.Origin.class);
        PathAttribute.Communities comm = a.find(PathAttribute.Communities.class);
        PathAttribute.LargeCommunities large = a.find(PathAttribute.LargeCommunities.class);
        List<String> cs = new ArrayList<>();
        if (comm != null) {
            comm.values().forEach(c -> cs.add((c >>> 16) + ":" + (c & 0xFFFF)));
        }
        List<String> ls = new ArrayList<>();
        if (large != null) {
            large.values().forEach(l -> ls.add(l.global() + ":" + l.local1() + ":" + l.local2()));
        }
        j.add("\"rib\":{\"origin\":" + (origin == null ? "null" : origin.value()) + ",\"as_path\":" + path + ",\"med\":"
                + (med == null ? "null" : med.value()) + ",\"communities\":" + strings(cs) + ",\"large\":" + strings(ls)
                + ",\"next_hops\":" + strings(a.nextHops()) + "}");
        return j.toString();
    }

    static String strings(List<?> xs) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        xs.forEach(x -> j.add("\"" + x + "\""));
        return j.toString();
    }
}
