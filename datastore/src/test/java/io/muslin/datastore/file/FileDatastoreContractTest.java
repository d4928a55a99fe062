package io.muslin.datastore.file;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileDatastoreContractTest extends DatastoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected Datastore newStore() {
        try {
            return FileDatastore.open(Files.createTempDirectory(dir, "store"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
