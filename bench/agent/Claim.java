import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.ResourceStore;
import io.muslin.ipam.Ipam;
import java.time.Instant;

/**
 * The node-add convergence benchmark's "new block": claims {@code count} blocks of pool
 * {@code pool} for {@code node} through IPAM, one every {@code gapMillis}, as a CNI ADD in another
 * process would, and prints {@code claimed <cidr> <epoch micros>} when each claim is committed.
 * Usage: {@code java -cp <node-agent jars> Claim.java ENDPOINT NODE POOL COUNT GAP_MS}.
 */
public final class Claim {
    public static void main(String[] a) throws Exception {
        try (EtcdDatastore ds = EtcdDatastore.connect(EtcdConfig.of(a[0]))) {
            Ipam ipam = new Ipam(ds);
            int count = Integer.parseInt(a[3]);
            long gap = Long.parseLong(a[4]);
            for (int i = 0; i < count; i++) {
                var block = ipam.claimBlock(a[1], a[2]).orElseThrow();
                Instant t = Instant.now();
                System.out.println("claimed " + block + " " + (t.getEpochSecond() * 1_000_000 + t.getNano() / 1000));
                System.out.flush();
                Thread.sleep(gap);
            }
        }
    }
}
