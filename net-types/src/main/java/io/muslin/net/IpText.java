package io.muslin.net;

/** Literal parsing and canonical formatting of addresses; the one place either is done. */
final class IpText {
    private IpText() {
    }

    static IpAddress parseAddress(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("'' is not an IP address: it is empty");
        }
        if (text.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address: zone ids are not accepted");
        }
        if (text.indexOf(':') >= 0) {
            long[] words = parseV6(text);
            return IpAddress.v6(words[0], words[1]);
        }
        int v = parseV4(text, text);
        return IpAddress.v4(v);
    }

    private static int parseV4(String part, String whole) {
        int value = 0;
        int octets = 0;
        int i = 0;
        int n = part.length();
        while (true) {
            int start = i;
            int octet = 0;
            while (i < n && part.charAt(i) >= '0' && part.charAt(i) <= '9') {
                octet = octet * 10 + (part.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    throw bad(whole, "an IPv4 octet has more than 3 digits");
                }
            }
            if (i == start) {
                throw bad(whole, i < n ? "unexpected '" + part.charAt(i) + "'" : "an IPv4 octet is missing");
            }
            if (i - start > 1 && part.charAt(start) == '0') {
                throw bad(whole, "an IPv4 octet has a leading zero (octal is ambiguous)");
            }
            if (octet > 255) {
                throw bad(whole, "the IPv4 octet " + octet + " is above 255");
            }
            value = (value << 8) | octet;
            octets++;
            if (i == n) {
                break;
            }
            if (part.charAt(i) != '.' || octets == 4) {
                throw bad(whole, "unexpected '" + part.charAt(i) + "'");
            }
            i++;
        }
        if (octets != 4) {
            throw bad(whole, "an IPv4 address has 4 octets, not " + octets);
        }
        return value;
    }

    private static long[] parseV6(String text) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = text.length();
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (text.startsWith(":")) {
            throw bad(text, "a single ':' cannot start an IPv6 address");
        }
        while (i < n) {
            int start = i;
            int value = 0;
            while (i < n && Character.digit(text.charAt(i), 16) >= 0) {
                value = (value << 4) | Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                if (count > 6) {
                    throw bad(text, "too many groups before the IPv4 tail");
                }
                int v4 = parseV4(text.substring(start), text);
                groups[count++] = v4 >>> 16;
                groups[count++] = v4 & 0xFFFF;
                i = n;
                break;
            }
            if (i == start) {
                throw bad(text, i < n ? "unexpected '" + text.charAt(i) + "'" : "it ends with a single ':'");
            }
            if (i - start > 4) {
                throw bad(text, "an IPv6 group has more than 4 hex digits");
            }
            if (count == 8) {
                throw bad(text, "an IPv6 address has at most 8 groups");
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                throw bad(text, "unexpected '" + text.charAt(i) + "'");
            }
            i++;
            if (i < n && text.charAt(i) == ':') {
                if (gap >= 0) {
                    throw bad(text, "'::' appears more than once");
                }
                gap = count;
                i++;
            } else if (i == n) {
                throw bad(text, "it ends with a single ':'");
            }
        }
        if (gap < 0 && count != 8) {
            throw bad(text, "an IPv6 address has 8 groups, not " + count + " (and no '::')");
        }
        if (gap >= 0 && count > 7) {
            throw bad(text, "'::' stands for no group here");
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            int tail = count - gap;
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | full[g];
            lo = (lo << 16) | full[g + 4];
        }
        return new long[] {hi, lo};
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not an IP address: " + why);
    }

    static String format(IpAddress a) {
        if (!a.v6()) {
            int v = (int) a.lo();
            return (v >>> 24) + "." + ((v >>> 16) & 0xFF) + "." + ((v >>> 8) & 0xFF) + "." + (v & 0xFF);
        }
        int[] words = new int[8];
        for (int i = 0; i < 4; i++) {
            words[i] = (int) (a.hi() >>> (48 - 16 * i)) & 0xFFFF;
            words[i + 4] = (int) (a.lo() >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
