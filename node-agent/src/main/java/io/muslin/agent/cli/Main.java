package io.muslin.agent.cli;

import picocli.CommandLine;

/**
 * {@code muslin}: the node agent ({@code muslin agent}) and the commands an operator uses on a node.
 * Exit status: 0 done, 1 failed (agent or datastore unreachable, a check found problems), 2 bad
 * command line, configuration or input.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        // vert.x logs through SLF4J like the rest of the agent (never java.util.logging).
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
        if (args.length == 0 || !args[0].equals("agent")) {
            // A command prints its answer and, on failure, one line: library chatter stays out.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        CommandLine cl = new CommandLine(new MuslinCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliException c) {
                cmd.getErr().println("muslin: " + c.getMessage());
                return c.exitCode();
            }
            cmd.getErr().println("muslin: " + (e.getMessage() == null ? e.getClass().getName() : e.getMessage()));
            return CliException.FAILED;
        });
        return cl.execute(args);
    }
}
