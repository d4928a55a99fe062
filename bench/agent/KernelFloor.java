import io.muslin.net.IpAddress;
import io.muslin.net.IpPrefix;
import io.muslin.netlink.Batch;
import io.muslin.netlink.Route;
import io.muslin.netlink.Rt;
import io.muslin.netlink.linux.LinuxNetlink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

/**
 * The BGP-to-kernel benchmark's kernel floor: COUNT /32s (from 10.128.0.0, via GATEWAY, protocol
 * 77) written into this network namespace's kernel in one netlink batch (128 KiB datagrams, one ACK
 * per datagram: what a receiver at its best sends), the routes built before the clock starts. Prints
 * {@code floor <wall seconds> <user seconds> <system seconds>} of the apply, CPU from
 * /proc/self/stat (all threads). With THREADS above 1 the routes are split into that many
 * consecutive ranges, each written by its own thread through its own netlink socket, all started
 * together: whether the kernel inserts routes of one namespace in parallel.
 * Usage: {@code java -cp <node-agent jars> KernelFloor.java COUNT GATEWAY [THREADS]}.
 */
public final class KernelFloor {
    public static void main(String[] a) throws Exception {
        int count = Integer.parseInt(a[0]);
        IpAddress gw = IpAddress.parse(a[1]);
        int threads = a.length > 2 ? Integer.parseInt(a[2]) : 1;
        int first = (10 << 24) | (128 << 16);
        List<Batch> batches = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int from = (int) ((long) count * t / threads);
            int to = (int) ((long) count * (t + 1) / threads);
            Batch batch = new Batch(to - from);
            for (int i = from; i < to; i++) {
                batch.routeAdd(Route.to(new IpPrefix(IpAddress.v4(first + i), 32)).via(gw).protocol(Rt.PROT_MUSLIN).build());
            }
            batches.add(batch);
        }
        List<LinuxNetlink> sockets = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            sockets.add(LinuxNetlink.open());
        }
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LinuxNetlink nl = sockets.get(t);
            Batch batch = batches.get(t);
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                nl.apply(batch).throwIfFailed();
            }));
        }
        long[] before = cpu();
        long t0 = System.nanoTime();
        start.await();
        for (Thread w : writers) {
            w.join();
        }
        long t1 = System.nanoTime();
        long[] after = cpu();
        sockets.forEach(LinuxNetlink::close);
        double tick = 100.0;
        System.out.printf("floor %.6f %.2f %.2f%n", (t1 - t0) / 1e9, (after[0] - before[0]) / tick, (after[1] - before[1]) / tick);
    }

    /** utime, stime of this process in clock ticks (10 ms). */
    static long[] cpu() throws Exception {
        String st = Files.readString(Path.of("/proc/self/stat"));
        String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }
}
