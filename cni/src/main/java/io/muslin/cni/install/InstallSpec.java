package io.muslin.cni.install;

import io.muslin.cni.spec.NetConf;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@link CniInstaller} writes, and where.
 *
 * @param binDir       the CNI bin directory as this process sees it ({@code /opt/cni/bin}): the launcher goes there as {@code pluginName},
 *                     the jars (and a copied runtime) under {@code <binDir>/<pluginName>.d/}
 * @param hostBinDir   the same directory as the node sees it (an init container mounts it elsewhere), for the
 *                     paths inside the launcher
 * @param confDir      the CNI configuration directory ({@code /etc/cni/net.d}): the conflist goes there
 * @param pluginName   the launcher's file name, the {@code type} in the conflist ({@code muslin})
 * @param conflistName the conflist's file name ({@code 10-muslin.conflist}; runtimes take the first by name)
 * @param networkName  the network's {@code name} ({@code k8s-pod-network}, as Calico names it)
 * @param jars         the plugin's jars (muslin-cni and its runtime dependencies)
 * @param javaHome     the Java 25 runtime the launcher runs
 * @param copyRuntime  copy {@code javaHome} under the plugin's directory (a host without Java 25)
 * @param datastore    the datastore section of the plugin's configuration
 * @param nodeName     written into the configuration when given (else the plugin reads {@code <stateDir>/nodename})
 * @param mtu          written into the configuration when given (else the plugin reads {@code <stateDir>/mtu})
 * @param stateDir     the agent's state directory, when not {@code /var/lib/muslin}
 * @param socket       where the launcher looks for the agent's plugin server
 * @param trainCache   make the plugin's AOT cache now (else at its first run without the server)
 */
public record InstallSpec(Path binDir, Path hostBinDir, Path confDir, String pluginName, String conflistName, String networkName,
                          List<Path> jars, Path javaHome, boolean copyRuntime, NetConf.Datastore datastore,
                          Optional<String> nodeName, OptionalInt mtu, Optional<Path> stateDir, Path socket, boolean trainCache) {
    public static final Path DEFAULT_BIN_DIR = Path.of("/opt/cni/bin");
    public static final Path DEFAULT_CONF_DIR = Path.of("/etc/cni/net.d");
    public static final String DEFAULT_PLUGIN_NAME = "muslin";
    public static final String DEFAULT_CONFLIST_NAME = "10-muslin.conflist";
    public static final String DEFAULT_NETWORK_NAME = "k8s-pod-network";

    public InstallSpec {
        jars = List.copyOf(jars);
    }

    /** The plugin's own directory beside the launcher. */
    public Path pluginDir() {
        return binDir.resolve(pluginName + ".d");
    }

    /** The plugin's own directory as the node sees it. */
    public Path hostPluginDir() {
        return hostBinDir.resolve(pluginName + ".d");
    }
}
