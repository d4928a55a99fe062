package io.muslin.bgp.cli;

import io.muslin.config.ConfigException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code muslin-bgp --config FILE.yaml [--print-routes] [--verbose]}: the BGP
 * speaker alone, for testing peering with a router before deploying the agent, or as a route
 * collector. Exit status: 0 after SIGTERM/SIGINT, 1 when it cannot start, 2 for a bad command
 * line or config.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path config = null;
        boolean printRoutes = false;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                    }
                    config = Path.of(args[++i]);
                }
                case "--print-routes" -> printRoutes = true;
                case "-v", "--verbose" -> verbose = true;
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (config == null) {
            usage("--config is required");
        }
        if (verbose) {
            // Before the first logger is made: slf4j-simple reads its settings once.
            System.setProperty("org.slf4j.simpleLogger.log.io.muslin", "debug");
        }
        SpeakerConfig cfg;
        try {
            cfg = SpeakerConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("muslin-bgp: bad config " + config + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        StandaloneSpeaker speaker = new StandaloneSpeaker(cfg, printRoutes, System.out, Runnable::run);
        StatusServer status = null;
        try {
            speaker.start();
            if (cfg.httpAddress() != null) {
                status = new StatusServer(speaker.speaker());
                status.start(cfg.httpAddress().toString(), cfg.httpPort());
            }
        } catch (Exception e) {
            System.err.println("muslin-bgp: cannot start: " + e.getMessage());
            speaker.close();
            System.exit(1);
            return;
        }
        Path configFile = config;
        // SIGHUP: read the file again and apply what changed, peer by peer (no restart, no other session touched).
        Signal.handle(new Signal("HUP"), sig -> {
            try {
                speaker.apply(SpeakerConfig.load(configFile));
                System.err.println("muslin-bgp: configuration reloaded from " + configFile);
            } catch (ConfigException e) {
                System.err.println("muslin-bgp: configuration not reloaded: " + e.getMessage());
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        StatusServer finalStatus = status;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            speaker.close();
            if (finalStatus != null) {
                finalStatus.close();
            }
            stopped.countDown();
        }, "muslin-bgp-shutdown"));
        stopped.await();
    }

    private static final String USAGE = """
            usage: muslin-bgp --config FILE.yaml [--print-routes] [--verbose]
              --config FILE     speaker configuration (see docs/bgp-speaker.md)
              --print-routes    print one JSON line per received or withdrawn route
              --verbose         also log the speaker's own steps (debug level) on standard error""";

    private static void usage(String problem) {
        System.err.println("muslin-bgp: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
