import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.Resources;

/** Prints the etcd key and the JSON value of an IP pool (args: name cidr blockSize), for etcdctl put. */
public class PoolJson {
    public static void main(String[] args) {
        IPPool pool = IPPool.of(args[0], args[1], Integer.parseInt(args[2]));
        try (FileDatastore scratch = FileDatastore.inMemory()) {
            System.out.println(new ResourceStore(scratch).key(pool));
        }
        System.out.println(Resources.toJsonString(pool));
    }
}
