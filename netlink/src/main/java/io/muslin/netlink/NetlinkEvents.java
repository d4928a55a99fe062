package io.muslin.netlink;

import java.util.function.Consumer;

/**
 * A source of kernel change events: {@code io.muslin.netlink.linux.NetlinkMonitor} for a real
 * kernel, {@link io.muslin.netlink.fake.FakeNetlink} for tests. The listener is called on the
 * source's thread and must not block.
 */
@FunctionalInterface
public interface NetlinkEvents {

    /** Starts delivering events to {@code listener}; closing the handle stops them. */
    AutoCloseable subscribe(Consumer<NetlinkEvent> listener);
}
