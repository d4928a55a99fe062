package io.muslin.agent.cli;

import io.muslin.agent.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command; every subcommand has {@code --help}. */
@Command(name = "muslin", mixinStandardHelpOptions = true, versionProvider = MuslinCommand.VersionText.class,
        description = "Muslin, a Calico-style pod network: the node agent and the commands to look after it.",
        subcommands = {AgentCommand.class, StatusCommand.class, RoutesCommand.class, IpamCommand.class, PoolsCommand.class,
            PeersCommand.class, TopologyCommand.class, NodeCommand.class, CniCommand.class, KubeSyncCommand.class, MuslinCommand.VersionCommand.class})
final class MuslinCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code muslin version}. */
    @Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of this build and its Java runtime.")
    static final class VersionCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().println("muslin " + Version.current() + " (Java " + Runtime.version() + ")");
        }
    }

    /** For {@code --version}. */
    static final class VersionText implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"muslin " + Version.current()};
        }
    }
}
