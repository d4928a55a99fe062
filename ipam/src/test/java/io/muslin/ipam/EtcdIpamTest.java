package io.muslin.ipam;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.etcd.EtcdConfig;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.testing.EtcdFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdIpamTest extends IpamContractTest {
    @RegisterExtension
    static final EtcdFixture ETCD = EtcdFixture.onTmpfs();

    @Override
    protected Datastore newStore() {
        return EtcdDatastore.connect(EtcdConfig.of(ETCD.endpoint()));
    }
}
