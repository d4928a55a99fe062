package io.muslin.netlink;

import io.muslin.net.InterfaceAddress;
import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;

/**
 * An interface address ({@code ifaddrmsg}): {@code 10.9.0.1/24 dev #3}, with its scope
 * ({@link Rt#SCOPE_UNIVERSE}, {@link Rt#SCOPE_LINK}, {@link Rt#SCOPE_HOST}) and {@code IFA_F_*}
 * flags (the 32-bit {@code IFA_FLAGS} when the kernel sends it). {@code label} is
 * {@code IFA_LABEL} (IPv4 only: {@code eth0} or an alias such as {@code eth0:vip}); null when absent.
 */
public record Addr(int ifIndex, InterfaceAddress address, int scope, int flags, String label) {

    /** A secondary address on its subnet (another address of the same subnet came first). */
    public static final int IFA_F_SECONDARY = 0x01;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_OPTIMISTIC = 0x04;
    /** Duplicate address detection failed: the address is not usable. */
    public static final int IFA_F_DADFAILED = 0x08;
    /** Preferred lifetime over: kept for existing connections, not for new ones. */
    public static final int IFA_F_DEPRECATED = 0x20;
    /** Duplicate address detection still running: not usable yet. */
    public static final int IFA_F_TENTATIVE = 0x40;
    /** Configured, not autoconfigured (no lifetime). */
    public static final int IFA_F_PERMANENT = 0x80;
    public static final int IFA_F_NOPREFIXROUTE = 0x200;

    public Addr {
        if (address == null) {
            throw new IllegalArgumentException("address: missing");
        }
    }

    public Addr(int ifIndex, InterfaceAddress address, int scope, int flags) {
        this(ifIndex, address, scope, flags, null);
    }

    /** {@code ip addr add CIDR dev #ifIndex}: scope universe, no flags ("10.0.0.1/24"; a bare address is /32 or /128). */
    public static Addr of(int ifIndex, String cidr) {
        return new Addr(ifIndex, InterfaceAddress.parse(cidr), Rt.SCOPE_UNIVERSE, 0);
    }

    public static Addr of(int ifIndex, InterfaceAddress address) {
        return new Addr(ifIndex, address, Rt.SCOPE_UNIVERSE, 0);
    }

    /** The address itself, without its prefix length. */
    public IpAddress ip() {
        return address.address();
    }

    public int prefixLength() {
        return address.length();
    }

    public int family() {
        return address.address().family();
    }

    /** The connected subnet this address puts on its interface. */
    public IpPrefix subnet() {
        return address.subnet();
    }

    public boolean secondary() {
        return (flags & IFA_F_SECONDARY) != 0;
    }

    public boolean deprecated() {
        return (flags & IFA_F_DEPRECATED) != 0;
    }

    public boolean tentative() {
        return (flags & IFA_F_TENTATIVE) != 0;
    }

    public boolean dadFailed() {
        return (flags & IFA_F_DADFAILED) != 0;
    }

    @Override
    public String toString() {
        return address + " dev #" + ifIndex;
    }
}
