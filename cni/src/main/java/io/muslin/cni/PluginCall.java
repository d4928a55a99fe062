package io.muslin.cni;

import com.fasterxml.jackson.databind.JsonNode;
import io.muslin.cni.plugin.NodeFacts;
import io.muslin.cni.plugin.Plugin;
import io.muslin.cni.plugin.StoreAccess;
import io.muslin.cni.plugin.VethWiring;
import io.muslin.cni.spec.CniCommand;
import io.muslin.cni.spec.CniError;
import io.muslin.cni.spec.CniJson;
import io.muslin.cni.spec.CniRequest;
import io.muslin.cni.spec.CniVersions;
import io.muslin.cni.spec.NetConf;
import io.muslin.cni.spec.NetConfParser;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin call, wherever it runs: in the plugin's own process ({@link Main}) or in the
 * plugin server of a running agent ({@code io.muslin.cni.server.CniServer}). Reads the
 * environment and the configuration, runs the command, prints the result or the error.
 */
public final class PluginCall {
    private final Function<NetConf.Datastore, StoreAccess> stores;
    private final String hostNamespace;

    /**
     * @param stores        opens (or lends) the store a configuration names
     * @param hostNamespace the node's namespace by name, or null for this process's own
     */
    public PluginCall(Function<NetConf.Datastore, StoreAccess> stores, String hostNamespace) {
        this.stores = stores;
        this.hostNamespace = hostNamespace;
    }

    /** A call that opens the store for itself and closes it after. */
    public static PluginCall direct(String hostNamespace) {
        return new PluginCall(StoreAccess::open, hostNamespace);
    }

    /** Runs one call; returns the exit status (0 success, 1 error printed on {@code out}). */
    public int run(Map<String, String> env, byte[] input, PrintStream out) {
        String version = CniVersions.CURRENT;
        try {
            CniCommand command = CniCommand.parse(env.get("CNI_COMMAND"));
            if (command == CniCommand.VERSION) {
                out.print(CniJson.versions(versionAsked(input)));
                return 0;
            }
            JsonNode json = NetConfParser.readJson(input);
            version = NetConfParser.version(json);
            NetConf conf = NetConfParser.parse(json);
            requireVersionFor(command, version);
            CniRequest req = CniRequest.fromEnvironment(env);
            NodeFacts node = NodeFacts.read(conf);
            long t0 = System.nanoTime();
            try (StoreAccess store = stores.apply(conf.datastore())) {
                long t1 = System.nanoTime();
                Plugin plugin = new Plugin(conf, node, store.store(), new VethWiring(hostNamespace));
                switch (command) {
                    case ADD -> out.print(CniJson.result(plugin.add(req), version));
                    case DEL -> plugin.del(req);
                    case CHECK -> plugin.check(req);
                    case STATUS -> plugin.status();
                    case GC -> plugin.gc();
                    case VERSION -> throw new IllegalStateException("answered above");
                }
                Logger log = LoggerFactory.getLogger(PluginCall.class);
                if (log.isDebugEnabled()) {
                    log.debug("{} {} {}: store ready in {} ms, {} took {} ms", command, req.containerId(), req.ifname(),
                            (t1 - t0) / 1_000_000, command, (System.nanoTime() - t1) / 1_000_000);
                }
            }
            return 0;
        } catch (CniError e) {
            out.print(CniJson.error(e, version));
            return 1;
        } catch (RuntimeException e) {
            out.print(CniJson.error(new CniError(CniError.IO_FAILURE, "internal error: " + e, stackTop(e)), version));
            return 1;
        }
    }

    /** VERSION answers in the version the runtime asked in, if this plugin speaks it. */
    private static String versionAsked(byte[] input) {
        try {
            JsonNode n = NetConfParser.readJson(input);
            String v = n.path("cniVersion").asText("");
            return CniVersions.supported(v) ? v : CniVersions.CURRENT;
        } catch (CniError e) {
            return CniVersions.CURRENT;
        }
    }

    private static void requireVersionFor(CniCommand command, String version) {
        String needed = switch (command) {
            case CHECK -> "0.4.0";
            case STATUS, GC -> "1.1.0";
            default -> "0.3.0";
        };
        if (!CniVersions.atLeast(version, needed)) {
            throw new CniError(CniError.INCOMPATIBLE_VERSION, "incompatible CNI version " + version + " for " + command,
                    command + " needs cniVersion " + needed + " or later");
        }
    }

    private static String stackTop(Throwable e) {
        StackTraceElement[] st = e.getStackTrace();
        return st.length == 0 ? "" : "at " + st[0];
    }
}
