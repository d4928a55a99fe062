package io.muslin.datastore.cache;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.file.FileDatastore;

class InMemoryInformerTest extends InformerContractTest {
    @Override
    protected Datastore newStore() {
        return FileDatastore.inMemory();
    }
}
