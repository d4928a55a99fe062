package io.muslin.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The files the CNI plugin reads from the agent's state directory, as Calico's
 * {@code /var/lib/calico/nodename} and {@code mtu}: the node's name and the pod MTU, each one line.
 * Written atomically (a temporary file renamed over the old one), so a reader never sees half.
 */
public final class StateFiles {
    public static final String NODENAME = "nodename";
    public static final String MTU = "mtu";

    private final Path directory;
    private String lastMtu;

    public StateFiles(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public void writeNodeName(String nodeName) {
        write(NODENAME, nodeName);
    }

    /** Writes the MTU when it differs from what this object wrote last; true when it wrote. */
    public synchronized boolean writeMtu(int mtu) {
        String text = Integer.toString(mtu);
        if (text.equals(lastMtu)) {
            return false;
        }
        write(MTU, text);
        lastMtu = text;
        return true;
    }

    private void write(String name, String value) {
        try {
            Files.createDirectories(directory);
            Path tmp = Files.createTempFile(directory, "." + name, ".tmp");
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + directory.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
