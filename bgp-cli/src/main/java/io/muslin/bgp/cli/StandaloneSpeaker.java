package io.muslin.bgp.cli;

import io.muslin.bgp.settings.SettingException;
import io.muslin.bgp.speaker.ApplyResult;
import io.muslin.bgp.speaker.Speaker;
import io.muslin.bgp.transport.BgpPeer;
import io.muslin.config.ConfigException;
import io.muslin.net.IpAddress;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * The speaker alone: a {@link Speaker} with the file's desired state, its events as JSON lines.
 * {@link #apply} hands a re-read file to {@link Speaker#apply}, which touches only what changed.
 */
public final class StandaloneSpeaker implements AutoCloseable {
    private volatile SpeakerConfig config;
    private final Speaker speaker;
    private final EventPrinter printer;

    public StandaloneSpeaker(SpeakerConfig config, boolean printRoutes, PrintStream out, Executor socketExecutor) {
        this.config = config;
        this.printer = new EventPrinter(out, printRoutes);
        this.speaker = new Speaker(config.desired(), Math.max(1, Runtime.getRuntime().availableProcessors()), socketExecutor);
        speaker.addSessionListener(printer);
    }

    public InetSocketAddress start() throws InterruptedException {
        return speaker.start();
    }

    /**
     * A changed configuration, applied peer by peer; one {@code config} event per change.
     *
     * @throws ConfigException when a setting that needs a restart (AS, router id, listen address) changed
     */
    public synchronized ApplyResult apply(SpeakerConfig next) throws ConfigException {
        ApplyResult r;
        try {
            r = speaker.apply(next.desired());
        } catch (SettingException e) {
            throw new ConfigException(SpeakerConfig.yamlPath(e.field()), e.reason());
        }
        r.describe().forEach(line -> printer.message("config", line));
        config = next;
        return r;
    }

    public SpeakerConfig config() {
        return config;
    }

    public Speaker speaker() {
        return speaker;
    }

    public BgpPeer peer(String address) {
        return speaker.peer(IpAddress.parse(address));
    }

    @Override
    public void close() {
        speaker.close();
    }
}
