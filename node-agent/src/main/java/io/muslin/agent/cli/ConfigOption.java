package io.muslin.agent.cli;

import io.muslin.agent.config.AgentConfig;
import io.muslin.agent.config.AgentConfigReader;
import io.muslin.agent.config.EnvOverrides;
import io.muslin.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}: the agent's configuration file, which also tells the command line where
 * the datastore and the agent's HTTP API are. Without the option: {@code $MUSLIN_CONFIG}, else
 * {@code /etc/muslin/muslin.yaml} if it exists, else the {@code MUSLIN_*} variables alone.
 */
final class ConfigOption {
    static final Path DEFAULT_FILE = Path.of("/etc/muslin/muslin.yaml");

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "agent configuration file (default: $MUSLIN_CONFIG, else /etc/muslin/muslin.yaml if present)")
    Path file;

    private AgentConfig loaded;

    AgentConfig load() {
        if (loaded != null) {
            return loaded;
        }
        AgentConfigReader reader = AgentConfigReader.ofProcess();
        Path f = file;
        if (f == null) {
            String fromEnv = System.getenv(EnvOverrides.CONFIG_FILE);
            f = fromEnv != null && !fromEnv.isEmpty() ? Path.of(fromEnv) : Files.exists(DEFAULT_FILE) ? DEFAULT_FILE : null;
        }
        try {
            loaded = f == null ? reader.parse("") : reader.read(f);
        } catch (ConfigException e) {
            throw CliException.badInput("bad config " + (f == null ? "(environment)" : f) + ": " + e.getMessage());
        }
        return loaded;
    }
}
