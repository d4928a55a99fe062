package io.muslin.agent.cli;

import io.muslin.agent.config.AgentConfig;
import io.muslin.datastore.Datastore;
import io.muslin.datastore.DatastoreException;
import io.muslin.datastore.ResourceStore;
import io.muslin.datastore.etcd.EtcdDatastore;
import io.muslin.datastore.file.FileDatastore;
import io.muslin.ipam.Ipam;
import io.muslin.ipam.IpamOptions;
import java.time.Duration;
import java.util.function.Function;

/**
 * The datastore as the command line uses it: opened from the configuration with short timeouts
 * (a command should fail in seconds, not hang), and every store error turned into one line.
 */
final class Store implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    private final Datastore datastore;
    private final String description;

    private Store(Datastore datastore, String description) {
        this.datastore = datastore;
        this.description = description;
    }

    static Store open(AgentConfig config) {
        try {
            return switch (config.datastore()) {
                case AgentConfig.EtcdStore e -> new Store(EtcdDatastore.connect(e.etcd().withRequestTimeout(REQUEST_TIMEOUT)
                        .withRetry(Duration.ofMillis(50), Duration.ofMillis(500))), e.describe());
                case AgentConfig.FileStore f -> new Store(FileDatastore.open(f.directory()), f.describe());
            };
        } catch (DatastoreException | IllegalArgumentException | IllegalStateException e) {
            throw CliException.failed("cannot open the datastore " + config.datastore().describe() + ": " + e.getMessage());
        }
    }

    ResourceStore resources() {
        return new ResourceStore(datastore);
    }

    Ipam ipam() {
        return new Ipam(datastore, IpamOptions.defaults().withOutageDeadline(REQUEST_TIMEOUT));
    }

    /** Runs {@code work}; a store that cannot be reached becomes one line naming it. */
    <T> T call(Function<Store, T> work) {
        try {
            return work.apply(this);
        } catch (io.muslin.datastore.DatastoreUnavailableException e) {
            throw CliException.failed("cannot reach the datastore " + description + ": " + e.getMessage());
        } catch (io.muslin.ipam.IpamException e) {
            if (e.getCause() instanceof io.muslin.datastore.DatastoreUnavailableException u) {
                throw CliException.failed("cannot reach the datastore " + description + ": " + u.getMessage());
            }
            throw CliException.failed(e.getMessage());
        } catch (io.muslin.datastore.model.ValidationException e) {
            throw CliException.badInput(e.getMessage().replace('\n', ' '));
        }
    }

    @Override
    public void close() {
        datastore.close();
    }
}
