package io.muslin.agent.cli;

import io.muslin.datastore.model.BGPConfiguration;
import io.muslin.datastore.model.Node;
import io.muslin.ipam.Ipam;
import io.muslin.netlink.linux.LinuxNetlink;
import io.muslin.routing.PlannerConfig;
import io.muslin.routing.reconcile.CleanupReport;
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
            description = {"Remove a node for good: its IPAM addresses, blocks and affinities, its Node resource and",
                "its node.<name> BGPConfiguration from the datastore and, when it is this node, Muslin's routes",
                "(protocol 77) and tunnel devices from this machine's kernel. Needs --yes. Stop the node's agent first.",
                "With --node naming another node only the datastore part runs."})
    static final class Cleanup implements Runnable {
        @Mixin
        ConfigOption config;
        @Mixin
        Output output;
        @Option(names = "--node", paramLabel = "NAME", description = "the node (default: this node's name from the configuration)")
        String node;
        @Option(names = "--yes", description = "yes, remove it")
        boolean yes;
        @Option(names = "--datastore-only", description = "leave this machine's kernel alone")
        boolean datastoreOnly;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            String self = config.load().nodeName();
            String name = node != null ? node : self;
            boolean kernel = !datastoreOnly && name.equals(self);
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
            if (kernel) {
                CleanupReport k;
                try (LinuxNetlink netlink = LinuxNetlink.open()) {
                    k = io.muslin.routing.reconcile.Cleanup.removeAll(netlink, PlannerConfig.DEFAULT);
                } catch (RuntimeException e) {
                    throw CliException.failed("the datastore part is done; the kernel part failed: " + e.getMessage());
                }
                done.put("routesDeleted", k.routesDeleted());
                done.put("tunnelAddressesRemoved", k.tunnelAddressesRemoved());
                done.put("vxlanDeviceDeleted", k.vxlanDeviceDeleted());
                if (!k.ok()) {
                    done.put("kernelErrors", k.errors().stream().map(e -> e.object() + " " + e.operation() + ": " + e.reason()).toList());
                }
            }
            output.print(spec.commandLine().getOut(), done, () -> "node " + name + ": released " + done.get("addressesReleased")
                    + " address(es) and " + done.get("blocksReleased") + " block(s)"
                    + ((int) done.get("blocksOrphaned") > 0 ? " (" + done.get("blocksOrphaned") + " block(s) left without owner)" : "")
                    + "; Node resource " + ((boolean) done.get("nodeResourceDeleted") ? "deleted" : "not found")
                    + "; node." + name + " BGPConfiguration " + ((boolean) done.get("nodeBgpConfigurationDeleted") ? "deleted" : "not found")
                    + (kernel ? "; kernel: " + done.get("routesDeleted") + " route(s) of protocol 77 deleted"
                            + ((boolean) done.get("vxlanDeviceDeleted") ? ", vxlan.muslin deleted" : "")
                            + (done.containsKey("kernelErrors") ? "; errors: " + done.get("kernelErrors") : "")
                            : "; kernel not touched")
                    + "\n");
            if (done.containsKey("kernelErrors")) {
                throw CliException.failed("some of the kernel part failed: " + done.get("kernelErrors"));
            }
        }
    }
}
