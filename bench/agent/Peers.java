import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.ObjectMeta;
import java.nio.file.Path;

/**
 * The idle-footprint benchmark's cluster: {@code count} global BGPPeers {@code peer-<i>} at
 * {@code <prefix>.<first + i>} with AS {@code as}, written into a file datastore before the agent
 * starts. Usage: {@code java -cp <node-agent jars> Peers.java DIR PREFIX FIRST COUNT AS}.
 */
public final class Peers {
    public static void main(String[] a) {
        try (FileDatastore ds = FileDatastore.open(Path.of(a[0]))) {
            ResourceStore store = new ResourceStore(ds);
            int first = Integer.parseInt(a[2]);
            int count = Integer.parseInt(a[3]);
            long as = Long.parseLong(a[4]);
            for (int i = 0; i < count; i++) {
                store.create(new BGPPeer(ObjectMeta.named("peer-" + i), new BGPPeer.Spec(null, a[1] + "." + (first + i), as, null,
                        null, null, null, null, null, null, null, null)));
            }
        }
    }
}
