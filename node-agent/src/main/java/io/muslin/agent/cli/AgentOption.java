package io.muslin.agent.cli;

import picocli.CommandLine.Option;

/** {@code --agent URL}: the running agent's HTTP API, for the commands that read from it. */
final class AgentOption {
    @Option(names = "--agent", paramLabel = "URL", description = "the agent's HTTP API (default: from the configuration)")
    String url;

    /** A client for {@code --agent}, else for the address in the configuration {@code config} names. */
    AgentClient client(ConfigOption config) {
        return AgentClient.of(url, url == null ? config.load() : null);
    }
}
