package io.muslin.agent.address;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Chooses this node's address of one family from the host's interfaces, by the rules of Calico's
 * {@code node/pkg/lifecycle/startup/autodetection}, plus the rules Calico leaves to luck. A pure
 * function: the interfaces and, for {@code can-reach}, the kernel's source address for a destination
 * are inputs.
 *
 * <p>Every method skips:
 * <ul>
 *   <li>loopback, link-local, unspecified and multicast addresses, and addresses whose scope is not
 *       global (Calico: {@code IsGlobalUnicast});</li>
 *   <li>host-length addresses ({@code /32}, {@code /128}): a keepalived VIP sits beside the node's
 *       real address and must never become its BGP identity (give a fixed address when a host-length
 *       address really is the node's);</li>
 *   <li>Muslin's own devices ({@link #MUSLIN_DEVICES}) and a bridge without carrier (an unused
 *       {@code docker0} keeps its address while nothing is behind it).</li>
 * </ul>
 * {@code first-found} and {@code skip-interface=} also skip Calico's default interface names
 * ({@link #DEFAULT_EXCLUDES}: container bridges, pod veths, tunnels, {@code lo}); {@code interface=}
 * and {@code cidr=} do not, as in Calico. Interfaces are tried from the highest index down (Calico
 * walks the kernel's list backwards), addresses in the kernel's order.
 */
public final class AddressSelector {
    /** Calico's {@code DEFAULT_INTERFACES_TO_EXCLUDE} with Muslin's devices added. */
    public static final List<String> DEFAULT_EXCLUDES = List.of(
            "^docker.*", "^cbr.*", "^dummy.*", "^podman.*", "^virbr.*", "^lxcbr.*", "^veth.*", "^lo", "^br-.*",
            "^cali.*", "^tunl.*", "^flannel.*", "^kube-ipvs.*", "^cni.*", "^vxlan\\.calico.*", "^vxlan-v6\\.calico.*",
            "^wireguard\\.cali.*", "^wg-v6\\.cali.*", "^nodelocaldns.*", "^vxlan\\.muslin.*", "^vxlan-v6\\.muslin.*");

    /** The devices Muslin itself creates; never a node address, whatever the method. */
    public static final List<String> MUSLIN_DEVICES = List.of("^tunl0$", "^vxlan\\.muslin$", "^vxlan-v6\\.muslin$");

    private static final Pattern DEFAULT_EXCLUDE = union(DEFAULT_EXCLUDES);
    private static final Pattern MUSLIN_DEVICE = union(MUSLIN_DEVICES);

    /** The kernel's answer to "which local address reaches this destination" ({@code ip route get}). */
    @FunctionalInterface
    public interface SourceLookup {
        /** The source address for {@code destination} (an address or a name), empty when unreachable. */
        Optional<IpAddress> sourceFor(String destination, boolean v6);
    }

    /** The outcome of a selection. */
    public sealed interface Result {
        /** No address of this family is wanted ({@code none}). */
        record Disabled() implements Result {}

        /** The chosen address, the interface it is on ({@code null} for a fixed address not on any), and why. */
        record Found(InterfaceAddress address, String interfaceName, String how) implements Result {}

        /** Nothing usable: the reason names the method and what was skipped. */
        record NotFound(String reason) implements Result {}
    }

    private AddressSelector() {
    }

    /** Selects with no {@code can-reach} lookup available. */
    public static Result select(AddressMethod method, boolean v6, List<NetInterface> interfaces) {
        return select(method, v6, interfaces, (d, f) -> Optional.empty());
    }

    public static Result select(AddressMethod method, boolean v6, List<NetInterface> interfaces, SourceLookup lookup) {
        String family = v6 ? "IPv6" : "IPv4";
        List<NetInterface> ordered = new ArrayList<>(interfaces);
        ordered.sort(Comparator.comparingInt(NetInterface::index).reversed());
        return switch (method) {
            case AddressMethod.None n -> new Result.Disabled();
            case AddressMethod.Fixed f -> fixed(f, ordered);
            case AddressMethod.FirstFound f -> scan(method, v6, ordered, i -> !DEFAULT_EXCLUDE.matcher(i.name()).find(),
                    a -> true, family);
            case AddressMethod.SkipInterface s -> {
                Pattern skip = union(s.regexes().stream().map(Pattern::pattern).toList());
                yield scan(method, v6, ordered, i -> !DEFAULT_EXCLUDE.matcher(i.name()).find() && !skip.matcher(i.name()).find(),
                        a -> true, family);
            }
            case AddressMethod.Interface in -> {
                Pattern want = union(in.regexes().stream().map(Pattern::pattern).toList());
                yield scan(method, v6, ordered, i -> want.matcher(i.name()).find(), a -> true, family);
            }
            case AddressMethod.Cidrs c -> scan(method, v6, ordered, i -> true,
                    a -> c.cidrs().stream().anyMatch(p -> p.contains(a.address())), family);
            case AddressMethod.CanReach r -> canReach(r, v6, ordered, lookup, family);
        };
    }

    private static Result fixed(AddressMethod.Fixed f, List<NetInterface> interfaces) {
        if (f.length() != null) {
            InterfaceAddress a = new InterfaceAddress(f.address(), f.length());
            return new Result.Found(a, onInterface(interfaces, f.address()).map(NetInterface::name).orElse(null), "fixed address");
        }
        for (NetInterface i : interfaces) {
            for (NetInterface.Address a : i.addresses()) {
                if (a.address().address().equals(f.address())) {
                    return new Result.Found(a.address(), i.name(), "fixed address, subnet length from " + i.name());
                }
            }
        }
        return new Result.Found(new InterfaceAddress(f.address(), f.address().bitLength()), null,
                "fixed address on no interface, host length");
    }

    private static Optional<NetInterface> onInterface(List<NetInterface> interfaces, IpAddress address) {
        return interfaces.stream().filter(i -> i.addresses().stream().anyMatch(a -> a.address().address().equals(address)))
                .findFirst();
    }

    private static Result scan(AddressMethod method, boolean v6, List<NetInterface> interfaces,
                               java.util.function.Predicate<NetInterface> nameOk,
                               java.util.function.Predicate<InterfaceAddress> addressOk, String family) {
        List<String> skipped = new ArrayList<>();
        for (NetInterface i : interfaces) {
            if (!nameOk.test(i)) {
                continue;
            }
            String why = interfaceProblem(i);
            if (why != null) {
                skipped.add(i.name() + " (" + why + ")");
                continue;
            }
            for (NetInterface.Address a : i.addresses()) {
                if (a.address().v6() != v6 || !addressOk.test(a.address())) {
                    continue;
                }
                String bad = addressProblem(a);
                if (bad != null) {
                    if (!a.address().address().isLinkLocal() && !a.address().address().isLoopback()) {
                        skipped.add(a.address() + " on " + i.name() + " (" + bad + ")");
                    }
                    continue;
                }
                return new Result.Found(a.address(), i.name(), method.toString());
            }
        }
        return new Result.NotFound("no usable " + family + " address found by " + method
                + (skipped.isEmpty() ? "" : "; skipped: " + String.join(", ", skipped)));
    }

    private static Result canReach(AddressMethod.CanReach r, boolean v6, List<NetInterface> interfaces, SourceLookup lookup,
                                   String family) {
        Optional<IpAddress> source = lookup.sourceFor(r.destination(), v6);
        if (source.isEmpty()) {
            return new Result.NotFound(r + ": no " + family + " route to " + r.destination());
        }
        IpAddress src = source.get();
        for (NetInterface i : interfaces) {
            for (NetInterface.Address a : i.addresses()) {
                if (!a.address().address().equals(src)) {
                    continue;
                }
                String why = interfaceProblem(i);
                String bad = why != null ? why : addressProblem(a);
                if (bad != null) {
                    return new Result.NotFound(r + ": the kernel reaches " + r.destination() + " from " + a.address()
                            + " on " + i.name() + ", which is not usable (" + bad + ")");
                }
                return new Result.Found(a.address(), i.name(), r.toString());
            }
        }
        return new Result.NotFound(r + ": the source address " + src + " is on no local interface");
    }

    /** Why no address on this interface may be the node's, or null. */
    static String interfaceProblem(NetInterface i) {
        if (MUSLIN_DEVICE.matcher(i.name()).find()) {
            return "Muslin's own device";
        }
        if (i.isBridge() && !i.carrier()) {
            return "bridge without carrier";
        }
        return null;
    }

    /** Why this address may not be the node's, or null. */
    static String addressProblem(NetInterface.Address a) {
        IpAddress ip = a.address().address();
        if (ip.isLoopback()) {
            return "loopback";
        }
        if (ip.isLinkLocal()) {
            return "link-local";
        }
        if (ip.isUnspecified() || ip.isMulticast()) {
            return "not a unicast address";
        }
        if (a.scope() != NetInterface.Scope.UNIVERSE) {
            return "scope " + a.scope().name().toLowerCase(java.util.Locale.ROOT);
        }
        if (a.address().length() == ip.bitLength()) {
            return "host-length /" + a.address().length() + ", a VIP";
        }
        return null;
    }

    private static Pattern union(List<String> regexes) {
        return Pattern.compile("(" + String.join(")|(", regexes) + ")");
    }
}
