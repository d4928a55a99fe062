package io.muslin.bgp.wire;

import io.muslin.bgp.wire.PathAttribute.Aggregator;
import io.muslin.bgp.wire.PathAttribute.As4Aggregator;
import io.muslin.bgp.wire.PathAttribute.As4Path;
import io.muslin.bgp.wire.PathAttribute.AsPath;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the real AS path from AS_PATH and AS4_PATH on a session with a 2-octet-only peer
 * (RFC 6793 §4.2.3), and the real aggregator from AGGREGATOR and AS4_AGGREGATOR.
 */
final class As4Merge {
    interface ErrorSink {
        void discarded(int code, String reason);
    }

    private As4Merge() {
    }

    static void apply(List<PathAttribute> attrs, ErrorSink sink) {
        As4Path as4Path = null;
        As4Aggregator as4Aggregator = null;
        for (PathAttribute a : attrs) {
            if (a instanceof As4Path p) {
                as4Path = p;
            } else if (a instanceof As4Aggregator g) {
                as4Aggregator = g;
            }
        }
        if (as4Path == null && as4Aggregator == null) {
            return;
        }
        attrs.removeIf(a -> a instanceof As4Path || a instanceof As4Aggregator);
        int pathIndex = indexOf(attrs, AsPath.class);
        int aggregatorIndex = indexOf(attrs, Aggregator.class);

        if (aggregatorIndex >= 0) {
            Aggregator ag = (Aggregator) attrs.get(aggregatorIndex);
            if (ag.asNumber() != Open.AS_TRANS) {
                // §4.2.3: the aggregator is a 2-octet speaker; AS4_PATH and AS4_AGGREGATOR are not trusted.
                if (as4Path != null || as4Aggregator != null) {
                    sink.discarded(PathAttribute.AS4_PATH, "AGGREGATOR is not AS_TRANS, AS4 attributes ignored");
                }
                return;
            }
            if (as4Aggregator != null) {
                attrs.set(aggregatorIndex, new Aggregator(as4Aggregator.asNumber(), as4Aggregator.address()));
            }
        }
        if (as4Path == null || pathIndex < 0) {
            return;
        }
        List<AsPathSegment> as4Segments = new ArrayList<>();
        for (AsPathSegment s : as4Path.segments()) {
            if (s.isConfederation()) {
                sink.discarded(PathAttribute.AS4_PATH, "confederation segment in AS4_PATH discarded");
            } else {
                as4Segments.add(s);
            }
        }
        AsPath path = (AsPath) attrs.get(pathIndex);
        int asPathCount = path.pathLength();
        int as4Count = new AsPath(as4Segments).pathLength();
        if (asPathCount < as4Count) {
            sink.discarded(PathAttribute.AS4_PATH, "AS4_PATH is longer than AS_PATH, ignored");
            return;
        }
        attrs.set(pathIndex, new AsPath(merge(path.segments(), asPathCount - as4Count, as4Segments)));
    }

    /** The leading {@code keep} path-length units of AS_PATH followed by the AS4_PATH segments. */
    private static List<AsPathSegment> merge(List<AsPathSegment> asPath, int keep, List<AsPathSegment> as4) {
        List<AsPathSegment> out = new ArrayList<>();
        for (AsPathSegment s : asPath) {
            if (keep <= 0 && !s.isConfederation()) {
                break;
            }
            if (s.type() == AsPathSegment.AS_SEQUENCE && s.size() > keep) {
                long[] head = new long[keep];
                for (int i = 0; i < keep; i++) {
                    head[i] = s.asn(i);
                }
                out.add(AsPathSegment.sequence(head));
                keep = 0;
                break;
            }
            out.add(s);
            keep -= s.pathLength();
        }
        // Join a trailing partial sequence with a leading AS4 sequence into one segment.
        if (!out.isEmpty() && !as4.isEmpty() && out.getLast().type() == AsPathSegment.AS_SEQUENCE
                && as4.getFirst().type() == AsPathSegment.AS_SEQUENCE) {
            AsPathSegment a = out.removeLast();
            AsPathSegment b = as4.getFirst();
            long[] joined = new long[a.size() + b.size()];
            System.arraycopy(a.asns(), 0, joined, 0, a.size());
            System.arraycopy(b.asns(), 0, joined, a.size(), b.size());
            out.add(AsPathSegment.sequence(joined));
            out.addAll(as4.subList(1, as4.size()));
        } else {
            out.addAll(as4);
        }
        out.removeIf(s -> s.size() == 0);
        return out;
    }

    private static int indexOf(List<PathAttribute> attrs, Class<? extends PathAttribute> kind) {
        for (int i = 0; i < attrs.size(); i++) {
            if (kind.isInstance(attrs.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
