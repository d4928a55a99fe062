package io.muslin.agent.cli;

import io.muslin.agent.config.AgentConfig;
import io.muslin.cni.install.CniInstaller;
import io.muslin.cni.install.InstallSpec;
import io.muslin.cni.server.CniServer;
import io.muslin.cni.spec.NetConf;
import io.muslin.datastore.etcd.EtcdConfig;
import java.io.File;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code muslin cni install} and {@code muslin cni serve}: the CNI plugin on a node (implementation in muslin-cni). */
@Command(name = "cni", mixinStandardHelpOptions = true, description = "The CNI plugin: install it, or serve its calls.",
        subcommands = {CniCommand.Install.class, CniCommand.Serve.class})
final class CniCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = {"Write the plugin (launcher and jars) into the CNI bin directory and a conflist, chained with portmap,",
                "into the CNI configuration directory; each file atomically, other files left alone.",
                "The datastore comes from the agent's configuration (-c FILE or the MUSLIN_* variables)."})
    static final class Install implements Runnable {
        @Mixin
        ConfigOption config;
        @Option(names = "--bin-dir", paramLabel = "DIR", defaultValue = "/opt/cni/bin", description = "CNI bin directory (default ${DEFAULT-VALUE})")
        Path binDir;
        @Option(names = "--host-bin-dir", paramLabel = "DIR",
                description = "the bin directory as the node sees it, when mounted elsewhere here (an init container)")
        Path hostBinDir;
        @Option(names = "--conf-dir", paramLabel = "DIR", defaultValue = "/etc/cni/net.d", description = "CNI configuration directory (default ${DEFAULT-VALUE})")
        Path confDir;
        @Option(names = "--network", paramLabel = "NAME", defaultValue = InstallSpec.DEFAULT_NETWORK_NAME, description = "network name (default ${DEFAULT-VALUE})")
        String network;
        @Option(names = "--plugin-name", paramLabel = "NAME", defaultValue = InstallSpec.DEFAULT_PLUGIN_NAME, description = "plugin file name (default ${DEFAULT-VALUE})")
        String pluginName;
        @Option(names = "--conflist-name", paramLabel = "FILE", defaultValue = InstallSpec.DEFAULT_CONFLIST_NAME, description = "conflist file name (default ${DEFAULT-VALUE})")
        String conflistName;
        @Option(names = "--mtu", paramLabel = "N", description = "pod MTU written into the conflist (default: the agent's <stateDir>/mtu at each call)")
        Integer mtu;
        @Option(names = "--etcd-password-file", paramLabel = "FILE", defaultValue = "${env:MUSLIN_ETCD_PASSWORD_FILE}",
                description = "file holding the etcd password, when the configuration has an etcd username")
        Path passwordFile;
        @Option(names = "--socket", paramLabel = "PATH", description = "the agent's plugin server socket (default /var/run/muslin/cni.sock)")
        Path socket;
        @Option(names = "--copy-runtime", description = "copy this Java runtime beside the plugin (a node without Java 25)")
        boolean copyRuntime;
        @Option(names = "--no-aot-cache", description = "do not make the plugin's start-up cache now")
        boolean noCache;
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            AgentConfig cfg = config.load();
            List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of).toList();
            InstallSpec install = new InstallSpec(binDir, hostBinDir != null ? hostBinDir : binDir, confDir, pluginName, conflistName,
                    network, CniInstaller.pluginJars(classPath), Path.of(System.getProperty("java.home")), copyRuntime,
                    datastore(cfg.datastore()), Optional.of(cfg.nodeName()), mtu == null ? OptionalInt.empty() : OptionalInt.of(mtu),
                    Optional.empty(), socket != null ? socket : CniServer.DEFAULT_SOCKET, !noCache);
            try {
                CniInstaller.Report r = CniInstaller.install(install);
                spec.commandLine().getOut().println("installed " + r.launcher() + " (" + r.libDir() + ") and " + r.conflist()
                        + (r.cacheMade() ? ", start-up cache made" : ""));
            } catch (IllegalArgumentException e) {
                throw CliException.badInput(e.getMessage());
            } catch (UncheckedIOException e) {
                throw CliException.failed(e.getMessage());
            }
        }

        private NetConf.Datastore datastore(AgentConfig.Datastore ds) {
            return switch (ds) {
                case AgentConfig.FileStore f -> new NetConf.FileStore(f.directory());
                case AgentConfig.EtcdStore e -> {
                    EtcdConfig c = e.etcd();
                    if (c.username().isPresent() && passwordFile == null) {
                        throw CliException.badInput("--etcd-password-file: required with an etcd username (the plugin reads the password from a file)");
                    }
                    yield new NetConf.Etcd(c.endpoints().stream().map(Object::toString).toList(),
                            c.tls().map(EtcdConfig.Tls::caCertificate), c.tls().flatMap(EtcdConfig.Tls::clientCertificate),
                            c.tls().flatMap(EtcdConfig.Tls::clientKey), c.username(),
                            c.username().isPresent() ? Optional.of(passwordFile) : Optional.empty());
                }
            };
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serve the plugin's calls on a unix socket (what the agent does), so that each call costs a thin",
                "client instead of a whole plugin process. Runs until stopped."})
    static final class Serve implements Runnable {
        @Option(names = "--socket", paramLabel = "PATH", description = "socket path (default /var/run/muslin/cni.sock)")
        Path socket;

        @Override
        public void run() {
            CniServer server = CniServer.start(socket != null ? socket : CniServer.DEFAULT_SOCKET);
            CountDownLatch done = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                done.countDown();
            }));
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
