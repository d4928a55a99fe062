package io.muslin.agent.cli;

import io.muslin.agent.AgentDaemon;
import io.muslin.agent.config.AgentConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

/**
 * {@code muslin agent --config FILE}: the node agent, until SIGTERM or SIGINT. Either signal is a
 * stop for a restart (an upgrade, a rolling update): the BGP sessions close without NOTIFICATION so
 * peers keep our routes, kernel routes, devices and chains stay, and the process exits 0.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run the node agent until SIGTERM or SIGINT (a stop for a restart: routes stay; exit 0).",
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
        CountDownLatch stop = new CountDownLatch(1);
        // The signals end the wait below instead of the JVM's default exit status 143/130.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        // Any other way out (System.exit elsewhere) still stops the parts in order.
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "muslin-agent-shutdown"));
        try {
            daemon.start();
        } catch (Exception e) {
            daemon.close();
            throw CliException.failed("cannot start: " + e.getMessage());
        }
        stop.await();
        daemon.close();
        return 0;
    }
}
