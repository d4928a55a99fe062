package io.muslin.agent.cli;

import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.Node;
import io.muslin.ipam.Ipam;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code muslin node cleanup}: a node leaves the cluster for good. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Operations on a node.",
        subcommands = {NodeCommand.Cleanup.class})
final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "cleanup", mixinStandardHelpOptions = true,
            description = {"Remove a node from the datastore for good: its IPAM addresses, blocks and affinities,",
                "its Node resource and its node.<name> BGPConfiguration. Needs --yes.",
                "Stop the node's agent first. Kernel routes, tunnel devices and chains on the node are not touched."})
    static final class Cleanup implements Runnable {
        @Mixin
        ConfigOption config;
        @Mixin
        Output output;
        @Option(names = "--node", paramLabel = "NAME", description = "the node (default: this node's name from the configuration)")
        String node;
        @Option(names = "--yes", description = "yes, remove it")
        boolean yes;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            String name = node != null ? node : config.load().nodeName();
            if (!yes) {
                throw CliException.badInput("this removes node " + name + "'s addresses, blocks and Node resource from the datastore;"
                        + " add --yes to go ahead");
            }
            Map<String, Object> done = new LinkedHashMap<>();
            try (Store store = Store.open(config.load())) {
                Ipam.NodeRelease r = store.call(s -> s.ipam().releaseNode(name));
                boolean nodeDeleted = store.call(s -> s.resources().delete(Node.class, null, name));
                boolean configDeleted = store.call(s -> s.resources().delete(BGPConfiguration.class, null, "node." + name));
                done.put("node", name);
                done.put("addressesReleased", r.addressesReleased());
                done.put("blocksReleased", r.blocksReleased());
                done.put("blocksOrphaned", r.blocksOrphaned());
                done.put("nodeResourceDeleted", nodeDeleted);
                done.put("nodeBgpConfigurationDeleted", configDeleted);
            }
            output.print(spec.commandLine().getOut(), done, () -> "node " + name + ": released " + done.get("addressesReleased")
                    + " address(es) and " + done.get("blocksReleased") + " block(s)"
                    + ((int) done.get("blocksOrphaned") > 0 ? " (" + done.get("blocksOrphaned") + " block(s) left without owner)" : "")
                    + "; Node resource " + ((boolean) done.get("nodeResourceDeleted") ? "deleted" : "not found")
                    + "; node." + name + " BGPConfiguration " + ((boolean) done.get("nodeBgpConfigurationDeleted") ? "deleted" : "not found")
                    + "\n");
        }
    }
}
