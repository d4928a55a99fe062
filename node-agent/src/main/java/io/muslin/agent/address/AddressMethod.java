package io.muslin.agent.address;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How this node's address of one family is chosen: Calico's {@code IP_AUTODETECTION_METHOD}
 * forms, a fixed address, or none. {@link #parse} reads the text users write.
 */
public sealed interface AddressMethod {

    /** The first usable address, skipping Calico's default interface exclusions. */
    record FirstFound() implements AddressMethod {
        @Override
        public String toString() {
            return "first-found";
        }
    }

    /** The first usable address on an interface whose name matches one of the regexes (unanchored, as Calico). */
    record Interface(List<Pattern> regexes) implements AddressMethod {
        public Interface {
            regexes = List.copyOf(regexes);
        }

        @Override
        public String toString() {
            return "interface=" + String.join(",", regexes.stream().map(Pattern::pattern).toList());
        }
    }

    /** As first-found, skipping also the interfaces whose name matches one of the regexes. */
    record SkipInterface(List<Pattern> regexes) implements AddressMethod {
        public SkipInterface {
            regexes = List.copyOf(regexes);
        }

        @Override
        public String toString() {
            return "skip-interface=" + String.join(",", regexes.stream().map(Pattern::pattern).toList());
        }
    }

    /** The local address the kernel uses to reach {@code destination} (an address or a host name). */
    record CanReach(String destination) implements AddressMethod {
        public CanReach {
            Objects.requireNonNull(destination, "destination");
        }

        @Override
        public String toString() {
            return "can-reach=" + destination;
        }
    }

    /** The first usable address inside one of the CIDRs, on any interface. */
    record Cidrs(List<IpPrefix> cidrs) implements AddressMethod {
        public Cidrs {
            cidrs = List.copyOf(cidrs);
        }

        @Override
        public String toString() {
            return "cidr=" + String.join(",", cidrs.stream().map(IpPrefix::toString).toList());
        }
    }

    /**
     * A fixed address. Without a length ({@code 10.0.0.5}) the length is taken from the interface
     * that carries the address, as Calico does, or the host length when none does.
     */
    record Fixed(IpAddress address, Integer length) implements AddressMethod {
        public Fixed {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return length == null ? address.toString() : address + "/" + length;
        }
    }

    /** No address of this family. */
    record None() implements AddressMethod {
        @Override
        public String toString() {
            return "none";
        }
    }

    /**
     * Parses a method for one family.
     *
     * @throws IllegalArgumentException with a message saying what is wrong and what is accepted
     */
    static AddressMethod parse(String text, boolean v6) {
        String t = text == null ? "" : text.strip();
        String family = v6 ? "IPv6" : "IPv4";
        if (t.isEmpty()) {
            throw new IllegalArgumentException("is empty; expected " + FORMS);
        }
        if (t.equals("first-found")) {
            return new FirstFound();
        }
        if (t.equals("none")) {
            return new None();
        }
        if (t.startsWith("interface=")) {
            return new Interface(regexes(t, "interface="));
        }
        if (t.startsWith("skip-interface=")) {
            return new SkipInterface(regexes(t, "skip-interface="));
        }
        if (t.startsWith("can-reach=")) {
            String dest = t.substring("can-reach=".length()).strip();
            if (dest.isEmpty()) {
                throw new IllegalArgumentException("'" + t + "': can-reach= needs an address or a host name");
            }
            if (dest.contains(":") || dest.matches("[0-9.]+")) {
                IpAddress a;
                try {
                    a = IpAddress.parse(dest);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + t + "': " + e.getMessage());
                }
                if (a.v6() != v6) {
                    throw new IllegalArgumentException("'" + t + "': " + dest + " is not an " + family + " address");
                }
            } else if (!HOST_NAME.matcher(dest).matches()) {
                throw new IllegalArgumentException("'" + t + "': '" + dest + "' is neither an address nor a host name");
            }
            return new CanReach(dest);
        }
        if (t.startsWith("cidr=")) {
            List<IpPrefix> out = new ArrayList<>();
            for (String part : SPLIT.split(t.substring("cidr=".length()).strip(), -1)) {
                IpPrefix p;
                try {
                    p = IpPrefix.parse(part);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + t + "': " + e.getMessage());
                }
                if (p.v6() != v6) {
                    throw new IllegalArgumentException("'" + t + "': " + p + " is not an " + family + " CIDR");
                }
                out.add(p);
            }
            return new Cidrs(out);
        }
        if (t.contains("=")) {
            throw new IllegalArgumentException("'" + t + "' is not a known method; expected " + FORMS);
        }
        return fixed(t, v6, family);
    }

    /** What {@link #parse} accepts, for messages and docs. */
    String FORMS = "first-found, interface=REGEX[,REGEX], skip-interface=REGEX[,REGEX], can-reach=ADDRESS|NAME, "
            + "cidr=CIDR[,CIDR], an address (10.0.0.5/24), or none";

    Pattern SPLIT = Pattern.compile("\\s*,\\s*");
    Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private static Fixed fixed(String t, boolean v6, String family) {
        int slash = t.indexOf('/');
        IpAddress a;
        Integer length = null;
        try {
            if (slash < 0) {
                a = IpAddress.parse(t);
            } else {
                InterfaceAddress ia = InterfaceAddress.parse(t);
                a = ia.address();
                length = ia.length();
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + t + "' is neither an address nor a known method (" + e.getMessage()
                    + "); expected " + FORMS);
        }
        if (a.v6() != v6) {
            throw new IllegalArgumentException("'" + t + "' is not an " + family + " address");
        }
        if (a.isLoopback() || a.isLinkLocal() || a.isUnspecified() || a.isMulticast()) {
            throw new IllegalArgumentException("'" + t + "' is a loopback, link-local, unspecified or multicast address");
        }
        return new Fixed(a, length);
    }

    private static List<Pattern> regexes(String t, String prefix) {
        String body = t.substring(prefix.length()).strip();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("'" + t + "': " + prefix + " needs at least one regular expression");
        }
        List<Pattern> out = new ArrayList<>();
        for (String r : SPLIT.split(body, -1)) {
            if (r.isEmpty()) {
                throw new IllegalArgumentException("'" + t + "': empty regular expression in the list");
            }
            try {
                out.add(Pattern.compile(r));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + t + "': bad regular expression '" + r + "': "
                        + e.getDescription());
            }
        }
        return out;
    }
}
