package io.muslin.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd as a JUnit extension. On a static field
 * ({@code @RegisterExtension static final EtcdFixture ETCD = EtcdFixture.onTmpfs();}) one etcd
 * serves the whole class; on an instance field each test gets its own (for tests that stop or kill
 * it). Removed after the class or the test, also when it failed.
 */
public final class EtcdFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final boolean inMemoryDisk;
    private EtcdProcess etcd;
    private boolean perClass;

    private EtcdFixture(boolean inMemoryDisk) {
        this.inMemoryDisk = inMemoryDisk;
    }

    /** etcd with its data directory on tmpfs (fast fsync). */
    public static EtcdFixture onTmpfs() {
        return new EtcdFixture(true);
    }

    /** etcd with its data directory on the temporary directory's disk. */
    public static EtcdFixture onDisk() {
        return new EtcdFixture(false);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        perClass = true;
        etcd = EtcdProcess.start(inMemoryDisk);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (etcd == null) {
            etcd = EtcdProcess.start(inMemoryDisk);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    private void stop() {
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }

    /** The running etcd (to stop, kill, restart or compact it). */
    public EtcdProcess process() {
        if (etcd == null) {
            throw new IllegalStateException("etcd is not running: register the fixture with @RegisterExtension");
        }
        return etcd;
    }

    public String endpoint() {
        return process().endpoint();
    }
}
