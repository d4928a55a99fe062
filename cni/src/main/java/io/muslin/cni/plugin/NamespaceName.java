package io.muslin.cni.plugin;

import io.muslin.cni.spec.CniError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A network namespace as the netlink module addresses it: a name under {@code /var/run/netns}.
 * A runtime's {@code CNI_NETNS} there ({@code /run/netns/X}, as podman, containerd and CRI-O
 * make them) is used as it is. Any other path ({@code /proc/PID/ns/net}) and this process's own
 * namespace (where the host end of the veth goes) get a short-lived alias: a symbolic link
 * {@code /var/run/netns/muslin-cni-<pid>-<n>} to the real file, removed on {@link #close()}.
 */
final class NamespaceName implements AutoCloseable {
    static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final Path RUN_NETNS_DIR = Path.of("/run/netns");
    private static int aliases;

    private final String name;
    private final Path alias;

    private NamespaceName(String name, Path alias) {
        this.name = name;
        this.alias = alias;
    }

    /** The namespace at {@code path}; a missing file is error 3 (the container is gone). */
    static NamespaceName of(String path) {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new CniError(CniError.UNKNOWN_CONTAINER, "the network namespace " + path + " does not exist", "");
        }
        Path parent = p.getParent();
        if (parent != null && (parent.equals(NETNS_DIR) || parent.equals(RUN_NETNS_DIR))) {
            return new NamespaceName(p.getFileName().toString(), null);
        }
        return alias(p);
    }

    /** This process's own namespace (the node's, where the plugin runs). */
    static NamespaceName ofThisProcess() {
        return alias(Path.of("/proc/" + ProcessHandle.current().pid() + "/ns/net"));
    }

    /** A namespace already known by name (a test's node namespace). */
    static NamespaceName named(String name) {
        return new NamespaceName(name, null);
    }

    static boolean exists(String path) {
        return Files.exists(Path.of(path));
    }

    private static synchronized NamespaceName alias(Path target) {
        String n = "muslin-cni-" + ProcessHandle.current().pid() + "-" + (aliases++);
        Path link = NETNS_DIR.resolve(n);
        try {
            Files.createDirectories(NETNS_DIR);
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot name the network namespace " + target + " for netlink",
                    link + ": " + e.getMessage(), e);
        }
        return new NamespaceName(n, link);
    }

    String name() {
        return name;
    }

    @Override
    public void close() {
        if (alias != null) {
            try {
                if (Files.isSymbolicLink(alias) || Files.exists(alias, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(alias);
                }
            } catch (IOException e) {
                // A stale alias is a dangling symbolic link, harmless; the next run of this pid would replace it.
            }
        }
    }
}
