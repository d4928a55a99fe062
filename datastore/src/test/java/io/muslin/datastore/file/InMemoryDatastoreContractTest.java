package io.muslin.datastore.file;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreContractTest;

class InMemoryDatastoreContractTest extends DatastoreContractTest {
    @Override
    protected Datastore newStore() {
        return FileDatastore.inMemory();
    }
}
