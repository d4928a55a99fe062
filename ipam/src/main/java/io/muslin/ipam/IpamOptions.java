package io.muslin.ipam;

import io.muslin.datastore.ResourceStore;
import java.time.Duration;

/**
 * How the IPAM library behaves; the agent passes these in.
 *
 * @param root            key prefix of the resource layout (default {@code /muslin/v1/})
 * @param settingsTtl     how long pools, the IPAM config and reservations are cached (0 = read every time)
 * @param outageDeadline  how long one IPAM operation keeps retrying while the store is unavailable
 * @param clock           time for assignment timestamps and GC grace
 */
public record IpamOptions(String root, Duration settingsTtl, Duration outageDeadline, Clock clock) {
    public static IpamOptions defaults() {
        return new IpamOptions(ResourceStore.DEFAULT_ROOT, Duration.ofSeconds(2), Duration.ofSeconds(60), Clock.SYSTEM);
    }

    public IpamOptions withSettingsTtl(Duration d) {
        return new IpamOptions(root, d, outageDeadline, clock);
    }

    public IpamOptions withClock(Clock c) {
        return new IpamOptions(root, settingsTtl, outageDeadline, c);
    }

    public IpamOptions withRoot(String r) {
        return new IpamOptions(r, settingsTtl, outageDeadline, clock);
    }

    public IpamOptions withOutageDeadline(Duration d) {
        return new IpamOptions(root, settingsTtl, d, clock);
    }
}
