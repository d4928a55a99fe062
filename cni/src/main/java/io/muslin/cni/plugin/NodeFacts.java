package io.muslin.cni.plugin;

import io.muslin.cni.spec.CniError;
import io.muslin.cni.spec.NetConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the plugin learns about its node: the pod MTU (the configuration's {@code mtu}, else the
 * agent's {@code <stateDir>/mtu}: the uplink's MTU less the encapsulation, else 1500) and the
 * node's name (the configuration's {@code nodeName}, else {@code <stateDir>/nodename}, else the
 * host name in lower case).
 */
public record NodeFacts(String nodeName, int mtu) {
    public static final int FALLBACK_MTU = 1500;

    public static NodeFacts read(NetConf conf) {
        int mtu = conf.mtu().isPresent() ? conf.mtu().getAsInt() : stateFile(conf.stateDir().resolve("mtu")).map(t -> {
            try {
                int m = Integer.parseInt(t);
                if (m < 576 || m > 65535) {
                    throw new NumberFormatException("out of range");
                }
                return m;
            } catch (NumberFormatException e) {
                throw CniError.badConfig("stateDir", conf.stateDir().resolve("mtu") + " holds '" + t + "', not an MTU (576..65535)");
            }
        }).orElse(FALLBACK_MTU);
        String node = conf.nodeName().or(() -> stateFile(conf.stateDir().resolve("nodename")))
                .orElseGet(NodeFacts::hostname).strip().toLowerCase(Locale.ROOT);
        if (node.isEmpty()) {
            throw CniError.badConfig("nodeName", "is not set, " + conf.stateDir().resolve("nodename") + " is missing and the host name is empty");
        }
        return new NodeFacts(node, mtu);
    }

    private static Optional<String> stateFile(Path p) {
        try {
            String t = Files.readString(p).strip();
            return t.isEmpty() ? Optional.empty() : Optional.of(t);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CniError(CniError.IO_FAILURE, "cannot read " + p, e.getMessage(), e);
        }
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
