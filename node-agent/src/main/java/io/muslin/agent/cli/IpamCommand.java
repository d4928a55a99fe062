package io.muslin.agent.cli;

import io.muslin.ipam.ConsistencyReport;
import io.muslin.ipam.UsageReport;
import io.muslin.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code muslin ipam show|check|release}: IPAM in the datastore. */
@Command(name = "ipam", mixinStandardHelpOptions = true, description = "Show, check and release IPAM state in the datastore.",
        subcommands = {IpamCommand.Show.class, IpamCommand.CheckCmd.class, IpamCommand.Release.class})
final class IpamCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Pools, blocks and per-node usage.")
    static final class Show implements Runnable {
        @Mixin
        ConfigOption config;
        @Mixin
        Output output;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            try (Store store = Store.open(config.load())) {
                UsageReport u = store.call(s -> s.ipam().usage());
                output.print(spec.commandLine().getOut(), u, () -> render(u));
            }
        }

        static String render(UsageReport u) {
            Table pools = new Table("POOL", "CIDR", "BLOCK SIZE", "DISABLED", "BLOCKS", "IN USE", "CAPACITY");
            u.pools().forEach(p -> pools.row(p.name(), p.cidr(), "/" + p.blockSize(), p.disabled(), p.blocks(), p.allocated(), p.capacity()));
            Table blocks = new Table("BLOCK", "NODE", "IN USE", "SIZE", "POOL");
            u.blocks().forEach(b -> blocks.row(b.cidr(), b.owner() == null ? "(none)" : b.owner(), b.allocated(), b.size(),
                    b.pool() == null ? "(none)" : b.pool()));
            Table nodes = new Table("NODE", "BLOCKS", "IN USE", "BORROWED");
            u.nodes().forEach(n -> nodes.row(n.node(), n.blocks(), n.allocated(), n.borrowed()));
            return pools.render() + "\n" + blocks.render() + "\n" + nodes.render();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check blocks, handles and affinities against each other.", "Exits 1 when it finds a problem."})
    static final class CheckCmd implements java.util.concurrent.Callable<Integer> {
        @Mixin
        ConfigOption config;
        @Mixin
        Output output;
        @Option(names = "--repair", description = "also repair what can be repaired safely")
        boolean repair;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Store store = Store.open(config.load())) {
                ConsistencyReport r = store.call(s -> repair ? s.ipam().repair() : s.ipam().checkConsistency());
                output.print(spec.commandLine().getOut(), r, r::toText);
                return r.clean() || (repair && r.repairs().size() >= r.problems().size()) ? 0 : CliException.FAILED;
            }
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = {"Release addresses: by address (--ip, repeatable) or everything a handle holds (--handle)."})
    static final class Release implements Runnable {
        @Mixin
        ConfigOption config;
        @Mixin
        Output output;
        @Option(names = "--ip", paramLabel = "ADDRESS", description = "an address to release")
        List<String> ips = new ArrayList<>();
        @Option(names = "--handle", paramLabel = "HANDLE", description = "release every address of this handle")
        String handle;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            if (ips.isEmpty() == (handle == null)) {
                throw CliException.badInput("give --ip ADDRESS (one or more) or --handle HANDLE");
            }
            List<IpAddress> addresses = new ArrayList<>();
            for (String ip : ips) {
                try {
                    addresses.add(IpAddress.parse(ip));
                } catch (IllegalArgumentException e) {
                    throw CliException.badInput("--ip " + ip + ": " + e.getMessage());
                }
            }
            try (Store store = Store.open(config.load())) {
                List<Map<String, Object>> result = new ArrayList<>();
                StringBuilder text = new StringBuilder();
                if (handle != null) {
                    int n = store.call(s -> s.ipam().releaseByHandle(handle));
                    result.add(Map.of("handle", handle, "released", n));
                    text.append("released ").append(n).append(" address(es) of handle ").append(handle).append('\n');
                }
                boolean missing = false;
                for (IpAddress a : addresses) {
                    boolean done = store.call(s -> s.ipam().releaseAddress(a));
                    result.add(Map.of("address", a.toString(), "released", done));
                    text.append(done ? "released " + a : a + " was not assigned").append('\n');
                    missing |= !done;
                }
                output.print(spec.commandLine().getOut(), result, text::toString);
                if (missing) {
                    throw CliException.failed("some addresses were not assigned");
                }
            }
        }
    }
}
