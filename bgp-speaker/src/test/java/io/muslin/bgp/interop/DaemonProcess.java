package io.muslin.bgp.interop;

import io.muslin.testing.Netns;
import io.muslin.testing.Prerequisites;
import java.nio.file.Path;

/** What the daemon launchers share: the process in its namespace, restart after a crash, stop. */
abstract class DaemonProcess implements PeerDaemon {
    private final Path binary;
    private final String debianPackage;
    protected Netns ns;
    protected Path dir;
    protected Process process;

    DaemonProcess(Path binary, String debianPackage) {
        this.binary = binary;
        this.debianPackage = debianPackage;
    }

    @Override
    public String unavailableReason() {
        return Prerequisites.executableReason(debianPackage, binary.toString());
    }

    @Override
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Kills the daemon like a crash (its children too) and starts it again with the same config. */
    @Override
    public void restart() throws Exception {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        relaunch();
    }

    /** Starts the daemon again after {@link #restart()} killed it. */
    protected abstract void relaunch() throws Exception;

    @Override
    public void close() {
        Daemons.stop(process);
    }
}
