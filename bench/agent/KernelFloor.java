import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Batch;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.netlink.linux.LinuxNetlink;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The BGP-to-kernel benchmark's kernel floor: COUNT /32s (from 10.128.0.0, via GATEWAY, protocol
 * 77) written into this network namespace's kernel in one netlink batch (128 KiB datagrams, one ACK
 * per datagram: what a receiver at its best sends), the routes built before the clock starts. Prints
 * {@code floor <wall seconds> <user seconds> <system seconds>} of the apply, CPU from
 * /proc/self/stat (all threads). Usage: {@code java -cp <node-agent jars> KernelFloor.java COUNT GATEWAY}.
 */
public final class KernelFloor {
    public static void main(String[] a) throws Exception {
        int count = Integer.parseInt(a[0]);
        IpAddress gw = IpAddress.parse(a[1]);
        int first = (10 << 24) | (128 << 16);
        Batch batch = new Batch(count);
        for (int i = 0; i < count; i++) {
            batch.routeAdd(Route.to(new IpPrefix(IpAddress.v4(first + i), 32)).via(gw).protocol(Rt.PROT_MUSLIN).build());
        }
        try (LinuxNetlink nl = LinuxNetlink.open()) {
            long[] before = cpu();
            long t0 = System.nanoTime();
            nl.apply(batch).throwIfFailed();
            long t1 = System.nanoTime();
            long[] after = cpu();
            double tick = 100.0;
            System.out.printf("floor %.6f %.2f %.2f%n", (t1 - t0) / 1e9, (after[0] - before[0]) / tick, (after[1] - before[1]) / tick);
        }
    }

    /** utime, stime of this process in clock ticks (10 ms). */
    static long[] cpu() throws Exception {
        String st = Files.readString(Path.of("/proc/self/stat"));
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
