package io.muslin.cni.server;

import io.muslin.cni.plugin.StoreAccess;
import io.muslin.cni.spec.NetConf;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** The plugin server's stores: each configuration's store opened once and lent to every call. */
final class CachedStores implements Function<NetConf.Datastore, StoreAccess>, AutoCloseable {
    private final Map<NetConf.Datastore, StoreAccess> open = new HashMap<>();

    @Override
    public synchronized StoreAccess apply(NetConf.Datastore conf) {
        StoreAccess s = open.get(conf);
        if (s == null) {
            s = StoreAccess.open(conf);
            open.put(conf, s);
        }
        return StoreAccess.shared(s.store());
    }

    @Override
    public synchronized void close() {
        open.values().forEach(StoreAccess::close);
        open.clear();
    }
}
