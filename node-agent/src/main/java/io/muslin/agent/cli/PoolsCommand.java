package io.muslin.agent.cli;

import io.muslin.datastore.Stored;
import io.muslin.datastore.model.IPPool;
import io.muslin.datastore.model.ObjectMeta;
import io.muslin.ipam.UsageReport;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code muslin pools list|create|delete|disable|enable}: IP pools. */
@Command(name = "pools", mixinStandardHelpOptions = true, description = "List, create, delete, disable and enable IP pools.",
        subcommands = {PoolsCommand.ListCmd.class, PoolsCommand.Create.class, PoolsCommand.Delete.class,
            PoolsCommand.Disable.class, PoolsCommand.Enable.class})
final class PoolsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pools.")
    static final class ListCmd implements Runnable {
        @Mixin
        ConfigOption config;
        @Mixin
        Output output;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Store store = Store.open(config.load())) {
                List<IPPool> pools = store.call(s -> s.resources().list(IPPool.class).resources());
                output.print(spec.commandLine().getOut(), Output.resources(pools), () -> render(pools));
            }
        }

        static String render(List<IPPool> pools) {
            if (pools.isEmpty()) {
                return "No pools.\n";
            }
            Table t = new Table("NAME", "CIDR", "BLOCK SIZE", "IPIP", "VXLAN", "NAT OUTGOING", "DISABLED", "NODE SELECTOR");
            for (IPPool p : pools) {
                IPPool.Spec s = p.spec();
                t.row(p.metadata().name(), s.cidr(), "/" + p.blockSize(), or(s.ipipMode(), "Never"), or(s.vxlanMode(), "Never"),
                        Boolean.TRUE.equals(s.natOutgoing()), p.disabled(), or(s.nodeSelector(), "all()"));
            }
            return t.render();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a pool (checked, and against overlaps).")
    static final class Create implements Runnable {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "NAME", description = "the pool's name")
        String name;
        @Option(names = "--cidr", required = true, paramLabel = "CIDR", description = "the pool's range, e.g. 192.168.0.0/16")
        String cidr;
        @Option(names = "--block-size", paramLabel = "N", description = "block prefix length (default 26 for IPv4, 122 for IPv6)")
        Integer blockSize;
        @Option(names = "--ipip-mode", paramLabel = "MODE", description = "Never (default), Always or CrossSubnet")
        String ipipMode = "Never";
        @Option(names = "--vxlan-mode", paramLabel = "MODE", description = "Never (default), Always or CrossSubnet")
        String vxlanMode = "Never";
        @Option(names = "--nat-outgoing", description = "masquerade traffic from the pool to outside all pools")
        boolean natOutgoing;
        @Option(names = "--disabled", description = "create it disabled")
        boolean disabled;
        @Option(names = "--node-selector", paramLabel = "SELECTOR", description = "nodes that take blocks from it (default all())")
        String nodeSelector = "all()";
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            IPPool pool = new IPPool(ObjectMeta.named(name), new IPPool.Spec(cidr, blockSize, ipipMode, vxlanMode, natOutgoing,
                    disabled, false, nodeSelector));
            try (Store store = Store.open(config.load())) {
                store.call(s -> s.ipam().createPool(pool));
            } catch (io.muslin.datastore.AlreadyExistsException e) {
                throw CliException.failed("pool " + name + " already exists");
            }
            spec.commandLine().getOut().println("created pool " + name + " " + cidr);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Delete a pool. A pool with blocks in use is kept unless --force:",
                "disable it first and let its pods go, then delete it."})
    static final class Delete implements Runnable {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--force", description = "delete even while its blocks are in use")
        boolean force;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Store store = Store.open(config.load())) {
                UsageReport u = store.call(s -> s.ipam().usage());
                UsageReport.PoolUsage p = u.pools().stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> CliException.failed("no pool named " + name));
                if (p.allocated() > 0 && !force) {
                    throw CliException.failed("pool " + name + " has " + p.allocated() + " address(es) in use in " + p.blocks()
                            + " block(s); disable it, let its pods go, or add --force");
                }
                store.call(s -> s.resources().delete(IPPool.class, null, name));
                store.call(s -> {
                    s.ipam().refreshSettings();
                    return null;
                });
            }
            spec.commandLine().getOut().println("deleted pool " + name);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable a pool: no new blocks or addresses from it.")
    static final class Disable implements Runnable {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            setDisabled(config, name, true);
            spec.commandLine().getOut().println("disabled pool " + name);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled pool again.")
    static final class Enable implements Runnable {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            setDisabled(config, name, false);
            spec.commandLine().getOut().println("enabled pool " + name);
        }
    }

    private static void setDisabled(ConfigOption config, String name, boolean disabled) {
        try (Store store = Store.open(config.load())) {
            store.call(s -> {
                s.ipam().setPoolDisabled(name, disabled);
                return null;
            });
        }
    }

    private static String or(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
