package io.muslin.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.muslin.bgp.wire.PathAttribute.AsPath;
import io.muslin.bgp.wire.PathAttribute.MpReach;
import io.muslin.bgp.wire.PathAttribute.MpUnreach;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors: every message BIRD 2, FRR, GoBGP and ExaBGP sent to a raw capturing peer
 * ({@code io.muslin.bgp.interop.GoldenCapture}, files under {@code src/test/resources/golden}).
 * Each one decodes, with its session's context, to the record its daemon was configured to send
 * ({@link GoldenExpectations}), without any RFC 7606 error, and encodes back to exactly the
 * captured bytes.
 */
class GoldenVectorTest {
    private static final Map<String, BgpMessage> EXPECTED = GoldenExpectations.all();

    /** One captured message: {@code name} is {@code <daemon>/<session>/<file without .hex>}. */
    record Vector(String name, byte[] bytes, CodecContext ctx) {
        @Override
        public String toString() {
            return name;
        }

        String daemon() {
            return name.substring(0, name.indexOf('/'));
        }

        String session() {
            return name.substring(name.indexOf('/') + 1, name.lastIndexOf('/'));
        }
    }

    static List<Vector> vectors() throws IOException, URISyntaxException {
        Path root = Path.of(GoldenVectorTest.class.getResource("/golden").toURI());
        List<Vector> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".hex")).sorted().toList()) {
                String name = root.relativize(f).toString().replace('\\', '/').replaceFirst("\\.hex$", "");
                out.add(new Vector(name, readHex(f), context(f.resolveSibling("session.properties"))));
            }
        }
        return out;
    }

    private static byte[] readHex(Path f) throws IOException {
        String hex = Files.readAllLines(f).stream().filter(l -> !l.startsWith("#"))
                .collect(Collectors.joining()).replaceAll("\\s", "");
        return HexFormat.of().parseHex(hex);
    }

    private static CodecContext context(Path properties) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(properties)) {
            p.load(r);
        }
        return new CodecContext(Boolean.parseBoolean(p.getProperty("fourOctetAs")),
                Boolean.parseBoolean(p.getProperty("extendedMessages")), Boolean.parseBoolean(p.getProperty("external")),
                Long.parseLong(p.getProperty("peerAs")));
    }

    private static DecodedMessage decode(Vector v) throws BgpProtocolException {
        return MessageDecoder.decode(Unpooled.wrappedBuffer(v.bytes()), v.ctx());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesToTheRecordTheDaemonWasToldToSendAndEncodesBackToTheSameBytes(Vector v) throws Exception {
        DecodedMessage d = decode(v);

        assertThat(d.errors()).as("RFC 7606 errors").isEmpty();
        assertThat(d.action()).isEqualTo(ErrorAction.NONE);
        assertThat(EXPECTED.get(v.name())).as("an expectation for " + v.name()).isNotNull();
        assertThat(d.message()).isEqualTo(EXPECTED.get(v.name()));
        assertThat(HexFormat.of().formatHex(MessageEncoder.toBytes(d.message(), v.ctx(), d.layout())))
                .isEqualTo(HexFormat.of().formatHex(v.bytes()));
    }

    @Test
    void everyExpectationHasItsCapturedVector() throws Exception {
        Set<String> captured = vectors().stream().map(Vector::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(captured).containsAll(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).containsAll(captured);
    }

    @Test
    void everyDaemonWasCapturedOnIbgpAndEbgpSessionsOverIpv4AndIpv6() throws Exception {
        Map<String, Set<String>> sessions = vectors().stream().collect(Collectors.groupingBy(Vector::daemon,
                Collectors.mapping(Vector::session, Collectors.toCollection(TreeSet::new))));
        assertThat(sessions.keySet()).containsExactlyInAnyOrder("bird", "frr", "gobgp", "exabgp");
        sessions.forEach((daemon, s) -> assertThat(s).as(daemon)
                .contains("ibgp-v4", "ibgp-v6", "ebgp-v4", "ebgp-v6"));
        for (Vector v : vectors()) {
            assertThat(v.ctx().external()).as(v.name()).isEqualTo(v.session().startsWith("ebgp"));
            assertThat(v.ctx().fourOctetAs()).as(v.name()).isTrue();
        }
    }

    /** Together the daemons sent every attribute, segment type and next-hop form the codec handles. */
    @Test
    void togetherTheVectorsCoverEveryAttributeTheCodecKnows() throws Exception {
        Set<String> seen = new TreeSet<>();
        for (Vector v : vectors()) {
            BgpMessage m = decode(v).message();
            switch (m) {
                case Open o -> seen.add("open");
                case Keepalive k -> seen.add("keepalive");
                case RouteRefresh r -> seen.add("route-refresh " + r.family());
                case Notification n -> seen.add("notification " + n.code() + "/" + n.subcode()
                        + (n.shutdownCommunication() != null ? " with communication" : ""));
                case Update u -> {
                    u.endOfRibFamily().ifPresent(f -> seen.add("end-of-rib " + f));
                    if (!u.withdrawn().isEmpty()) {
                        seen.add("withdrawn routes");
                    }
                    if (!u.nlri().isEmpty()) {
                        seen.add("nlri");
                    }
                    for (PathAttribute a : u.attributes()) {
                        seen.add("attribute " + a.code());
                        switch (a) {
                            case AsPath p -> p.segments().forEach(s -> seen.add("segment " + s.type()));
                            case MpReach r -> seen.add("mp-reach " + r.family() + " next hops " + r.nextHops().size());
                            case MpUnreach r when !r.withdrawn().isEmpty() -> seen.add("mp-unreach " + r.family());
                            case PathAttribute.Unknown x when x.isOptionalTransitive() -> seen.add("unknown optional transitive"
                                    + ((x.flags() & PathAttribute.FLAG_PARTIAL) != 0 ? " partial" : ""));
                            default -> { }
                        }
                    }
                }
            }
        }
        assertThat(seen).contains("open", "keepalive", "nlri", "withdrawn routes",
                "end-of-rib ipv4-unicast", "end-of-rib ipv6-unicast",
                "route-refresh ipv4-unicast", "route-refresh ipv6-unicast",
                "notification 2/2", "notification 6/2 with communication", "notification 6/4 with communication",
                "notification 6/4", "notification 6/3");
        for (int code : new int[] {PathAttribute.ORIGIN, PathAttribute.AS_PATH, PathAttribute.NEXT_HOP,
                PathAttribute.MULTI_EXIT_DISC, PathAttribute.LOCAL_PREF, PathAttribute.ATOMIC_AGGREGATE,
                PathAttribute.AGGREGATOR, PathAttribute.COMMUNITIES, PathAttribute.ORIGINATOR_ID,
                PathAttribute.CLUSTER_LIST, PathAttribute.MP_REACH_NLRI, PathAttribute.MP_UNREACH_NLRI,
                PathAttribute.EXTENDED_COMMUNITIES, PathAttribute.LARGE_COMMUNITY}) {
            assertThat(seen).as("attribute " + code).contains("attribute " + code);
        }
        assertThat(seen).contains("segment " + AsPathSegment.AS_SEQUENCE, "segment " + AsPathSegment.AS_SET,
                "segment " + AsPathSegment.AS_CONFED_SEQUENCE,
                "mp-reach ipv4-unicast next hops 1", "mp-reach ipv6-unicast next hops 1",
                "mp-reach ipv6-unicast next hops 2", "mp-unreach ipv4-unicast", "mp-unreach ipv6-unicast",
                "unknown optional transitive", "unknown optional transitive partial");
    }

    /** The layout carries what the record does not: FRR's extended-length AS_PATH, ExaBGP's 0xd0 flags. */
    @Test
    void extendedLengthFlagsOfShortAttributesAreReproducedThroughTheLayout() throws Exception {
        Vector exa = vectors().stream().filter(v -> v.name().equals("exabgp/ebgp-v4/09-update-ipv4-unknown-101"))
                .findFirst().orElseThrow();
        DecodedMessage d = decode(exa);
        assertThat(d.layout().attributeFlags()).containsEntry(101, 0xD0);
        assertThat(MessageEncoder.toBytes(d.message(), exa.ctx())).as("canonical encoding differs")
                .isNotEqualTo(exa.bytes());
        Vector frr = vectors().stream().filter(v -> v.name().equals("frr/ebgp-v4/04-update-ipv4-med"))
                .findFirst().orElseThrow();
        assertThat(decode(frr).layout().attributeFlags()).containsEntry(PathAttribute.AS_PATH, 0x50);
    }
}
