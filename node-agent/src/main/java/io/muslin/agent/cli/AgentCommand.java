package io.muslin.agent.cli;

import io.muslin.agent.AgentDaemon;
import io.muslin.agent.config.AgentConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code muslin agent --config FILE}: the node agent, until SIGTERM or SIGINT. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run the node agent until SIGTERM or SIGINT.",
            "A bad configuration value exits 2 with one line naming the field and the reason."})
final class AgentCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = config.load();
        // Before the first logger exists: slf4j-simple reads its level once.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", cfg.logLevel().text());
        AgentDaemon daemon = new AgentDaemon(cfg);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "muslin-agent-shutdown"));
        try {
            daemon.start();
        } catch (Exception e) {
            throw CliException.failed("cannot start: " + e.getMessage());
        }
        stopped.await();
        return 0;
    }
}
