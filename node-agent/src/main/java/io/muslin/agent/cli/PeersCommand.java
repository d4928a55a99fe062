package io.muslin.agent.cli;

import io.muslin.datastore.Stored;
import io.muslin.datastore.model.BGPPeer;
import io.muslin.datastore.model.ObjectMeta;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code muslin peers list|create|delete}: BGPPeer resources. */
@Command(name = "peers", mixinStandardHelpOptions = true, description = "List, create and delete BGPPeer resources.",
        subcommands = {PeersCommand.ListCmd.class, PeersCommand.Create.class, PeersCommand.Delete.class})
final class PeersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the BGPPeer resources.")
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
                List<BGPPeer> peers = store.call(s -> s.resources().list(BGPPeer.class).resources());
                output.print(spec.commandLine().getOut(), Output.resources(peers), () -> render(peers));
            }
        }

        static String render(List<BGPPeer> peers) {
            if (peers.isEmpty()) {
                return "No BGP peers.\n";
            }
            Table t = new Table("NAME", "PEER", "AS", "ON NODES", "PASSWORD");
            for (BGPPeer p : peers) {
                BGPPeer.Spec s = p.spec();
                String peer = s.peerIP() != null ? s.peerIP() : "nodes " + s.peerSelector();
                String on = s.node() != null ? "node " + s.node() : s.nodeSelector() != null ? s.nodeSelector() : "all (global)";
                t.row(p.metadata().name(), peer, s.asNumber() == null ? "(node's)" : s.asNumber(), on,
                        s.password() == null ? "-" : "secret " + s.password().secretKeyRef().name() + "/" + s.password().secretKeyRef().key());
            }
            return t.render();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a BGPPeer: a router by --peer-ip and --as-number, or nodes by --peer-selector;",
                "on every node (global), on --node, or on the nodes of --node-selector."})
    static final class Create implements Runnable {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @ArgGroup(exclusive = true, multiplicity = "1")
        Remote remote;
        @Option(names = "--as-number", paramLabel = "AS", description = "the peer's AS (required with --peer-ip)")
        Long asNumber;
        @ArgGroup(exclusive = true)
        Local local;
        @Option(names = "--password-secret", paramLabel = "SECRET/KEY", description = "TCP MD5 password from a secret's key")
        String passwordSecret;
        @Option(names = "--source-address", paramLabel = "UseNodeIP|None|ADDRESS", description = "local address (default UseNodeIP)")
        String sourceAddress;
        @Option(names = "--next-hop-mode", paramLabel = "Auto|Self|Keep", description = "next hop towards the peer")
        String nextHopMode;
        @Option(names = "--max-restart-time", paramLabel = "DURATION", description = "graceful restart time, e.g. 120s")
        String maxRestartTime;
        @Option(names = "--ttl-security", paramLabel = "HOPS", description = "GTSM hop count (RFC 5082)")
        Integer ttlSecurity;
        @Option(names = "--filter", paramLabel = "BGPFILTER", description = "a BGPFilter to apply (repeatable, in order)")
        List<String> filters;
        @Option(names = "--bfd", description = "BFD with the peer (RFC 5880), 300 ms each way, multiplier 3")
        boolean bfd;
        @Option(names = "--bfd-interval", paramLabel = "MS", description = "BFD minimum rx and tx interval in ms (implies --bfd)")
        Integer bfdInterval;
        @Option(names = "--bfd-multiplier", paramLabel = "N", description = "BFD detect multiplier (implies --bfd)")
        Integer bfdMultiplier;
        @Spec
        CommandSpec spec;

        static final class Remote {
            @Option(names = "--peer-ip", paramLabel = "IP[:PORT]", required = true, description = "the peer's address")
            String peerIp;
            @Option(names = "--peer-selector", paramLabel = "SELECTOR", required = true, description = "peer with the nodes selected")
            String peerSelector;
        }

        static final class Local {
            @Option(names = "--node", paramLabel = "NODE", required = true, description = "only on this node")
            String node;
            @Option(names = "--node-selector", paramLabel = "SELECTOR", required = true, description = "only on the nodes selected")
            String nodeSelector;
        }

        @Override
        public void run() {
            BGPPeer.Password password = null;
            if (passwordSecret != null) {
                int slash = passwordSecret.indexOf('/');
                if (slash <= 0 || slash == passwordSecret.length() - 1) {
                    throw CliException.badInput("--password-secret: '" + passwordSecret + "' is not SECRET/KEY");
                }
                password = new BGPPeer.Password(new BGPPeer.SecretKeyRef(passwordSecret.substring(0, slash),
                        passwordSecret.substring(slash + 1)));
            }
            BGPPeer peer = new BGPPeer(ObjectMeta.named(name), new BGPPeer.Spec(local == null ? null : local.node, remote.peerIp,
                    asNumber, local == null ? null : local.nodeSelector, remote.peerSelector, password, null, nextHopMode,
                    maxRestartTime, ttlSecurity, filters, sourceAddress,
                    bfd || bfdInterval != null || bfdMultiplier != null
                            ? new BGPPeer.Bfd(bfdInterval, bfdInterval, bfdMultiplier, null) : null));
            try (Store store = Store.open(config.load())) {
                store.call(s -> s.resources().create(peer));
            } catch (io.muslin.datastore.AlreadyExistsException e) {
                throw CliException.failed("BGPPeer " + name + " already exists");
            }
            spec.commandLine().getOut().println("created BGPPeer " + name);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a BGPPeer.")
    static final class Delete implements Runnable {
        @Mixin
        ConfigOption config;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            boolean deleted;
            try (Store store = Store.open(config.load())) {
                deleted = store.call(s -> s.resources().delete(BGPPeer.class, null, name));
            }
            if (!deleted) {
                throw CliException.failed("no BGPPeer named " + name);
            }
            spec.commandLine().getOut().println("deleted BGPPeer " + name);
        }
    }
}
