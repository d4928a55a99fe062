package io.muslin.datastore.etcd;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreContractTest;
import io.muslin.testing.EtcdFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

class EtcdDatastoreContractTest extends DatastoreContractTest {
    @RegisterExtension
    static final EtcdFixture ETCD = EtcdFixture.onTmpfs();

    @Override
    protected Datastore newStore() {
        return EtcdDatastore.connect(EtcdConfig.of(ETCD.endpoint()));
    }
}
