package io.muslin.bgp.wire;

import java.util.Arrays;

/** One AS_PATH segment (RFC 4271 §4.3, RFC 5065 confederation segments). */
public record AsPathSegment(int type, long[] asns) {
    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;

    public AsPathSegment {
        if (type < AS_SET || type > AS_CONFED_SET) {
            throw new IllegalArgumentException("AS_PATH segment type " + type + " is not 1..4");
        }
        asns = asns.clone();
    }

    public static AsPathSegment sequence(long... asns) {
        return new AsPathSegment(AS_SEQUENCE, asns);
    }

    public static AsPathSegment set(long... asns) {
        return new AsPathSegment(AS_SET, asns);
    }

    @Override
    public long[] asns() {
        return asns.clone();
    }

    public int size() {
        return asns.length;
    }

    public long asn(int i) {
        return asns[i];
    }

    public boolean isConfederation() {
        return type == AS_CONFED_SEQUENCE || type == AS_CONFED_SET;
    }

    /** Path length contribution for best-path selection (RFC 4271 §9.1.2.2): a set counts 1, confederation 0. */
    public int pathLength() {
        return switch (type) {
            case AS_SEQUENCE -> asns.length;
            case AS_SET -> 1;
            default -> 0;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPathSegment s && s.type == type && Arrays.equals(s.asns, asns);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(asns);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String open = switch (type) {
            case AS_SET -> "{";
            case AS_CONFED_SEQUENCE -> "(";
            case AS_CONFED_SET -> "[";
            default -> "";
        };
        sb.append(open);
        for (int i = 0; i < asns.length; i++) {
            if (i > 0) {
                sb.append(type == AS_SET || type == AS_CONFED_SET ? "," : " ");
            }
            sb.append(asns[i]);
        }
        sb.append(switch (type) {
            case AS_SET -> "}";
            case AS_CONFED_SEQUENCE -> ")";
            case AS_CONFED_SET -> "]";
            default -> "";
        });
        return sb.toString();
    }
}
