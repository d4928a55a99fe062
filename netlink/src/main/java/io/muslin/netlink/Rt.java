package io.muslin.netlink;

/** Route table, scope and protocol numbers from {@code <linux/rtnetlink.h>}. */
public final class Rt {
    private Rt() {
    }

    public static final int TABLE_UNSPEC = 0;
    public static final int TABLE_MAIN = 254;
    public static final int TABLE_LOCAL = 255;

    public static final int SCOPE_UNIVERSE = 0;
    public static final int SCOPE_SITE = 200;
    public static final int SCOPE_LINK = 253;
    public static final int SCOPE_HOST = 254;
    public static final int SCOPE_NOWHERE = 255;

    public static final int PROT_UNSPEC = 0;
    public static final int PROT_REDIRECT = 1;
    public static final int PROT_KERNEL = 2;
    public static final int PROT_BOOT = 3;
    public static final int PROT_STATIC = 4;
    /** BIRD (what Calico's BIRD writes). */
    public static final int PROT_BIRD = 12;
    /** What Muslin's route programmer writes: 0x4d, 'M'. Felix uses 80, BIRD 12. */
    public static final int PROT_MUSLIN = 0x4d;
}
