package io.muslin.cni.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The plugin's entry of a network configuration list, validated ({@link NetConfParser}).
 * The datastore fields read as the agent's configuration file does ({@code datastore.type},
 * {@code datastore.etcd.endpoints}, {@code caFile}, {@code certFile}, {@code keyFile},
 * {@code username}, {@code passwordFile}, {@code datastore.file.directory}), as do {@code nodeName}
 * and {@code logLevel}.
 *
 * @param cniVersion  the version the runtime speaks for this network (results are written in it)
 * @param name        the network's name (the first part of the IPAM handle {@code <name>.<container id>})
 * @param type        the plugin's file name in the CNI bin directory
 * @param mtu         the pod interface MTU; empty: the agent's {@code <stateDir>/mtu}
 * @param stateDir    where the agent keeps {@code mtu} and {@code nodename} (default {@code /var/lib/muslin})
 * @param nodeName    this node's name; empty: {@code <stateDir>/nodename}, else the host name
 * @param datastore   where IPAM and the workload endpoints live
 * @param ipam        how many addresses of which family, from which pools
 * @param logLevel    the plugin's log level on standard error (error, warn, info, debug)
 * @param prevResult  the previous plugin's result (chained DEL and CHECK), if any
 * @param validAttachments GC (1.1.0): the attachments still in use, {@code cni.dev/valid-attachments}
 */
public record NetConf(String cniVersion, String name, String type, OptionalInt mtu, Path stateDir,
                      Optional<String> nodeName, Datastore datastore, Ipam ipam, String logLevel,
                      Optional<JsonNode> prevResult, List<Attachment> validAttachments) {

    public static final Path DEFAULT_STATE_DIR = Path.of("/var/lib/muslin");

    /** Where cluster state lives (the agent's {@code datastore} section). */
    public sealed interface Datastore {
        String describe();
    }

    /** etcd v3 endpoints with optional mutual TLS and credentials. */
    public record Etcd(List<String> endpoints, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile,
                       Optional<String> username, Optional<Path> passwordFile) implements Datastore {
        @Override
        public String describe() {
            return "etcd " + endpoints;
        }
    }

    /** The embedded file store in a directory (one node, no etcd). */
    public record FileStore(Path directory) implements Datastore {
        @Override
        public String describe() {
            return "file store " + directory;
        }
    }

    /** Address assignment: one IPv4 and/or one IPv6 address, from {@code pools} (empty: any usable pool). */
    public record Ipam(boolean assignIpv4, boolean assignIpv6, List<String> pools) {
        public static Ipam defaults() {
            return new Ipam(true, false, List.of());
        }
    }

    /** One attachment a runtime keeps (GC's {@code cni.dev/valid-attachments}). */
    public record Attachment(String containerId, String ifname) {}
}
