package io.muslin.datastore.cache;

import io.muslin.datastore.Datastore;
import io.muslin.datastore.file.FileDatastore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileInformerTest extends InformerContractTest {
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
