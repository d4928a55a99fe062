package io.muslin.ipam;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.file.FileDatastore;

class EmbeddedIpamTest extends IpamContractTest {
    @Override
    protected Datastore newStore() {
        return FileDatastore.inMemory();
    }
}
